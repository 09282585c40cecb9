package dev.sluice.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice prove-fraud} and {@code sluice watch} as an independent challenger runs them,
 * against a devnet without its own watcher whose sequencer posts a wrong root on purpose.
 */
class ChallengeCommandsIT {
  private static final Duration COMMAND = Duration.ofSeconds(120);

  @TempDir Path temporary;

  @Test
  void shouldProveTheWrongBatchOnceAndThenWatchTheHonestChain() throws Exception {
    try (DevnetProcess devnet =
        DevnetProcess.start(
            temporary.resolve("devnet"),
            temporary.resolve("devnet.log"),
            "--no-watcher",
            "--unsafe-inject-fault",
            "wrong-root:2")) {
      JsonNode info = devnet.awaitReady(Duration.ofMinutes(2));
      String rpcUrl = info.path("rpcUrl").asText();
      String l1Url = info.path("l1").path("rpcUrl").asText();
      String rollup = info.path("rollupAddress").asText();
      for (int i = 0; i < 4; i++) {
        DevnetProcess.Result submitted =
            DevnetProcess.run(
                COMMAND,
                "submit",
                "--rpc-url",
                rpcUrl,
                "--devnet-key",
                "2",
                "fraud/1",
                "k" + i,
                "v" + i);
        assertEquals(0, submitted.exitCode(), submitted.output());
      }
      devnet.awaitOutput(Pattern.compile("INJECTED FAULT"), Duration.ofSeconds(60));
      awaitAllPosted(rpcUrl);

      DevnetProcess.Result proven = proveFraud(l1Url, rollup);
      assertEquals(0, proven.exitCode(), proven.output());
      assertTrue(proven.output().contains("fraud proof: PROVEN"), proven.output());

      // The poster posts the records again, honestly; nothing is left to prove.
      devnet.awaitOutput(Pattern.compile("were reverted on L1"), Duration.ofSeconds(60));
      awaitBatchesOnL1(l1Url, rollup, 1);
      DevnetProcess.Result nothing = proveFraud(l1Url, rollup);
      assertEquals(4, nothing.exitCode(), nothing.output());

      // A watcher started by hand verifies the chain from L1 and stops on SIGTERM.
      Path watchLog = temporary.resolve("watch.log");
      List<String> command =
          new ArrayList<>(
              List.of(
                  DevnetProcess.LAUNCHER.toString(),
                  "watch",
                  "--l1-rpc-url",
                  l1Url,
                  "--rollup-address",
                  rollup,
                  "--devnet-key",
                  "5",
                  "--data-dir",
                  temporary.resolve("watcher").toString(),
                  "--report-interval",
                  "PT1S"));
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(watchLog.toFile());
      DevnetProcess.environment(builder.environment());
      Process watch = builder.start();
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Pattern verified = Pattern.compile("verified batch \\d+ \\(records to");
        while (!verified.matcher(Files.readString(watchLog, StandardCharsets.UTF_8)).find()
            && System.nanoTime() < deadline) {
          assertTrue(watch.isAlive(), Files.readString(watchLog, StandardCharsets.UTF_8));
          Thread.sleep(500);
        }
        String output = Files.readString(watchLog, StandardCharsets.UTF_8);
        assertTrue(verified.matcher(output).find(), output);
        watch.destroy();
        assertTrue(watch.waitFor(30, TimeUnit.SECONDS), "watch stops on SIGTERM");
        assertTrue(
            Files.readString(watchLog, StandardCharsets.UTF_8).contains("sluice watch: stopped"));
      } finally {
        watch.destroyForcibly();
      }
    }
  }

  /** {@code sluice prove-fraud} from L1 alone, as devnet key 4. */
  private static DevnetProcess.Result proveFraud(String l1Url, String rollup) throws Exception {
    return DevnetProcess.run(
        COMMAND,
        "prove-fraud",
        "--l1-rpc-url",
        l1Url,
        "--rollup-address",
        rollup,
        "--devnet-key",
        "4");
  }

  /** Waits until the node has every sequenced record in a batch on L1 (no backlog). */
  private static void awaitAllPosted(String rpcUrl) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      DevnetProcess.Result status =
          DevnetProcess.run(COMMAND, "status", "--rpc-url", rpcUrl, "--json");
      assertEquals(0, status.exitCode(), status.output());
      JsonNode node = JsonOutputReader.read(status.output()).path("node");
      if (!node.path("lastPostedBatch").isNull()
          && "0x0".equals(node.path("l1").path("backlog").asText())) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the node's records did not all reach L1 within 90 s");
  }

  /** Waits until the contract holds at least {@code count} batches. */
  private static void awaitBatchesOnL1(String l1Url, String rollup, long count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      DevnetProcess.Result status =
          DevnetProcess.run(
              COMMAND,
              "status",
              "--no-node",
              "--l1-rpc-url",
              l1Url,
              "--rollup-address",
              rollup,
              "--json");
      assertEquals(0, status.exitCode(), status.output());
      if (JsonOutputReader.read(status.output()).path("l1").path("batchCount").asLong() >= count) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(count + " batches did not reach L1 within 90 s");
  }

  private static final class JsonOutputReader {
    static JsonNode read(String json) throws Exception {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    }
  }
}
