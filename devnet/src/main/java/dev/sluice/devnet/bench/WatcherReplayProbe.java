package dev.sluice.devnet.bench;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.watcher.Watcher;
import dev.sluice.bridge.watcher.WatcherConfig;
import dev.sluice.bridge.watcher.WatcherStatus;
import dev.sluice.devnet.ScratchDirectories;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Watcher replay speed on the batches the L1 cost workload posted: a fresh watcher, with an empty
 * data directory, catches up from L1 alone (reading the batches, calldata and blobs, decoding them,
 * re-executing every record with sender recovery, checking every root) and the rate is its records
 * over the wall time. Run {@code runs} times, each from scratch; the first includes the JIT's
 * warm-up of the watcher's code.
 */
final class WatcherReplayProbe {
  private static final int MAX_POLLS = 100_000;
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private WatcherReplayProbe() {}

  /**
   * @param recordsPerSecond catch-up rate of each run, in order
   * @param records records the watcher verified in each run
   */
  record Result(List<Double> recordsPerSecond, long records) {}

  static Result measure(String l1RpcUrl, RollupContract rollup, int runs) throws IOException {
    List<Double> rates = new ArrayList<>();
    long records = 0;
    for (int run = 0; run < runs; run++) {
      Path directory = ScratchDirectories.create("sluice-bench-watcher");
      try {
        WatcherConfig config =
            new WatcherConfig(
                l1RpcUrl,
                rollup.address(),
                directory,
                AnvilProcess.DEV_KEYS.get(2),
                0,
                Duration.ofMillis(100),
                0);
        try (Watcher watcher = Watcher.open(config, new SimpleMeterRegistry())) {
          long start = System.nanoTime();
          long deadline = start + TIMEOUT.toNanos();
          WatcherStatus status = watcher.status();
          for (int polls = 0; !status.caughtUp(); polls++) {
            if (polls == MAX_POLLS || System.nanoTime() - deadline > 0) {
              throw new IllegalStateException("the watcher did not catch up: " + status);
            }
            watcher.poll();
            status = watcher.status();
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          if (status.haltedAt().isPresent() || !status.faults().isEmpty()) {
            throw new IllegalStateException(
                "the watcher found the benchmark's batches wrong: " + status);
          }
          records = status.recordsVerified();
          rates.add(records / seconds);
        }
      } finally {
        ScratchDirectories.delete(directory);
      }
    }
    return new Result(rates, records);
  }
}
