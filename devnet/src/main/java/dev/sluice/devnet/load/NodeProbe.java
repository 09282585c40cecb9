package dev.sluice.devnet.load;

import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.rpc.results.NodeStatusResult;
import dev.sluice.sequencer.LatencyHistogram;
import dev.sluice.sequencer.PipelinedSequencer;
import dev.sluice.sequencer.SequencerMetrics;
import dev.sluice.sequencer.SequencerStatus;
import dev.sluice.sequencer.SubmissionRejectedException;
import java.util.Optional;

/**
 * What the load generator reads from the node besides acknowledgements: how far it has sequenced
 * and applied (any node, over JSON-RPC), and the sequencer's own counters when the node runs in
 * this process.
 */
interface NodeProbe {

  Progress progress();

  /** The sequencer's counters and histograms, for a node in this process. */
  Optional<SequencerSample> sample();

  /**
   * @param nextSequence the sequence the next record will get: records sequenced so far
   * @param appliedSequence the last record applied to the state, -1 before the first
   */
  record Progress(long nextSequence, long appliedSequence) {
    long applied() {
      return appliedSequence + 1;
    }
  }

  static NodeProbe inProcess(PipelinedSequencer sequencer) {
    return new NodeProbe() {
      @Override
      public Progress progress() {
        SequencerStatus status = sequencer.status();
        return new Progress(status.nextSequence(), status.appliedSequence());
      }

      @Override
      public Optional<SequencerSample> sample() {
        return Optional.of(SequencerSample.of(sequencer.metrics()));
      }
    };
  }

  static NodeProbe remote(SluiceClient client) {
    return new NodeProbe() {
      @Override
      public Progress progress() {
        NodeStatusResult status = client.status();
        long head = status.headSequence() == null ? -1 : Quantity.parse(status.headSequence());
        return new Progress(Quantity.parse(status.nextSequence()), head);
      }

      @Override
      public Optional<SequencerSample> sample() {
        return Optional.empty();
      }
    };
  }

  /** The sequencer's cumulative counters at one moment; two make a window. */
  record SequencerSample(
      long sequenced,
      long logCommits,
      long busy,
      long nonceTooHigh,
      LatencyHistogram.Snapshot ackLatency,
      LatencyHistogram.Snapshot logCommitTime,
      LatencyHistogram.Snapshot checkpointTime,
      LatencyHistogram.Snapshot checkpointPause,
      long stateRootLag) {

    static SequencerSample of(SequencerMetrics metrics) {
      return new SequencerSample(
          metrics.sequencedRecords(),
          metrics.logCommits(),
          metrics.rejectedRecords(SubmissionRejectedException.Reason.BUSY),
          metrics.rejectedRecords(SubmissionRejectedException.Reason.NONCE_TOO_HIGH),
          metrics.ackLatency(),
          metrics.logCommitTime(),
          metrics.checkpointTime(),
          metrics.checkpointPause(),
          metrics.stateRootLag());
    }

    /** The histogram of what was recorded between {@code earlier} and {@code later}. */
    static LatencyHistogram.Snapshot between(
        LatencyHistogram.Snapshot earlier, LatencyHistogram.Snapshot later) {
      long[] before = earlier.buckets();
      long[] after = later.buckets();
      long[] delta = new long[after.length];
      for (int i = 0; i < after.length; i++) {
        delta[i] = after[i] - before[i];
      }
      // The maximum is only known since the start; it bounds the window's from above.
      return new LatencyHistogram.Snapshot(
          later.count() - earlier.count(),
          later.sumNanos() - earlier.sumNanos(),
          later.maxNanos(),
          delta);
    }
  }
}
