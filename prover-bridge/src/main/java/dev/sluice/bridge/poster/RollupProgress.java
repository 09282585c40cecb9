package dev.sluice.bridge.poster;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The read side of posting, for the RPC and the node: how far records and batches have come on L1.
 * Implementations answer from memory and never block on L1.
 */
public interface RollupProgress {

  /** The batch that carries the record with sequence number {@code sequence}, if posted. */
  Optional<BatchProgress> batchOf(long sequence);

  /** Batch {@code index}, if this poster posted it. */
  Optional<BatchProgress> batch(long index);

  /** The highest batch index that is {@link BatchStage#INCLUDED} or final, if any. */
  OptionalLong lastPostedBatch();

  /** The highest final batch index, if any. */
  OptionalLong lastFinalizedBatch();

  /** The poster's link to L1. */
  L1Status l1Status();

  /**
   * Records sequenced but not yet in a batch appended on L1 (in a block of the node's chain). The
   * node refuses new records while this exceeds {@link #maxBacklog()}.
   */
  long backlog();

  /** The bound on {@link #backlog()} past which the node should refuse new records. */
  long maxBacklog();

  /**
   * Calls {@code listener} on the poster's thread for every stage change of a batch, in order. The
   * listener must be quick and must not throw. Closing the returned handle stops the calls.
   */
  AutoCloseable onBatchProgress(Consumer<BatchProgress> listener);

  /**
   * The progress of a node that posts nothing (no L1 configured): no batches, not connected, no
   * backlog.
   */
  static RollupProgress none(String why) {
    L1Status status = new L1Status(false, why);
    return new RollupProgress() {
      @Override
      public Optional<BatchProgress> batchOf(long sequence) {
        return Optional.empty();
      }

      @Override
      public Optional<BatchProgress> batch(long index) {
        return Optional.empty();
      }

      @Override
      public OptionalLong lastPostedBatch() {
        return OptionalLong.empty();
      }

      @Override
      public OptionalLong lastFinalizedBatch() {
        return OptionalLong.empty();
      }

      @Override
      public L1Status l1Status() {
        return status;
      }

      @Override
      public long backlog() {
        return 0;
      }

      @Override
      public long maxBacklog() {
        return Long.MAX_VALUE;
      }

      @Override
      public boolean posts() {
        return false;
      }

      @Override
      public AutoCloseable onBatchProgress(Consumer<BatchProgress> listener) {
        return () -> {};
      }
    };
  }

  /** Whether a poster stands behind this progress; false for {@link #none}. */
  default boolean posts() {
    return true;
  }

  /**
   * The poster's link to L1.
   *
   * @param connected whether the last round reached the L1 node
   * @param status a sentence for operators: what the poster is doing or why it is not posting
   */
  record L1Status(boolean connected, String status) {}
}
