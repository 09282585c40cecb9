package dev.sluice.bridge.watcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The watcher's meters, under {@code sluice.watcher.*}. */
final class WatcherMetrics {
  private final MeterRegistry registry;
  private final AtomicLong verifiedBatch = new AtomicLong(-1);
  private final AtomicLong verifiedSequence = new AtomicLong(-1);
  private final AtomicLong finalizedBatch = new AtomicLong(-1);
  private final AtomicLong l1Head = new AtomicLong(-1);
  private final AtomicLong halted = new AtomicLong();
  private final Counter recordsVerified;
  private final Counter batchesVerified;
  private final Timer batchReplay;

  WatcherMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("sluice.watcher.verified.batch", verifiedBatch);
    registry.gauge("sluice.watcher.verified.sequence", verifiedSequence);
    registry.gauge("sluice.watcher.finalized.batch", finalizedBatch);
    registry.gauge("sluice.watcher.l1.head", l1Head);
    registry.gauge("sluice.watcher.halted", halted);
    recordsVerified =
        Counter.builder("sluice.watcher.records.verified")
            .description("records re-executed and found right")
            .register(registry);
    batchesVerified =
        Counter.builder("sluice.watcher.batches.verified")
            .description("batches re-executed and found right")
            .register(registry);
    batchReplay =
        Timer.builder("sluice.watcher.batch.replay")
            .description("time to re-execute one batch, sender recovery included")
            .register(registry);
  }

  void verified(long batch, long lastSequence, int records, Duration took) {
    verifiedBatch.set(batch);
    verifiedSequence.set(lastSequence);
    recordsVerified.increment(records);
    batchesVerified.increment();
    batchReplay.record(took);
  }

  void head(long batch, long lastSequence) {
    verifiedBatch.set(batch);
    verifiedSequence.set(lastSequence);
  }

  void finalized(long batch) {
    finalizedBatch.set(batch);
  }

  void l1Head(long head) {
    l1Head.set(head);
  }

  void halted(boolean isHalted) {
    halted.set(isHalted ? 1 : 0);
  }

  void fault(FaultKind kind) {
    registry.counter("sluice.watcher.faults", "kind", kind.name()).increment();
  }

  void challenge(ChallengeReport.Outcome outcome) {
    registry.counter("sluice.watcher.challenges", "outcome", outcome.name()).increment();
  }

  void rewind(String cause) {
    registry.counter("sluice.watcher.rewinds", "cause", cause).increment();
  }
}
