package dev.sluice.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.rpc.client.SluiceClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sluice devnet} as a user runs it: started as a process, used through the CLI and through
 * the JavaScript example (ethers), stopped with SIGTERM and with SIGINT, resumed on the same data
 * directory, and leaving no process behind.
 */
class DevnetEndToEndIT {
  private static final Duration READY = Duration.ofMinutes(2);
  private static final Duration COMMAND = Duration.ofSeconds(60);
  private static final Duration STOP = Duration.ofSeconds(30);
  private static final String USER_KEY_3 =
      "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

  @TempDir Path temporary;

  @Test
  void shouldRunUseStopAndResumeTheDevnet() throws Exception {
    Path data = temporary.resolve("devnet");
    Path log = temporary.resolve("devnet.log");
    String rpcUrl;
    try (DevnetProcess devnet = DevnetProcess.start(data, log, "--demo", "--demo-rate", "10")) {
      JsonNode info = devnet.awaitReady(READY);
      rpcUrl = info.path("rpcUrl").asText();
      assertEquals(714714, info.path("l2ChainId").asLong());
      assertEquals(10, info.path("keys").size());
      assertTrue(info.path("rollupAddress").asText().matches("0x[0-9a-f]{40}"));

      DevnetProcess.Result submitted =
          DevnetProcess.run(
              COMMAND,
              "submit",
              "--rpc-url",
              rpcUrl,
              "--devnet-key",
              "2",
              "e2e/cli",
              "reading",
              "17");
      assertEquals(0, submitted.exitCode(), submitted.output());
      assertTrue(submitted.output().contains("applied"), submitted.output());

      DevnetProcess.Result viaJavaScript =
          DevnetProcess.runCommand(
              COMMAND,
              Map.of("SLUICE_PRIVATE_KEY", USER_KEY_3),
              List.of(
                  "node",
                  DevnetProcess.REPOSITORY.resolve("examples/js-submit/submit.mjs").toString(),
                  "--rpc-url",
                  rpcUrl,
                  "e2e/js",
                  "sensor-1",
                  "21.5"));
      assertEquals(0, viaJavaScript.exitCode(), viaJavaScript.output());
      JsonNode js = new ObjectMapper().readTree(viaJavaScript.output());
      assertTrue(js.path("proofVerified").asBoolean(), viaJavaScript.output());
      assertEquals(
          DevnetInfo.address(3).toHex(),
          js.path("sender").asText().toLowerCase(java.util.Locale.ROOT));

      // The JavaScript client's entry, read back and proven through the CLI.
      Path proof = temporary.resolve("entry.json");
      DevnetProcess.Result got =
          DevnetProcess.run(COMMAND, "get", "--rpc-url", rpcUrl, "e2e/js", "sensor-1", "--json");
      assertEquals(0, got.exitCode(), got.output());
      Files.writeString(proof, got.output());
      String root = new ObjectMapper().readTree(got.output()).path("root").asText();
      DevnetProcess.Result verified =
          DevnetProcess.run(COMMAND, "verify", "--proof", proof.toString(), "--root", root);
      assertEquals(0, verified.exitCode(), verified.output());
      assertTrue(verified.output().contains("\"21.5\""), verified.output());

      awaitDemoRecords(rpcUrl);

      // The batch poster puts the records on L1: the first batch's post-state root is the one
      // the rollup contract holds.
      String l1Url = info.path("l1").path("rpcUrl").asText();
      String rollup = info.path("rollupAddress").asText();
      awaitPostedBatch(rpcUrl, 0);
      String postedRoot;
      try (SluiceClient client = SluiceClient.connect(URI.create(rpcUrl))) {
        postedRoot = client.call("sluice_getBatch", "0x0").path("postStateRoot").asText();
      }
      DevnetProcess.Result rootOnL1 =
          DevnetProcess.run(
              COMMAND,
              "verify",
              "--root",
              postedRoot,
              "--l1-rpc-url",
              l1Url,
              "--rollup-address",
              rollup);
      assertEquals(0, rootOnL1.exitCode(), rootOnL1.output());
      assertTrue(rootOnL1.output().contains("post-state root of batch 0"), rootOnL1.output());

      // The watcher re-derives the batches from L1 alone and finds their roots right.
      devnet.awaitOutput(Pattern.compile("verified by the watcher [1-9]"), Duration.ofSeconds(90));
      assertFalse(devnet.output().contains("FAULTS"), devnet.output());

      // SIGTERM, as Process.destroy() sends it.
      List<ProcessHandle> started = devnet.startedProcesses();
      assertTrue(started.size() >= 2, "the devnet and its Anvil: " + started);
      devnet.process().destroy();
      assertTrue(
          devnet.process().waitFor(STOP.toSeconds(), TimeUnit.SECONDS), "stops within " + STOP);
      awaitAllExited(started);
      assertTrue(devnet.output().contains("sluice devnet: stopped"), devnet.output());
      assertFalse(Files.exists(data.resolve("devnet.json")), "devnet.json is removed at stop");
    }

    // Again on the same directory: the same chain, contract and state, then SIGINT.
    Path secondLog = temporary.resolve("devnet-2.log");
    try (DevnetProcess devnet = DevnetProcess.start(data, secondLog)) {
      JsonNode info = devnet.awaitReady(READY);
      assertTrue(info.path("resumed").asBoolean(), "resumed");
      String resumedUrl = info.path("rpcUrl").asText();
      DevnetProcess.Result got =
          DevnetProcess.run(COMMAND, "get", "--rpc-url", resumedUrl, "e2e/cli", "reading");
      assertEquals(0, got.exitCode(), got.output());
      assertTrue(
          got.output().contains("\"17\""), "the record survived the restart: " + got.output());

      // A record of this run, posted, and its entry proven all the way to L1.
      String l1Url = info.path("l1").path("rpcUrl").asText();
      String rollup = info.path("rollupAddress").asText();
      DevnetProcess.Result again =
          DevnetProcess.run(
              COMMAND,
              "submit",
              "--rpc-url",
              resumedUrl,
              "--devnet-key",
              "2",
              "e2e/cli",
              "reading",
              "18",
              "--json");
      assertEquals(0, again.exitCode(), again.output());
      long sequence =
          Long.decode(new ObjectMapper().readTree(again.output()).path("sequence").asText());
      awaitPostedThrough(resumedUrl, sequence);
      DevnetProcess.Result atBatch =
          DevnetProcess.run(
              COMMAND,
              "get",
              "--rpc-url",
              resumedUrl,
              "e2e/cli",
              "reading",
              "--at-batch",
              "latest",
              "--json");
      assertEquals(0, atBatch.exitCode(), atBatch.output());
      Path postedProof = temporary.resolve("posted-entry.json");
      Files.writeString(postedProof, atBatch.output());
      DevnetProcess.Result onL1 =
          DevnetProcess.run(
              COMMAND,
              "verify",
              "--proof",
              postedProof.toString(),
              "--l1-rpc-url",
              l1Url,
              "--rollup-address",
              rollup);
      assertEquals(0, onL1.exitCode(), onL1.output());
      assertTrue(onL1.output().contains("\"18\""), onL1.output());
      assertTrue(onL1.output().contains("is the post-state root of batch"), onL1.output());

      List<ProcessHandle> started = devnet.startedProcesses();
      Process kill =
          new ProcessBuilder("kill", "-INT", Long.toString(devnet.process().pid())).start();
      assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
      boolean stopped = devnet.process().waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
      // A shell without job control starts background processes with SIGINT ignored, and the
      // JVM keeps it ignored: then only SIGTERM can be tested here (close() cleans up).
      Assumptions.assumeTrue(
          stopped, "SIGINT is ignored by this process (started from a non-interactive shell)");
      awaitAllExited(started);
      assertTrue(devnet.output().contains("sluice devnet: stopped"), devnet.output());
    }
  }

  /** The demo producer's readings arrive: the pipeline moves without anyone submitting. */
  private static void awaitDemoRecords(String rpcUrl) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      DevnetProcess.Result status =
          DevnetProcess.run(COMMAND, "status", "--rpc-url", rpcUrl, "--json");
      assertEquals(0, status.exitCode(), status.output());
      long next =
          Long.decode(
              new ObjectMapper()
                  .readTree(status.output())
                  .path("node")
                  .path("nextSequence")
                  .asText());
      if (next > 20) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the demo producer's records did not arrive");
  }

  /** Waits until the node reports batch {@code index} (or a later one) on L1. */
  private static void awaitPostedBatch(String rpcUrl, long index) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    try (SluiceClient client = SluiceClient.connect(URI.create(rpcUrl))) {
      while (System.nanoTime() < deadline) {
        JsonNode posted = client.call("sluice_nodeStatus").path("lastPostedBatch");
        if (!posted.isNull() && Long.decode(posted.asText()) >= index) {
          return;
        }
        Thread.sleep(500);
      }
    }
    throw new AssertionError("batch " + index + " was not posted to L1 within 90 s");
  }

  /** Waits until the record {@code sequence} is in a batch on L1. */
  private static void awaitPostedThrough(String rpcUrl, long sequence) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    try (SluiceClient client = SluiceClient.connect(URI.create(rpcUrl))) {
      while (System.nanoTime() < deadline) {
        JsonNode posted = client.call("sluice_nodeStatus").path("lastPostedBatch");
        if (!posted.isNull()) {
          JsonNode batch = client.call("sluice_getBatch", posted.asText());
          long last =
              Long.decode(batch.path("firstSequence").asText())
                  + Long.decode(batch.path("recordCount").asText())
                  - 1;
          if (last >= sequence) {
            return;
          }
        }
        Thread.sleep(500);
      }
    }
    throw new AssertionError("record " + sequence + " was not posted to L1 within 90 s");
  }

  private static void awaitAllExited(List<ProcessHandle> processes) {
    for (ProcessHandle handle : processes) {
      handle.onExit().orTimeout(STOP.toSeconds(), TimeUnit.SECONDS).exceptionally(t -> null).join();
      assertFalse(
          handle.isAlive(), "process " + handle.pid() + " is left running: " + handle.info());
    }
  }
}
