package dev.sluice.devnet.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a run measured. A record belongs to the measurement window when it was <em>due</em> in it:
 * its intended send time in open loop, its send time in closed loop. Records due during warm-up are
 * sent and acknowledged like the others but counted nowhere except in the totals.
 *
 * <p>Latency is taken from the moment a record was due, not from when it left: when the node (or
 * the client) falls behind, a record waiting for its turn is waiting on the system, and measuring
 * from the late send would hide exactly the delays a fixed-rate source suffers (coordinated
 * omission). The service time from the actual send is kept beside it to show the difference.
 */
final class LoadMeasurements {
  private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final long windowStart;
  private final long windowEnd;
  private final Histogram fromDue = new ConcurrentHistogram(HIGHEST_NANOS, 3);
  private final Histogram fromSend = new ConcurrentHistogram(HIGHEST_NANOS, 3);
  private final Recorder interval = new Recorder(HIGHEST_NANOS, 2);
  private final LongAdder due = new LongAdder();
  private final LongAdder dueInWindow = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder ackedDueInWindow = new LongAdder();
  private final LongAdder ackedInWindow = new LongAdder();
  private final LongAdder intervalAcks = new LongAdder();
  private final LongAdder intervalFailures = new LongAdder();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failuresInWindow = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();

  LoadMeasurements(long windowStart, long windowEnd) {
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
  }

  long windowStart() {
    return windowStart;
  }

  long windowEnd() {
    return windowEnd;
  }

  boolean inWindow(long nanos) {
    return nanos - windowStart >= 0 && nanos - windowEnd < 0;
  }

  void due(long dueNanos) {
    due.increment();
    if (inWindow(dueNanos)) {
      dueInWindow.increment();
    }
  }

  void acked(long dueNanos, long sentNanos, long ackNanos) {
    acked.increment();
    intervalAcks.increment();
    interval.recordValue(Math.max(0, ackNanos - dueNanos));
    if (inWindow(ackNanos)) {
      ackedInWindow.increment();
    }
    if (inWindow(dueNanos)) {
      ackedDueInWindow.increment();
      fromDue.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, ackNanos - dueNanos)));
      fromSend.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, ackNanos - sentNanos)));
    }
  }

  void failed(long dueNanos, FailureKind kind) {
    intervalFailures.increment();
    failures.computeIfAbsent(kind.name(), k -> new LongAdder()).increment();
    if (inWindow(dueNanos)) {
      failuresInWindow.computeIfAbsent(kind.name(), k -> new LongAdder()).increment();
    }
  }

  void retried(FailureKind kind) {
    retries.computeIfAbsent(kind.name(), k -> new LongAdder()).increment();
  }

  /** Acknowledgements and failures since the last call, and the latency from due over them. */
  Interval takeInterval() {
    Histogram latency = interval.getIntervalHistogram();
    return new Interval(intervalAcks.sumThenReset(), intervalFailures.sumThenReset(), latency);
  }

  record Interval(long acks, long failures, Histogram latencyFromDue) {}

  long due() {
    return due.sum();
  }

  long dueInWindow() {
    return dueInWindow.sum();
  }

  long acked() {
    return acked.sum();
  }

  long ackedDueInWindow() {
    return ackedDueInWindow.sum();
  }

  /** Acknowledgements that arrived inside the window, whenever their record was due. */
  long ackedInWindow() {
    return ackedInWindow.sum();
  }

  Histogram latencyFromDue() {
    return fromDue;
  }

  Histogram latencyFromSend() {
    return fromSend;
  }

  Map<String, Long> failures() {
    return snapshot(failures);
  }

  Map<String, Long> failuresInWindow() {
    return snapshot(failuresInWindow);
  }

  Map<String, Long> retries() {
    return snapshot(retries);
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((name, count) -> out.put(name, count.sum()));
    return out;
  }
}
