package dev.sluice.sequencer;

import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.stf.StateTransition;
import dev.sluice.state.stf.Status;
import dev.sluice.state.stf.TreeStateAccess;
import dev.sluice.state.store.KeyValueStore;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * {@link HistoricalState} by replay: opens the tree at the nearest checkpoint at or before the
 * wanted sequence (whose nodes are all stored) and applies the logged records after it with the
 * same transition function as the state thread, over an {@link OverlayKeyValueStore} so the live
 * store is never written. Each replayed root and status is checked against the record's receipt.
 *
 * <p>Checkpoints come every few thousand records, so a replay is short; the nearest checkpoint is
 * found with prefix scans over the checkpoint column that widen from a window of 256 sequences
 * around the wanted one, so the lookup reads few entries however long the log grows.
 */
final class CheckpointReplay implements HistoricalState {
  private static final System.Logger LOG = System.getLogger(CheckpointReplay.class.getName());

  /** Tree nodes cached per rebuilt state (97 bytes each): a replay rereads the same top levels. */
  private static final int CACHED_NODES = 1 << 12;

  /** Replays at least this long are logged at INFO. */
  private static final long LOGGED_REPLAY_RECORDS = 10_000;

  private final SequencerStore store;
  private final ReceiptLedger receipts;
  private final LongSupplier appliedSequence;

  /**
   * @param appliedSequence the sequence of the published head: every record up to it has a receipt
   */
  CheckpointReplay(SequencerStore store, ReceiptLedger receipts, LongSupplier appliedSequence) {
    this.store = Objects.requireNonNull(store, "store");
    this.receipts = Objects.requireNonNull(receipts, "receipts");
    this.appliedSequence = Objects.requireNonNull(appliedSequence, "appliedSequence");
  }

  @Override
  public SparseMerkleTree stateAfter(long sequence) {
    if (sequence < -1) {
      throw new IllegalArgumentException(
          "sequence must be −1 (before the first record) or more, got " + sequence);
    }
    long applied = appliedSequence.getAsLong();
    if (sequence > applied) {
      throw new IllegalArgumentException(
          "record " + sequence + " is not applied yet; the applied head is " + applied);
    }
    long start = System.nanoTime();
    SequencerStore.Checkpoint from = nearestCheckpoint(sequence);
    if (from.sequence() >= 0) {
      requireReceiptRoot(from.sequence(), from.root(), null, from);
    }
    SparseMerkleTree tree =
        new SparseMerkleTree(
            new TreeNodeStore(new OverlayKeyValueStore(store.keyValueStore()), CACHED_NODES),
            from.root());
    TreeStateAccess access = new TreeStateAccess(tree);
    for (long next = from.sequence() + 1; next <= sequence; next++) {
      long replayed = next;
      LogEntry entry =
          store
              .logEntry(replayed)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "log entry " + replayed + " is missing; cannot rebuild the state"));
      Status status = StateTransition.apply(access, entry.recovered());
      requireReceiptRoot(replayed, tree.root(), status, from);
    }
    long records = sequence - from.sequence();
    long millis = (System.nanoTime() - start) / 1_000_000;
    LOG.log(
        records >= LOGGED_REPLAY_RECORDS ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
        "rebuilt the state after record {0} from the checkpoint at {1}: {2} records in {3} ms",
        sequence,
        from.sequence(),
        records,
        millis);
    return tree;
  }

  /** Fails loudly unless the receipt of {@code sequence} has {@code root} (and {@code status}). */
  private void requireReceiptRoot(
      long sequence, Bytes32 root, Status status, SequencerStore.Checkpoint from) {
    Receipt receipt =
        receipts
            .receipt(sequence)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the receipt of applied record " + sequence + " is missing"));
    if (!receipt.postStateRoot().equals(root) || (status != null && receipt.status() != status)) {
      throw new IllegalStateException(
          "replaying record "
              + sequence
              + " from the checkpoint at "
              + from.sequence()
              + " gives "
              + (status != null ? status + " " : "")
              + root
              + ", but its receipt says "
              + receipt.status()
              + " "
              + receipt.postStateRoot()
              + ": the store is damaged or the state code changed");
    }
  }

  /** The last checkpoint at or before {@code sequence}, or the empty state before the first. */
  SequencerStore.Checkpoint nearestCheckpoint(long sequence) {
    if (sequence < 0) {
      return SequencerStore.Checkpoint.GENESIS;
    }
    SequencerStore.Checkpoint last = store.lastCheckpoint();
    if (last.sequence() <= sequence) {
      return last;
    }
    // Keys are 0x13 ‖ sequence u64 big-endian: a prefix fixing the sequence's first bytes selects
    // an aligned window around it. Widen until a window holds a checkpoint at or before it.
    byte[] key = new byte[9];
    key[0] = SequencerStore.CHECKPOINT;
    LogEntry.writeLong(key, 1, sequence);
    for (int fixedBytes = 7; fixedBytes >= 0; fixedBytes--) {
      byte[] prefix = Arrays.copyOf(key, 1 + fixedBytes);
      SequencerStore.Checkpoint best = null;
      try (KeyValueStore.Cursor cursor = store.keyValueStore().scan(prefix)) {
        while (cursor.hasNext()) {
          KeyValueStore.Entry entry = cursor.next();
          if (entry.key().length != 9) {
            continue;
          }
          long at = LogEntry.readLong(entry.key(), 1);
          if (at > sequence) {
            break;
          }
          best = new SequencerStore.Checkpoint(at, Bytes32.wrap(entry.value()));
        }
      }
      if (best != null) {
        return best;
      }
    }
    return SequencerStore.Checkpoint.GENESIS;
  }
}
