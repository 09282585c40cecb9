package dev.sluice.bridge.poster;

import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchContents;
import java.util.Optional;

/**
 * Where the poster takes batches from: the node wires the sequencer's batch builder in here, so
 * that prover-bridge does not depend on the sequencer.
 */
public interface BatchSource {

  /**
   * The next batch to post: records from {@code firstSequence} on, applied on top of {@code
   * preStateRoot}, or empty while the source has nothing ready (too few records, or its cut policy
   * waits for more). The poster asks again on its next round.
   *
   * <p>The poster asks with what the L1 contract expects next. That is normally where the previous
   * batch ended; after a fraud proof reverted batches it is an earlier point, and the source must
   * cut fresh contents from there (its state rewound to {@code preStateRoot}).
   *
   * @throws IllegalStateException if the source cannot produce a batch at that point (it never
   *     sequenced those records, or its state has no such root); the poster reports it and asks
   *     again later
   */
  Optional<BatchContents> next(long firstSequence, Bytes32 preStateRoot);

  /**
   * The sequence number the sequencer assigns next: every record below it is sequenced. The poster
   * subtracts what it has posted to report its backlog.
   */
  long nextSequence();
}
