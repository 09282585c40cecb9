package dev.sluice.bridge.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.AnvilL1;
import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupArtifact;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.TestSequencer;
import dev.sluice.bridge.watcher.ChallengeReport.Outcome;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.stf.StateKeys;
import dev.sluice.state.store.DataDirectoryInUseException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher against a real Anvil and the contract this build compiled: batches posted in calldata
 * by a test sequencer, the watcher in its own LevelDB, every outcome checked on L1.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WatcherIT {
  private static final long L2_CHAIN_ID = 4242;
  private static final BigInteger BOND = BigInteger.TEN.pow(18);
  private static final Duration WINDOW = Duration.ofMinutes(10);
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(20);
  private static final BigInteger CHALLENGER_KEY = AnvilProcess.DEV_KEYS.get(1);

  @RegisterExtension static final AnvilL1 l1 = new AnvilL1(RECEIPT_TIMEOUT);

  @TempDir Path dataDir;

  private RollupContract rollup;
  private long deployBlock;
  private TestSequencer sequencer;
  private RecordSigner owner;
  private RecordSigner writer;
  private int reading;

  @BeforeEach
  void deploy() {
    deployBlock = blockNumber();
    rollup =
        RollupContract.deploy(
            l1.proposer(), RollupArtifact.load(), l1.proposer().address(), BOND, WINDOW,
            L2_CHAIN_ID);
    rollup.depositBond(BOND);
    Eip712Domain domain = new Eip712Domain(L2_CHAIN_ID, rollup.address());
    sequencer = new TestSequencer(domain).withCodec(BatchCodec.ZSTD);
    owner = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0xA11CE1));
    writer = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0xA11CE2));
  }

  @Test
  void anHonestChainIsVerifiedRootByRootAndReportedFinalAfterTheWindow() {
    List<TestSequencer.Sealed> batches = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      batches.add(append(sealBatch(12)));
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Watcher watcher = Watcher.open(config(), registry)) {
      pollUntil(watcher, s -> s.caughtUp());
      WatcherStatus status = watcher.status();
      BatchHeader last = batches.getLast().header();
      assertEquals(7, status.verifiedBatch());
      assertEquals(last.lastSequence(), status.verifiedSequence());
      assertEquals(last.postStateRoot(), status.verifiedRoot());
      assertEquals(sequencer.state().root(), status.verifiedRoot());
      assertEquals(List.of(), status.faults());
      assertEquals(List.of(), status.challenges());
      assertEquals(-1, status.finalizedBatch());
      assertEquals(8 * 12, status.recordsVerified());
      assertEquals(96.0, registry.get("sluice.watcher.records.verified").counter().count());

      l1.advanceTime(WINDOW.plusSeconds(1));
      rollup.finalizeUpTo(7);
      pollUntil(watcher, s -> s.finalizedBatch() == 7);
      assertEquals(7.0, registry.get("sluice.watcher.finalized.batch").gauge().value());
    }
  }

  @Test
  void aWrongRootIsProvenFromTheWatchersKeyAndTheReplacementVerified() throws Exception {
    append(sealBatch(5));
    TestSequencer.Sealed good = append(sealBatch(5));
    // Batch 2: its third record's root is wrong, and the records after it build on that.
    for (int i = 0; i < 5; i++) {
      submitReading();
      if (i == 2) {
        sequencer.tamper(state -> state.put(StateKeys.account(writer.address()), new byte[8]));
      }
    }
    TestSequencer.Sealed bad = append(sequencer.seal());
    append(sealBatch(3));
    assertEquals(4, rollup.batchCount());

    BigInteger before = l1.challenger().balanceOf(l1.challenger().address());
    try (Watcher watcher = Watcher.open(config(), new SimpleMeterRegistry())) {
      watcher.start();
      WatcherStatus status = awaitStatus(watcher, s -> !s.challenges().isEmpty());
      ChallengeReport report = status.challenges().getFirst();
      assertEquals(Outcome.PROVEN, report.outcome(), report.detail());
      assertEquals(2, report.batchIndex());
      assertEquals(FaultKind.STATE_TRANSITION, report.kind());
      assertEquals(2, report.recordIndex());
      assertEquals(BOND, report.reward());
      FaultReport fault = status.faults().getFirst();
      assertEquals(bad.header().hash(), fault.headerHash());
      assertTrue(fault.provable());

      // On L1: batches 2 and 3 are gone, the bond went to the watcher's account.
      assertEquals(2, rollup.batchCount());
      assertEquals(good.header().hash(), rollup.headHeaderHash());
      assertEquals(BigInteger.ZERO, rollup.bond());
      assertEquals(
          before.add(BOND).subtract(report.fee()),
          l1.challenger().balanceOf(l1.challenger().address()));

      // The watcher follows the revert and verifies what the proposer posts instead.
      awaitStatus(watcher, s -> s.haltedAt().isEmpty() && s.verifiedBatch() == 1);
      sequencer.rewindTo(good.header());
      rollup.depositBond(BOND);
      TestSequencer.Sealed replacement = append(sealBatch(4));
      status = awaitStatus(watcher, s -> s.verifiedBatch() == 2);
      assertEquals(replacement.header().postStateRoot(), status.verifiedRoot());
      assertEquals(1, status.challenges().size());
    }
  }

  @Test
  void aWrongPostStateRootInTheHeaderIsProvenWithTheHeaderFault() {
    append(sealBatch(3));
    TestSequencer.Sealed wrong =
        append(
            sealFaulty(
                header ->
                    new BatchHeader(
                        header.index(), header.prevHeaderHash(), header.firstSequence(),
                        header.recordCount(), header.dataHash(), header.recordsRoot(),
                        header.rootsRoot(), header.preStateRoot(), word(0x33))));
    try (Watcher watcher = Watcher.open(config(), new SimpleMeterRegistry())) {
      WatcherStatus status = pollUntil(watcher, s -> !s.challenges().isEmpty());
      ChallengeReport report = status.challenges().getFirst();
      assertEquals(Outcome.PROVEN, report.outcome(), report.detail());
      assertEquals(FaultKind.POST_STATE_ROOT, report.kind());
      assertEquals(wrong.header().index(), report.batchIndex());
      assertEquals(1, rollup.batchCount());
    }
  }

  @Test
  void recordsThatDoNotMatchTheRecordsRootAreADataFaultThatIsNotProven() {
    append(sealBatch(3));
    append(
        sealFaulty(
            header ->
                new BatchHeader(
                    header.index(), header.prevHeaderHash(), header.firstSequence(),
                    header.recordCount(), header.dataHash(), word(0x44), header.rootsRoot(),
                    header.preStateRoot(), header.postStateRoot())));
    append(sealBatch(2));
    try (Watcher watcher = Watcher.open(config(), new SimpleMeterRegistry())) {
      WatcherStatus status = pollUntil(watcher, WatcherStatus::caughtUp);
      assertEquals(0, status.verifiedBatch());
      assertEquals(1L, status.haltedAt().orElseThrow());
      FaultReport fault = status.faults().getFirst();
      assertEquals(FaultKind.DATA, fault.kind());
      assertFalse(fault.provable());
      assertTrue(fault.detail().startsWith("RECORDS_ROOT_MISMATCH"), fault.detail());
      assertEquals(List.of(), status.challenges());
      assertEquals(3, rollup.batchCount());
      assertEquals(BOND, rollup.bond());
    }
  }

  @Test
  void aRestartedWatcherResumesFromItsStoreWithoutReplayingVerifiedBatches() {
    for (int i = 0; i < 3; i++) {
      append(sealBatch(6));
    }
    try (Watcher watcher = Watcher.open(config(), new SimpleMeterRegistry())) {
      assertEquals(2, pollUntil(watcher, WatcherStatus::caughtUp).verifiedBatch());
    }
    for (int i = 0; i < 3; i++) {
      append(sealBatch(6));
    }
    try (Watcher watcher = Watcher.open(config(), new SimpleMeterRegistry())) {
      assertEquals(2, watcher.status().verifiedBatch());
      // The directory is locked while a watcher runs on it.
      assertThrows(
          DataDirectoryInUseException.class,
          () -> Watcher.open(config(), new SimpleMeterRegistry()));
      WatcherStatus status = pollUntil(watcher, WatcherStatus::caughtUp);
      assertEquals(5, status.verifiedBatch());
      assertEquals(3 * 6, status.recordsVerified());
      assertEquals(sequencer.state().root(), status.verifiedRoot());
    }
  }

  @Test
  void anL1ReorgReplacingABatchIsFollowed() {
    TestSequencer.Sealed first = append(sealBatch(4));
    append(sealBatch(4));
    try (Watcher watcher = Watcher.open(config(), new SimpleMeterRegistry())) {
      assertEquals(1, pollUntil(watcher, WatcherStatus::caughtUp).verifiedBatch());

      // Batch 1's block is replaced: another batch 1 is appended in its place.
      l1.rpc("anvil_rollback", List.of(1));
      assertEquals(1, rollup.batchCount());
      sequencer.rewindTo(first.header());
      TestSequencer.Sealed other = append(sealBatch(7));
      l1.rpc("evm_mine", List.of());
      WatcherStatus status =
          pollUntil(
              watcher,
              s -> s.caughtUp() && s.verifiedRoot().equals(other.header().postStateRoot()));
      assertEquals(1, status.verifiedBatch());
      assertEquals(other.header().lastSequence(), status.verifiedSequence());
    }
  }

  @Test
  void anUnreachableL1IsReportedAndTheWatcherStopsCleanly() throws Exception {
    try (AnvilProcess doomed = AnvilProcess.start();
        L1Client deployer =
            L1Client.connect(doomed.rpcUrl(), AnvilProcess.DEV_KEYS.get(0), RECEIPT_TIMEOUT)) {
      RollupContract other =
          RollupContract.deploy(
              deployer, RollupArtifact.load(), deployer.address(), BOND, WINDOW, L2_CHAIN_ID);
      WatcherConfig config =
          new WatcherConfig(
              doomed.rpcUrl(), other.address(), dataDir.resolve("doomed"), CHALLENGER_KEY, 0,
              Duration.ofMillis(20), 0);
      try (Watcher watcher = Watcher.start(config, new SimpleMeterRegistry())) {
        awaitStatus(watcher, WatcherStatus::caughtUp);
        doomed.close();
        WatcherStatus status = awaitStatus(watcher, s -> s.lastError().isPresent());
        assertEquals(-1, status.verifiedBatch());
        // close() below stops the polling thread although every poll fails.
      }
    }
  }

  // -----------------------------------------------------------------------------------------------

  private WatcherConfig config() {
    return new WatcherConfig(
        l1.rpcUrl(), rollup.address(), dataDir.resolve("watcher"), CHALLENGER_KEY, deployBlock,
        Duration.ofMillis(50), 0);
  }

  private TestSequencer.Sealed sealBatch(int records) {
    for (int i = 0; i < records; i++) {
      submitReading();
    }
    return sequencer.seal();
  }

  private TestSequencer.Sealed sealFaulty(java.util.function.UnaryOperator<BatchHeader> header) {
    submitReading();
    submitReading();
    return sequencer.seal(data -> data, header);
  }

  private void submitReading() {
    int n = reading++;
    RecordSigner signer = n % 3 == 2 ? writer : owner;
    if (n == 1) {
      sequencer.submit(owner, nonce -> Record.grant(nonce, "plant-7/pressure", writer.address()));
      return;
    }
    sequencer.submit(
        signer,
        nonce ->
            Record.put(
                nonce,
                "plant-7/pressure",
                ("p" + n % 5).getBytes(StandardCharsets.US_ASCII),
                ("{\"kPa\":" + (1000 + n) + "}").getBytes(StandardCharsets.US_ASCII)));
  }

  private TestSequencer.Sealed append(TestSequencer.Sealed batch) {
    rollup.appendBatch(batch.header(), batch.data());
    return batch;
  }

  /** Polls on this thread until {@code done}; bounded. */
  private static WatcherStatus pollUntil(Watcher watcher, Predicate<WatcherStatus> done) {
    for (int i = 0; i < 500; i++) {
      watcher.poll();
      if (done.test(watcher.status())) {
        return watcher.status();
      }
    }
    throw new AssertionError("the watcher did not get there: " + watcher.status());
  }

  /** Waits for the watcher's own thread to get there; bounded. */
  private static WatcherStatus awaitStatus(Watcher watcher, Predicate<WatcherStatus> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      WatcherStatus status = watcher.status();
      if (done.test(status)) {
        return status;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the watcher did not get there in 60 s: " + watcher.status());
  }

  private static Bytes32 word(int fill) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) fill);
    return Bytes32.wrap(bytes);
  }

  private static long blockNumber() {
    return Long.decode(String.valueOf(l1.rpc("eth_blockNumber", List.of())));
  }
}
