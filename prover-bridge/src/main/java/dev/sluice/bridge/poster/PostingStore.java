package dev.sluice.bridge.poster;

import dev.sluice.bridge.l1.SignedTransaction;
import dev.sluice.bridge.l1.TransactionFees;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.store.KeyValueStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The poster's durable state in the node's {@link KeyValueStore}, under one-byte prefixes of the
 * range {@code 0x30–0x3F} that the sequencer leaves alone (it uses {@code 0x01–0x2F}):
 *
 * <table>
 *   <tr><th>key</th><th>value</th></tr>
 *   <tr><td>{@code 0x30 ‖ index u64}</td><td>a {@link BatchPosting}</td></tr>
 *   <tr><td>{@code 0x31}</td><td>the {@link InFlightTransaction}, while there is one</td></tr>
 *   <tr><td>{@code 0x3F 0x01}</td><td>layout version, one byte: 1</td></tr>
 * </table>
 *
 * <p>Every write is synced: a batch and its signed transaction are on disk before the transaction
 * is broadcast, so that a poster restarted at any point finds what it may have sent.
 */
final class PostingStore {
  static final byte POSTING = 0x30;
  static final byte IN_FLIGHT = 0x31;
  static final byte META = 0x3F;
  private static final byte[] IN_FLIGHT_KEY = {IN_FLIGHT};
  private static final byte[] LAYOUT_KEY = {META, 0x01};
  private static final byte LAYOUT_VERSION = 1;

  private final KeyValueStore store;

  PostingStore(KeyValueStore store) {
    this.store = store;
    Optional<byte[]> layout = store.get(LAYOUT_KEY);
    if (layout.isEmpty()) {
      try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
        batch.put(LAYOUT_KEY, new byte[] {LAYOUT_VERSION}).commit(true);
      }
    } else if (layout.get().length != 1 || layout.get()[0] != LAYOUT_VERSION) {
      throw new IllegalStateException(
          "the store holds posting state of layout "
              + (layout.get().length == 1 ? layout.get()[0] : "?")
              + ", this poster reads layout "
              + LAYOUT_VERSION);
    }
  }

  /** Every stored posting, by ascending index. */
  List<BatchPosting> postings() {
    List<BatchPosting> out = new ArrayList<>();
    try (KeyValueStore.Cursor cursor = store.scan(new byte[] {POSTING})) {
      while (cursor.hasNext()) {
        out.add(decodePosting(cursor.next().value()));
      }
    }
    return out;
  }

  Optional<InFlightTransaction> inFlight() {
    return store.get(IN_FLIGHT_KEY).map(PostingStore::decodeInFlight);
  }

  /** Stores {@code postings} and sets (or, when null, clears) the in-flight transaction. */
  void write(List<BatchPosting> postings, InFlightTransaction inFlight) {
    try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
      for (BatchPosting posting : postings) {
        batch.put(postingKey(posting.index()), encode(posting));
      }
      if (inFlight == null) {
        batch.delete(IN_FLIGHT_KEY);
      } else {
        batch.put(IN_FLIGHT_KEY, encode(inFlight));
      }
      batch.commit(true);
    }
  }

  /** Stores {@code postings}; the in-flight transaction stays as it is. */
  void writePostings(List<BatchPosting> postings) {
    if (postings.isEmpty()) {
      return;
    }
    try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
      for (BatchPosting posting : postings) {
        batch.put(postingKey(posting.index()), encode(posting));
      }
      batch.commit(true);
    }
  }

  /** Deletes the postings from {@code firstIndex} on (batches a fraud proof reverted). */
  void deleteFrom(long firstIndex, List<BatchPosting> postings, InFlightTransaction inFlight) {
    try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
      for (BatchPosting posting : postings) {
        if (posting.index() >= firstIndex) {
          batch.delete(postingKey(posting.index()));
        }
      }
      if (inFlight == null) {
        batch.delete(IN_FLIGHT_KEY);
      } else {
        batch.put(IN_FLIGHT_KEY, encode(inFlight));
      }
      batch.commit(true);
    }
  }

  static byte[] postingKey(long index) {
    return ByteBuffer.allocate(9).put(POSTING).putLong(index).array();
  }

  // ---------------------------------------------------------------------------------------------
  // Encodings: version byte, then the fields in order; integers big-endian.
  // ---------------------------------------------------------------------------------------------

  private static final int ENCODING_VERSION = 1;

  static byte[] encode(BatchPosting posting) {
    return write(
        out -> {
          out.writeByte(ENCODING_VERSION);
          writeHeader(out, posting.header());
          out.writeByte(posting.mode().ordinal());
          out.writeByte(posting.codec().id());
          out.writeInt(posting.dataLength());
          writeBytes(out, posting.data());
          out.writeByte(posting.state().ordinal());
          writeOptionalHash(out, posting.transactionHash());
          out.writeLong(posting.l1Block().orElse(-1));
        });
  }

  static BatchPosting decodePosting(byte[] bytes) {
    return read(
        bytes,
        in -> {
          requireVersion(in);
          BatchHeader header = readHeader(in);
          DataAvailability mode = DataAvailability.values()[in.readUnsignedByte()];
          BatchCodec codec = BatchCodec.fromId(in.readUnsignedByte());
          int dataLength = in.readInt();
          byte[] data = readBytes(in);
          BatchPosting.State state = BatchPosting.State.values()[in.readUnsignedByte()];
          Optional<Bytes32> hash = readOptionalHash(in);
          long block = in.readLong();
          return new BatchPosting(
              header,
              mode,
              codec,
              dataLength,
              data,
              state,
              hash,
              block < 0 ? OptionalLong.empty() : OptionalLong.of(block));
        });
  }

  static byte[] encode(InFlightTransaction inFlight) {
    return write(
        out -> {
          out.writeByte(ENCODING_VERSION);
          out.writeByte(inFlight.purpose().ordinal());
          out.writeLong(inFlight.target());
          SignedTransaction tx = inFlight.latest();
          out.write(tx.hash().toArray());
          writeBytes(out, tx.raw());
          out.writeLong(tx.nonce());
          writeBig(out, tx.fees().maxFeePerGas());
          writeBig(out, tx.fees().maxPriorityFeePerGas());
          writeBig(out, tx.fees().maxFeePerBlobGas());
          out.writeLong(tx.gasLimit());
          writeHashes(out, tx.blobVersionedHashes());
          writeHashes(out, inFlight.sentHashes());
          out.writeLong(inFlight.sentAtBlock());
          out.writeLong(inFlight.sentAtMillis());
        });
  }

  static InFlightTransaction decodeInFlight(byte[] bytes) {
    return read(
        bytes,
        in -> {
          requireVersion(in);
          InFlightTransaction.Purpose purpose =
              InFlightTransaction.Purpose.values()[in.readUnsignedByte()];
          long target = in.readLong();
          Bytes32 hash = readHash(in);
          byte[] raw = readBytes(in);
          long nonce = in.readLong();
          TransactionFees fees = new TransactionFees(readBig(in), readBig(in), readBig(in));
          long gasLimit = in.readLong();
          List<Bytes32> versioned = readHashes(in);
          List<Bytes32> sent = readHashes(in);
          long block = in.readLong();
          long millis = in.readLong();
          return new InFlightTransaction(
              purpose,
              target,
              new SignedTransaction(hash, raw, nonce, fees, gasLimit, versioned),
              sent,
              block,
              millis);
        });
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(byte[] bytes, Reader<T> reader) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      T value = reader.read(in);
      if (in.available() != 0) {
        throw new IllegalStateException("stored posting state has trailing bytes");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("stored posting state is corrupt: " + e.getMessage(), e);
    }
  }

  private static void requireVersion(DataInputStream in) throws IOException {
    int version = in.readUnsignedByte();
    if (version != ENCODING_VERSION) {
      throw new IOException("unknown encoding version " + version);
    }
  }

  private static void writeHeader(DataOutputStream out, BatchHeader header) throws IOException {
    out.writeLong(header.index());
    out.write(header.prevHeaderHash().toArray());
    out.writeLong(header.firstSequence());
    out.writeInt(header.recordCount());
    out.write(header.dataHash().toArray());
    out.write(header.recordsRoot().toArray());
    out.write(header.rootsRoot().toArray());
    out.write(header.preStateRoot().toArray());
    out.write(header.postStateRoot().toArray());
  }

  private static BatchHeader readHeader(DataInputStream in) throws IOException {
    long index = in.readLong();
    Bytes32 prev = readHash(in);
    long first = in.readLong();
    int count = in.readInt();
    return new BatchHeader(
        index,
        prev,
        first,
        count,
        readHash(in),
        readHash(in),
        readHash(in),
        readHash(in),
        readHash(in));
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("a length of " + length + " exceeds the value");
    }
    return in.readNBytes(length);
  }

  private static void writeBig(DataOutputStream out, BigInteger value) throws IOException {
    writeBytes(out, value.toByteArray());
  }

  private static BigInteger readBig(DataInputStream in) throws IOException {
    return new BigInteger(readBytes(in));
  }

  private static Bytes32 readHash(DataInputStream in) throws IOException {
    return Bytes32.wrap(in.readNBytes(Bytes32.SIZE));
  }

  private static void writeOptionalHash(DataOutputStream out, Optional<Bytes32> hash)
      throws IOException {
    out.writeBoolean(hash.isPresent());
    if (hash.isPresent()) {
      out.write(hash.get().toArray());
    }
  }

  private static Optional<Bytes32> readOptionalHash(DataInputStream in) throws IOException {
    return in.readBoolean() ? Optional.of(readHash(in)) : Optional.empty();
  }

  private static void writeHashes(DataOutputStream out, List<Bytes32> hashes) throws IOException {
    out.writeInt(hashes.size());
    for (Bytes32 hash : hashes) {
      out.write(hash.toArray());
    }
  }

  private static List<Bytes32> readHashes(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || (long) count * Bytes32.SIZE > in.available()) {
      throw new IOException("a count of " + count + " hashes exceeds the value");
    }
    List<Bytes32> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(readHash(in));
    }
    return out;
  }
}
