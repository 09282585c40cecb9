package dev.sluice.sequencer;

/**
 * What the sequencer counts and measures, for the RPC layer to export. Counters only grow (an
 * exporter derives rates from them); gauges are read when asked. Every method is cheap and safe
 * from any thread.
 */
public interface SequencerMetrics {

  /** Calls to {@link Sequencer#submit}; the ingress rate is its rate of change. */
  long submittedRecords();

  /** Records given a sequence number. */
  long sequencedRecords();

  /** Submissions refused for {@code reason}. */
  long rejectedRecords(SubmissionRejectedException.Reason reason);

  /** Records waiting for a signature recovery thread. */
  int ingressQueueDepth();

  /** Recovered records waiting for the ordering loop. */
  int orderingQueueDepth();

  /** Records held until their sender's earlier nonces arrive. */
  int heldRecords();

  /** Ordered records waiting to be written to the log. */
  int logQueueDepth();

  /** Logged records waiting to be applied to the state. */
  int applyQueueDepth();

  /** Sequenced minus applied records: how far the state root trails the order. */
  long stateRootLag();

  /** From {@link Sequencer#submit} to the acknowledgement, for acknowledged records. */
  LatencyHistogram.Snapshot ackLatency();

  /** The duration of each log commit, fsync included under {@link Durability#SYNC}. */
  LatencyHistogram.Snapshot logCommitTime();

  /** Log commits (groups) so far; records per commit is {@link #sequencedRecords} over this. */
  long logCommits();

  /** The duration of each checkpoint write, on the checkpoint writer's thread. */
  LatencyHistogram.Snapshot checkpointTime();

  /**
   * How long each checkpoint stopped the state thread from applying records: freezing the state,
   * plus waiting for the previous checkpoint's write if it was still in flight.
   */
  default LatencyHistogram.Snapshot checkpointPause() {
    return new LatencyHistogram().snapshot();
  }

  /** Live feed subscriptions. */
  int feedSubscribers();

  /** Feed subscriptions dropped because they fell behind or their listener failed. */
  long droppedSubscribers();
}
