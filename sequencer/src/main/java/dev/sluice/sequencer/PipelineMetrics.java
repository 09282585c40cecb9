package dev.sluice.sequencer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The counters the pipeline's stages update, and the gauges that read the stages' queues once they
 * are wired ({@link #bind}).
 */
final class PipelineMetrics implements SequencerMetrics {
  private final LongAdder submitted = new LongAdder();
  private final LongAdder sequenced = new LongAdder();
  private final Map<SubmissionRejectedException.Reason, LongAdder> rejected =
      new EnumMap<>(SubmissionRejectedException.Reason.class);
  private final LatencyHistogram ackLatency = new LatencyHistogram();
  private final LatencyHistogram logCommitTime = new LatencyHistogram();
  private final LongAdder logCommits = new LongAdder();
  private final LatencyHistogram checkpointTime = new LatencyHistogram();
  private final LatencyHistogram checkpointPause = new LatencyHistogram();
  private final LongAdder droppedSubscribers = new LongAdder();
  private volatile Gauges gauges = Gauges.NONE;

  /** Reads of the stages' current sizes. */
  record Gauges(
      IntSupplier ingressQueueDepth,
      IntSupplier orderingQueueDepth,
      IntSupplier heldRecords,
      IntSupplier logQueueDepth,
      IntSupplier applyQueueDepth,
      LongSupplier stateRootLag,
      IntSupplier feedSubscribers) {
    static final Gauges NONE =
        new Gauges(() -> 0, () -> 0, () -> 0, () -> 0, () -> 0, () -> 0, () -> 0);
  }

  PipelineMetrics() {
    for (SubmissionRejectedException.Reason reason : SubmissionRejectedException.Reason.values()) {
      rejected.put(reason, new LongAdder());
    }
  }

  void bind(Gauges gauges) {
    this.gauges = gauges;
  }

  void submitted() {
    submitted.increment();
  }

  void sequenced(int records) {
    sequenced.add(records);
  }

  void rejected(SubmissionRejectedException.Reason reason) {
    rejected.get(reason).increment();
  }

  void acknowledged(long latencyNanos) {
    ackLatency.record(latencyNanos);
  }

  void logCommitted(long nanos) {
    logCommits.increment();
    logCommitTime.record(nanos);
  }

  void checkpointed(long nanos) {
    checkpointTime.record(nanos);
  }

  void checkpointPaused(long nanos) {
    checkpointPause.record(nanos);
  }

  void subscriberDropped() {
    droppedSubscribers.increment();
  }

  @Override
  public long submittedRecords() {
    return submitted.sum();
  }

  @Override
  public long sequencedRecords() {
    return sequenced.sum();
  }

  @Override
  public long rejectedRecords(SubmissionRejectedException.Reason reason) {
    return rejected.get(reason).sum();
  }

  @Override
  public int ingressQueueDepth() {
    return gauges.ingressQueueDepth().getAsInt();
  }

  @Override
  public int orderingQueueDepth() {
    return gauges.orderingQueueDepth().getAsInt();
  }

  @Override
  public int heldRecords() {
    return gauges.heldRecords().getAsInt();
  }

  @Override
  public int logQueueDepth() {
    return gauges.logQueueDepth().getAsInt();
  }

  @Override
  public int applyQueueDepth() {
    return gauges.applyQueueDepth().getAsInt();
  }

  @Override
  public long stateRootLag() {
    return gauges.stateRootLag().getAsLong();
  }

  @Override
  public LatencyHistogram.Snapshot ackLatency() {
    return ackLatency.snapshot();
  }

  @Override
  public LatencyHistogram.Snapshot logCommitTime() {
    return logCommitTime.snapshot();
  }

  @Override
  public long logCommits() {
    return logCommits.sum();
  }

  @Override
  public LatencyHistogram.Snapshot checkpointTime() {
    return checkpointTime.snapshot();
  }

  @Override
  public LatencyHistogram.Snapshot checkpointPause() {
    return checkpointPause.snapshot();
  }

  @Override
  public int feedSubscribers() {
    return gauges.feedSubscribers().getAsInt();
  }

  @Override
  public long droppedSubscribers() {
    return droppedSubscribers.sum();
  }
}
