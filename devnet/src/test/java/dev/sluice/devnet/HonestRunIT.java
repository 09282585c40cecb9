package dev.sluice.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An honest run of the real node, L1 and watcher: hundreds of small batches posted, every one
 * re-executed by the watcher from L1 alone and found to carry the node's own roots, and all of them
 * final on L1 once the challenge window has passed.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class HonestRunIT {
  private static final Logger LOG = LoggerFactory.getLogger(HonestRunIT.class);
  private static final int BATCHES = 300;
  private static final Duration WINDOW = Duration.ofMinutes(10);

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
              RecordSigner.ofPrivateKey(rollup.domain(), DevnetKeys.get(DevnetKeys.FIRST_USER)),
              0);

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

      // Past the window the poster finalises them all; the watcher reports it, by L1's word.
      rollup.advanceL1Time(WINDOW.plusSeconds(1));
      InProcessRollup.await(
          "every batch final on L1",
          Duration.ofSeconds(30),
          () -> contract.finalizedCount() == lastBatch + 1,
          () -> contract.finalizedCount() + " of " + (lastBatch + 1));
      InProcessRollup.await(
          "the watcher reporting batch " + lastBatch + " final",
          Duration.ofSeconds(30),
          () -> rollup.watcherStatus().finalizedBatch() == lastBatch,
          rollup::watcherStatus);
      assertEquals(lastBatch, rollup.poster().lastFinalizedBatch().orElseThrow());
      // The watcher found nothing to prove, so it sent nothing: finalising is not its business.
      assertEquals(0, rollup.transactionCount(DevnetKeys.get(DevnetKeys.CHALLENGER)));
      LOG.info("all final after {} ms", (System.nanoTime() - started) / 1_000_000);
    }
  }
}
