package dev.sluice.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.poster.BatchProgress;
import dev.sluice.bridge.watcher.WatcherStatus;
import dev.sluice.node.cli.DevnetKeys;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.sequencer.batch.BatchFaultInjection;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.stf.Receipt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An honest run of the real node, L1 and watcher: hundreds of small batches posted, every one
 * re-executed by the watcher from L1 alone and found to carry the node's own roots, and all of them
 * final on L1 once the challenge window has passed. On the same chain, an independent {@code sluice
 * watch} killed while catching up resumes where its store left off.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class HonestRunIT {
  private static final Logger LOG = LoggerFactory.getLogger(HonestRunIT.class);
  private static final int BATCHES = 300;
  private static final Duration WINDOW = Duration.ofMinutes(10);

  /** A watcher's log line for each batch it verifies. */
  private static final Pattern VERIFIED = Pattern.compile("batch (\\d+) verified:");

  @TempDir Path temporary;

  @Test
  void shouldVerifyEveryPostedBatchAndSeeThemAllFinal() throws Exception {
    try (InProcessRollup rollup =
            InProcessRollup.start(
                temporary, WINDOW, Duration.ofMillis(50), BatchFaultInjection.none(), true);
        SluiceClient client = SluiceClient.connect(rollup.node().rpcUrl())) {
      long started = System.nanoTime();
      SigningAccount account =
          new SigningAccount(
              RecordSigner.ofPrivateKey(rollup.domain(), DevnetKeys.get(DevnetKeys.FIRST_USER)), 0);

      // A steady trickle, so that the 50 ms age limit cuts many small batches. One at a time:
      // the nonces must arrive in order.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int sent = 0;
      while (rollup.poster().lastPostedBatch().orElse(-1) < BATCHES - 1) {
        assertTrue(
            System.nanoTime() < deadline,
            "fewer than " + BATCHES + " batches posted in 60 s: " + rollup.poster().l1Status());
        Acknowledgement acknowledged =
            client.send(
                account.put(
                    "accept/1",
                    ("k" + sent % 64).getBytes(StandardCharsets.UTF_8),
                    ("v" + sent).getBytes(StandardCharsets.UTF_8)));
        assertEquals(sent, acknowledged.sequence());
        sent++;
        // Below the node's default limit of 100 records/s per signer, which refuses the excess.
        Thread.sleep(12);
      }
      long records = sent;
      InProcessRollup.await(
          "every record on L1",
          Duration.ofSeconds(30),
          () -> rollup.poster().postedNextSequence() == records,
          () -> rollup.poster().l1Status());
      long lastBatch = rollup.poster().lastPostedBatch().orElseThrow();
      RollupContract contract = rollup.rollup();
      assertEquals(lastBatch + 1, contract.batchCount());
      InProcessRollup.await(
          "the watcher verifying batch " + lastBatch,
          Duration.ofSeconds(30),
          () -> rollup.watcherStatus().verifiedBatch() == lastBatch,
          rollup::watcherStatus);
      LOG.info(
          "{} records in {} batches posted and verified in {} ms",
          records,
          lastBatch + 1,
          (System.nanoTime() - started) / 1_000_000);

      WatcherStatus status = rollup.watcherStatus();
      assertEquals(List.of(), status.faults());
      assertEquals(List.of(), status.challenges());
      assertTrue(status.haltedAt().isEmpty());
      assertEquals(records - 1, status.verifiedSequence());
      assertEquals(records, status.recordsVerified());
      // Each batch's root on L1 is the node's own receipt root for the batch's last record.
      long expectedFirst = 0;
      for (long index = 0; index <= lastBatch; index++) {
        BatchHeader header = rollup.poster().batch(index).map(BatchProgress::header).orElseThrow();
        assertEquals(expectedFirst, header.firstSequence(), "batch " + index + " follows on");
        Receipt receipt = client.receipt(header.lastSequence()).orElseThrow().receipt();
        Bytes32 onL1 = contract.batch(index).postStateRoot();
        assertEquals(receipt.postStateRoot(), onL1, "batch " + index);
        assertEquals(header.postStateRoot(), onL1, "batch " + index);
        expectedFirst = header.lastSequence() + 1;
      }
      assertEquals(records, expectedFirst);
      assertEquals(
          client.receipt(records - 1).orElseThrow().receipt().postStateRoot(),
          status.verifiedRoot());
      assertEquals(0, contract.finalizedCount());
      assertEquals(-1, status.finalizedBatch());

      assertAWatcherKilledWhileCatchingUpResumes(rollup, lastBatch, status.verifiedRoot());

      // Past the window the poster finalises them all; the watcher reports it, by L1's word.
      rollup.passWindowAndAwaitFinality(lastBatch);
      assertEquals(lastBatch, rollup.poster().lastFinalizedBatch().orElseThrow());
      // The watcher found nothing to prove, so it sent nothing: finalising is not its business.
      assertEquals(0, rollup.transactionCount(DevnetKeys.get(DevnetKeys.CHALLENGER)));
      LOG.info("all final after {} ms", (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * {@code sluice watch}, as an operator runs it, is killed with SIGKILL while it catches up on the
   * run's batches; started again on the same directory it resumes after the last batch its store
   * holds, verifies none of them twice, and reaches the same root with no fault.
   */
  private void assertAWatcherKilledWhileCatchingUpResumes(
      InProcessRollup rollup, long lastBatch, Bytes32 root) throws Exception {
    Path dataDirectory = temporary.resolve("independent-watcher");
    Path firstLog = temporary.resolve("watch-killed.log");
    Process first = startWatch(rollup, dataDirectory, firstLog);
    try {
      // Killed at its first verified batch, the earliest moment that shows it is under way.
      awaitLog(first, firstLog, log -> lastVerified(log) >= 0);
    } finally {
      first.destroyForcibly();
      assertTrue(first.waitFor(30, TimeUnit.SECONDS), "watch dies on SIGKILL");
    }
    long killedAfter = lastVerified(Files.readString(firstLog, StandardCharsets.UTF_8));
    assertTrue(killedAfter < lastBatch, "killed while catching up, after batch " + killedAfter);

    Path secondLog = temporary.resolve("watch-resumed.log");
    Process second = startWatch(rollup, dataDirectory, secondLog);
    try {
      String log = awaitLog(second, secondLog, l -> lastVerified(l) == lastBatch);
      Matcher resumed = Pattern.compile("resuming after verified batch (\\d+)").matcher(log);
      assertTrue(resumed.find(), log);
      long resumedAfter = Long.parseLong(resumed.group(1));
      // A batch committed just before the kill may not have had its line printed yet.
      assertTrue(resumedAfter >= killedAfter, resumedAfter + " < " + killedAfter);
      Matcher firstVerified = VERIFIED.matcher(log);
      assertTrue(firstVerified.find(), log);
      assertEquals(resumedAfter + 1, Long.parseLong(firstVerified.group(1)), "nothing twice");
      awaitLog(
          second,
          secondLog,
          l -> l.contains("verified batch " + lastBatch + " ") && l.contains("root " + root));
      assertFalse(Files.readString(secondLog, StandardCharsets.UTF_8).contains("FAULT"));
      LOG.info(
          "sluice watch killed after batch {}, resumed after batch {}, verified to batch {}",
          killedAfter,
          resumedAfter,
          lastBatch);
    } finally {
      second.destroy();
      if (!second.waitFor(30, TimeUnit.SECONDS)) {
        second.destroyForcibly();
      }
    }
  }

  /** The highest batch a watcher's log says it verified, -1 for none. */
  private static long lastVerified(String log) {
    long last = -1;
    for (Matcher m = VERIFIED.matcher(log); m.find(); ) {
      last = Math.max(last, Long.parseLong(m.group(1)));
    }
    return last;
  }

  private static Process startWatch(InProcessRollup rollup, Path dataDirectory, Path log)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                DevnetProcess.LAUNCHER.toString(),
                "watch",
                "--l1-rpc-url",
                rollup.l1RpcUrl(),
                "--rollup-address",
                rollup.rollup().address().toHex(),
                "--devnet-key",
                "5",
                "--data-dir",
                dataDirectory.toString(),
                "--report-interval",
                "PT0.2S")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    DevnetProcess.environment(builder.environment());
    return builder.start();
  }

  /** Reads the log until {@code done}; fails if the process dies or a minute passes. */
  private static String awaitLog(Process process, Path log, Predicate<String> done)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      if (done.test(text)) {
        return text;
      }
      assertTrue(process.isAlive(), "sluice watch exited: " + text);
      assertTrue(System.nanoTime() < deadline, "not in the log within a minute: " + text);
      Thread.sleep(10);
    }
  }
}
