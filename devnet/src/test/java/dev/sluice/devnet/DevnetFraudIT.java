package dev.sluice.devnet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devnet with a fault injected on purpose: the sequencer posts a batch with a wrong state root,
 * the devnet's watcher re-derives it from L1, proves it wrong on chain and takes the bond, the
 * poster posts the records again, and the rollup carries on.
 */
class DevnetFraudIT {
  @TempDir Path temporary;

  @Test
  void shouldCatchAndProveAWrongRootAndCarryOn() throws Exception {
    Path data = temporary.resolve("devnet");
    try (DevnetProcess devnet =
        DevnetProcess.start(
            data,
            temporary.resolve("devnet.log"),
            "--demo",
            "--demo-rate",
            "20",
            "--unsafe-inject-fault",
            "wrong-root:30")) {
      devnet.awaitReady(Duration.ofMinutes(2));
      devnet.awaitOutput(Pattern.compile("FAULTS 1, fraud proofs 1"), Duration.ofSeconds(120));
      devnet.awaitOutput(Pattern.compile("proven wrong in transaction"), Duration.ofSeconds(60));
      devnet.awaitOutput(Pattern.compile("were reverted on L1"), Duration.ofSeconds(60));
      // After the reversion the records come again in honest batches, which the watcher verifies.
      devnet.awaitOutput(
          Pattern.compile("verified by the watcher ([4-9]|\\d{2,}) \\| FAULTS 1, fraud proofs 1"),
          Duration.ofSeconds(90));

      List<ProcessHandle> started = devnet.startedProcesses();
      devnet.process().destroy();
      assertTrue(devnet.process().waitFor(30, TimeUnit.SECONDS));
      for (ProcessHandle handle : started) {
        handle.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> null).join();
        assertFalse(handle.isAlive(), "process " + handle.pid() + " is left running");
      }
    }
  }
}
