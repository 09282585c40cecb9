package dev.sluice.sequencer;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.store.KeyValueStore;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The sequencer's typed columns in a {@link KeyValueStore}. Each column is a one-byte key prefix:
 *
 * <table>
 *   <caption>Key prefixes</caption>
 *   <tr><th>prefix</th><th>key</th><th>value</th></tr>
 *   <tr><td>0x01, 0x02</td><td colspan="2">tree nodes and value preimages, owned by
 *       {@link TreeNodeStore}</td></tr>
 *   <tr><td>0x10</td><td>sequence u64</td><td>the log entry ({@link LogEntry}): written by the
 *       log before the record is acknowledged, kept as the record store</td></tr>
 *   <tr><td>0x11</td><td>record hash</td><td>sequence u64, written with the log entry</td></tr>
 *   <tr><td>0x12</td><td>sequence u64</td><td>the 101-byte receipt, written at checkpoints</td></tr>
 *   <tr><td>0x13</td><td>sequence u64</td><td>the state root of a checkpoint at that sequence,
 *       whose tree nodes are all stored</td></tr>
 *   <tr><td>0x14</td><td>keccak(stream) ‖ writer (20)</td><td>0x01: a granted writer as of the
 *       last checkpoint ({@link WriterIndex})</td></tr>
 *   <tr><td>0x20 0x01</td><td></td><td>layout version u8</td></tr>
 *   <tr><td>0x20 0x02</td><td></td><td>chain id u64 ‖ rollup contract (20): the EIP-712 domain
 *       the log was written under</td></tr>
 *   <tr><td>0x20 0x03</td><td></td><td>the last checkpoint: sequence u64 ‖ state root</td></tr>
 *   <tr><td>0x20 0x04</td><td></td><td>present when the 0x14 index has covered every record since
 *       the first: absent in stores written before the index existed</td></tr>
 * </table>
 *
 * <p>Sequences are big-endian so keys sort in sequence order. A checkpoint's write batch holds its
 * tree nodes, receipts, 0x13 entry and 0x20 0x03 head together, so after any crash the head names a
 * state whose nodes and receipts are all present.
 */
final class SequencerStore {
  static final byte LOG = 0x10;
  static final byte RECORD_INDEX = 0x11;
  static final byte RECEIPT = 0x12;
  static final byte CHECKPOINT = 0x13;
  static final byte META = 0x20;

  private static final byte[] LAYOUT_KEY = {META, 0x01};
  private static final byte[] DOMAIN_KEY = {META, 0x02};
  private static final byte[] HEAD_KEY = {META, 0x03};
  private static final byte[] WRITER_INDEX_KEY = {META, 0x04};
  private static final byte LAYOUT_VERSION = 1;

  /** A state whose tree nodes and receipts are stored: {@code sequence} −1 is the empty state. */
  record Checkpoint(long sequence, Bytes32 root) {
    static final Checkpoint GENESIS = new Checkpoint(-1, Bytes32.ZERO);
  }

  private final KeyValueStore store;
  private final Eip712Domain domain;

  private SequencerStore(KeyValueStore store, Eip712Domain domain) {
    this.store = store;
    this.domain = domain;
  }

  /**
   * Opens the sequencer's columns in {@code store}, marking an empty store with this layout and
   * {@code domain}.
   *
   * @throws IllegalStateException if the store was written by another layout version or under
   *     another domain: its records were signed for another chain or contract
   */
  static SequencerStore open(KeyValueStore store, Eip712Domain domain) {
    Optional<byte[]> layout = store.get(LAYOUT_KEY);
    if (layout.isPresent() && (layout.get().length != 1 || layout.get()[0] != LAYOUT_VERSION)) {
      throw new IllegalStateException(
          "the store holds sequencer data of layout "
              + Arrays.toString(layout.get())
              + "; this version reads layout "
              + LAYOUT_VERSION);
    }
    byte[] domainValue = encodeDomain(domain);
    Optional<byte[]> stored = store.get(DOMAIN_KEY);
    if (stored.isPresent() && !Arrays.equals(stored.get(), domainValue)) {
      throw new IllegalStateException(
          "the store holds the log of chain "
              + LogEntry.readLong(stored.get(), 0)
              + " and contract "
              + Address.wrap(Arrays.copyOfRange(stored.get(), 8, 8 + Address.SIZE))
              + ", not of "
              + domain);
    }
    // The writer index is complete if it was kept from the first record on: a store without a
    // log yet starts it now.
    boolean startIndex =
        store.get(WRITER_INDEX_KEY).isEmpty() && store.get(sequenceKey(LOG, 0)).isEmpty();
    if (layout.isEmpty() || stored.isEmpty() || startIndex) {
      try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
        batch.put(LAYOUT_KEY, new byte[] {LAYOUT_VERSION});
        batch.put(DOMAIN_KEY, domainValue);
        if (startIndex) {
          batch.put(WRITER_INDEX_KEY, new byte[] {1});
        }
        batch.commit(true);
      }
    }
    return new SequencerStore(store, domain);
  }

  KeyValueStore keyValueStore() {
    return store;
  }

  Eip712Domain domain() {
    return domain;
  }

  /** Whether the writer index covers every record: false for stores that predate it. */
  boolean hasCompleteWriterIndex() {
    return store.get(WRITER_INDEX_KEY).isPresent();
  }

  /** Adds the entry and its record-hash index to {@code batch}. */
  void putLogEntry(KeyValueStore.WriteBatch batch, LogEntry entry) {
    batch.put(sequenceKey(LOG, entry.sequence()), entry.encodeValue());
    batch.put(hashKey(entry.recordHash()), sequenceValue(entry.sequence()));
  }

  Optional<LogEntry> logEntry(long sequence) {
    if (sequence < 0) {
      return Optional.empty();
    }
    return store
        .get(sequenceKey(LOG, sequence))
        .map(value -> LogEntry.decode(sequence, value, domain));
  }

  /** The sequence of the logged record with hash {@code recordHash}. */
  OptionalLong sequenceOf(Bytes32 recordHash) {
    Optional<byte[]> value = store.get(hashKey(recordHash));
    return value.isPresent()
        ? OptionalLong.of(LogEntry.readLong(value.get(), 0))
        : OptionalLong.empty();
  }

  void putReceipt(KeyValueStore.WriteBatch batch, Receipt receipt) {
    batch.put(sequenceKey(RECEIPT, receipt.sequence()), receipt.encode());
  }

  Optional<Receipt> receipt(long sequence) {
    if (sequence < 0) {
      return Optional.empty();
    }
    return store.get(sequenceKey(RECEIPT, sequence)).map(Receipt::decode);
  }

  /** Adds the checkpoint's root entry and makes it the head; the caller adds nodes and receipts. */
  void putCheckpoint(KeyValueStore.WriteBatch batch, Checkpoint checkpoint) {
    byte[] root = checkpoint.root().toArray();
    batch.put(sequenceKey(CHECKPOINT, checkpoint.sequence()), root);
    byte[] head = new byte[8 + Bytes32.SIZE];
    LogEntry.writeLong(head, 0, checkpoint.sequence());
    checkpoint.root().copyTo(head, 8);
    batch.put(HEAD_KEY, head);
  }

  /** The root of the checkpoint taken at {@code sequence}, if there was one. */
  Optional<Bytes32> checkpointRoot(long sequence) {
    if (sequence < 0) {
      return Optional.empty();
    }
    return store.get(sequenceKey(CHECKPOINT, sequence)).map(Bytes32::wrap);
  }

  /** The last checkpoint, or {@link Checkpoint#GENESIS} when none was taken. */
  Checkpoint lastCheckpoint() {
    return store
        .get(HEAD_KEY)
        .map(value -> new Checkpoint(LogEntry.readLong(value, 0), Bytes32.wrap(value, 8)))
        .orElse(Checkpoint.GENESIS);
  }

  private static byte[] encodeDomain(Eip712Domain domain) {
    byte[] value = new byte[8 + Address.SIZE];
    LogEntry.writeLong(value, 0, domain.chainId());
    domain.verifyingContract().copyTo(value, 8);
    return value;
  }

  private static byte[] sequenceKey(byte prefix, long sequence) {
    byte[] key = new byte[9];
    key[0] = prefix;
    LogEntry.writeLong(key, 1, sequence);
    return key;
  }

  private static byte[] hashKey(Bytes32 recordHash) {
    byte[] key = new byte[1 + Bytes32.SIZE];
    key[0] = RECORD_INDEX;
    recordHash.copyTo(key, 1);
    return key;
  }

  private static byte[] sequenceValue(long sequence) {
    byte[] value = new byte[8];
    LogEntry.writeLong(value, 0, sequence);
    return value;
  }
}
