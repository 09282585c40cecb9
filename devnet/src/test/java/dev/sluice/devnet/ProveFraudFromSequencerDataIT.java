package dev.sluice.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.poster.BatchProgress;
import dev.sluice.sequencer.batch.BatchFaultInjection;
import dev.sluice.state.batch.BatchHeader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice prove-fraud --sequencer-data-dir}: the node posts a wrong root on purpose and is
 * stopped; the command, run as a person runs it, takes the state before the batch from the node's
 * own database, and the proof reverts the batch on L1 (which keeps running).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ProveFraudFromSequencerDataIT {
  private static final Duration COMMAND = Duration.ofSeconds(120);
  private static final long WRONG_SEQUENCE = 25;
  private static final int RECORDS = 50;

  @TempDir Path temporary;

  @Test
  void shouldProveTheWrongBatchFromTheStoppedNodesState() throws Exception {
    try (InProcessRollup rollup =
        InProcessRollup.start(
            temporary,
            Duration.ofMinutes(10),
            Duration.ofMillis(50),
            BatchFaultInjection.none().corruptingPostStateRootOf(WRONG_SEQUENCE),
            false)) {
      rollup.putRecordsAndAwaitPosted(RECORDS);
      BatchHeader wrong =
          rollup.poster().batchOf(WRONG_SEQUENCE).map(BatchProgress::header).orElseThrow();
      RollupContract contract = rollup.rollup();
      long batchesBefore = contract.batchCount();
      assertTrue(wrong.index() < batchesBefore);
      String dataDir = rollup.nodeDataDirectory().toString();

      // While the node runs its database is locked: the command says so and does nothing.
      DevnetProcess.Result locked = proveFraud(rollup, wrong.index(), dataDir);
      assertEquals(1, locked.exitCode(), locked.output());
      assertTrue(locked.output().contains("is in use"), locked.output());
      assertTrue(locked.output().contains("Stop the node first"), locked.output());

      rollup.stopNode();

      DevnetProcess.Result noBatch =
          DevnetProcess.run(
              COMMAND,
              "prove-fraud",
              "--l1-rpc-url",
              rollup.l1RpcUrl(),
              "--rollup-address",
              contract.address().toString(),
              "--devnet-key",
              "4",
              "--sequencer-data-dir",
              dataDir);
      assertEquals(2, noBatch.exitCode(), noBatch.output());
      assertTrue(noBatch.output().contains("needs --batch"), noBatch.output());

      DevnetProcess.Result dryRun = proveFraud(rollup, wrong.index(), dataDir, "--dry-run");
      assertEquals(0, dryRun.exitCode(), dryRun.output());
      JsonNode proof = lastJson(dryRun.output());
      assertEquals(wrong.index(), proof.path("batch").asLong());
      assertEquals("STATE_TRANSITION", proof.path("kind").asText());
      assertEquals(WRONG_SEQUENCE, proof.path("sequence").asLong());
      assertTrue(proof.path("showsFraud").asBoolean(), dryRun.output());
      assertEquals(batchesBefore, contract.batchCount(), "a dry run sends nothing");

      DevnetProcess.Result proven = proveFraud(rollup, wrong.index(), dataDir);
      assertEquals(0, proven.exitCode(), proven.output());
      assertTrue(proven.output().contains("fraud proof: PROVEN"), proven.output());
      // The wrong batch and every later one are reverted.
      assertEquals(wrong.index(), contract.batchCount());

      // Nothing is left to prove at that index.
      DevnetProcess.Result again = proveFraud(rollup, wrong.index(), dataDir);
      assertTrue(again.exitCode() != 0, again.output());
    }
  }

  private static DevnetProcess.Result proveFraud(
      InProcessRollup rollup, long batch, String dataDir, String... extra) throws Exception {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "prove-fraud",
                "--l1-rpc-url",
                rollup.l1RpcUrl(),
                "--rollup-address",
                rollup.rollup().address().toString(),
                "--devnet-key",
                "4",
                "--batch",
                Long.toString(batch),
                "--sequencer-data-dir",
                dataDir));
    arguments.addAll(List.of(extra));
    return DevnetProcess.run(COMMAND, arguments.toArray(String[]::new));
  }

  /** The JSON document that ends the output (the lines before it are the command's narration). */
  private static JsonNode lastJson(String output) throws Exception {
    int start = output.indexOf("\n{");
    assertTrue(start >= 0, output);
    return new ObjectMapper().readTree(output.substring(start + 1));
  }
}
