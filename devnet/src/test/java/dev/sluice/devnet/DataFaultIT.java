package dev.sluice.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.poster.BatchProgress;
import dev.sluice.bridge.watcher.FaultKind;
import dev.sluice.bridge.watcher.FaultReport;
import dev.sluice.bridge.watcher.WatcherStatus;
import dev.sluice.node.cli.DevnetKeys;
import dev.sluice.sequencer.batch.BatchFaultInjection;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real node posting a batch whose records root does not match its data ({@code
 * wrong-records-root:SEQ}): the watcher reports a data fault, halts there, proves nothing and sends
 * nothing. Such a batch cannot be proven on L1 yet, so it becomes final by L1's word when the
 * proposer finalises after the window — and the watcher still never claims to have verified it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DataFaultIT {
  private static final long FAULTY_SEQUENCE = 20;
  private static final int RECORDS = 60;
  private static final Duration WINDOW = Duration.ofMinutes(10);

  @TempDir Path temporary;

  @Test
  void shouldReportADataFaultAndNeitherProveNorVerifyTheBatch() throws Exception {
    try (InProcessRollup rollup =
        InProcessRollup.start(
            temporary,
            WINDOW,
            Duration.ofMillis(50),
            BatchFaultInjection.none().mismatchingRecordsRootAt(FAULTY_SEQUENCE),
            true)) {
      RollupContract contract = rollup.rollup();
      BigInteger bond = contract.bond();
      rollup.putRecordsAndAwaitPosted(RECORDS);
      long lastBatch = rollup.poster().lastPostedBatch().orElseThrow();
      long faulty =
          rollup.poster().batchOf(FAULTY_SEQUENCE).map(BatchProgress::header).orElseThrow().index();
      assertTrue(faulty < lastBatch, "honest batches follow the faulty one on L1");
      InProcessRollup.await(
          "the watcher reaching L1's head",
          Duration.ofSeconds(30),
          () -> {
            WatcherStatus status = rollup.watcherStatus();
            return !status.faults().isEmpty() && status.caughtUp();
          },
          rollup::watcherStatus);

      WatcherStatus status = rollup.watcherStatus();
      FaultReport fault = status.faults().getFirst();
      assertEquals(1, status.faults().size(), status.faults().toString());
      assertEquals(FaultKind.DATA, fault.kind());
      assertEquals(faulty, fault.batchIndex());
      assertFalse(fault.provable());
      assertTrue(fault.detail().startsWith("RECORDS_ROOT_MISMATCH"), fault.detail());
      assertEquals(faulty, status.haltedAt().orElseThrow());
      assertEquals(faulty - 1, status.verifiedBatch());
      assertEquals(List.of(), status.challenges());
      assertEquals(
          1.0,
          rollup
              .watcherMetrics()
              .get("sluice.watcher.faults")
              .tag("kind", "DATA")
              .counter()
              .count());
      // Nothing proven: the batch and everything after it stay on L1, the bond untouched.
      assertEquals(lastBatch + 1, contract.batchCount());
      assertEquals(bond, contract.bond());
      assertEquals(0, rollup.transactionCount(DevnetKeys.get(DevnetKeys.CHALLENGER)));

      // After the window the proposer finalises everything, the faulty batch included: L1 has no
      // way to refuse it yet. The watcher reports L1's word and still does not call it verified.
      rollup.passWindowAndAwaitFinality(lastBatch);
      WatcherStatus after = rollup.watcherStatus();
      assertEquals(faulty - 1, after.verifiedBatch());
      assertEquals(faulty, after.haltedAt().orElseThrow());
      assertEquals(List.of(), after.challenges());
      // The watcher never finalises, nor sends anything else.
      assertEquals(0, rollup.transactionCount(DevnetKeys.get(DevnetKeys.CHALLENGER)));
    }
  }
}
