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
   * Records sequenced but not yet in a batch appended on L1 (in a block of the node's chain).
   * The node refuses new records while this exceeds {@link #maxBacklog()}.
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
   * The poster's link to L1.
   *
   * @param connected whether the last round reached the L1 node
   * @param status a sentence for operators: what the poster is doing or why it is not posting
   */
  record L1Status(boolean connected, String status) {}
}
