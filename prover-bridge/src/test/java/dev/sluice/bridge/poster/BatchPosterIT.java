package dev.sluice.bridge.poster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.store.KeyValueStore;
import dev.sluice.state.store.LevelDbKeyValueStore;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The poster against a real Anvil: batches posted in calldata and in blobs with every codec, read
 * back from L1 as a watcher would, the lifecycle to finality, restarts at every step of a posting,
 * a second poster on the same contract, and the self-check that keeps a wrong batch home.
 */
class BatchPosterIT {
  private static AnvilProcess anvil;

  @BeforeAll
  static void startAnvil() throws IOException {
    anvil = AnvilProcess.start();
  }

  @AfterAll
  static void stopAnvil() {
    anvil.close();
  }

  @ParameterizedTest
  @EnumSource(BatchCodec.class)
  void postsBatchesInCalldataThatReadBackAsSequenced(BatchCodec codec) throws Exception {
    postAndReadBack(DataAvailability.CALLDATA, codec);
  }

  @ParameterizedTest
  @EnumSource(BatchCodec.class)
  void postsBatchesInBlobsThatReadBackAsSequenced(BatchCodec codec) throws Exception {
    postAndReadBack(DataAvailability.BLOBS, codec);
  }

  private void postAndReadBack(DataAvailability mode, BatchCodec codec) throws Exception {
    PosterHarness posting =
        PosterHarness.deploy(
            anvil.rpcUrl(),
            domain -> new GeneratedBatchSource(domain, 20, codec.id(), 40, codec).sequence(200),
            PosterTestChain.config(mode));
    posting.tickUntilLastPosted(40, 4);

    posting.assertPostedExactly(5);
    BatchPoster poster = posting.poster;
    for (long i = 0; i < 5; i++) {
      assertEquals(mode, poster.batch(i).orElseThrow().mode());
      assertEquals(codec, poster.batch(i).orElseThrow().codec());
    }
    assertEquals(
        PosterTestChain.MIN_BOND, posting.chain.rollup.bond(), "the bond was deposited at start");
    assertEquals(0, poster.backlog());
    assertTrue(poster.l1Status().connected());
  }

  @Test
  void postsOnItsOwnThreadAsRecordsArriveUntilClosed() throws Exception {
    PosterHarness posting =
        PosterHarness.deploy(
            anvil.rpcUrl(),
            domain -> new GeneratedBatchSource(domain, 10, 21, 25, BatchCodec.ZSTD),
            PosterTestChain.config(DataAvailability.CALLDATA)
                .withPolling(Duration.ofMillis(50), Duration.ofSeconds(1)));
    List<BatchProgress> included = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (BatchPoster poster = posting.poster) {
      poster.onBatchProgress(
          p -> {
            if (p.stage() == BatchStage.INCLUDED) {
              included.add(p);
            }
          });
      poster.start();
      for (int round = 0; round < 4; round++) {
        posting.source.sequence(25);
        long expected = round + 1;
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (included.size() < expected && java.time.Instant.now().isBefore(deadline)) {
          Thread.sleep(20);
        }
        assertEquals(expected, included.size(), poster.l1Status().toString());
      }
      posting.assertPostedExactly(4);
    }
  }

  @Test
  void spreadsALargeBatchOverSeveralBlobs() throws Exception {
    PosterHarness posting =
        PosterHarness.deploy(
            anvil.rpcUrl(),
            domain ->
                new GeneratedBatchSource(domain, 50, 9, 1_200, BatchCodec.NONE).sequence(1_200),
            PosterTestChain.config(DataAvailability.BLOBS));
    posting.tickUntil(10, () -> posting.poster.lastPostedBatch().isPresent());

    BatchProgress batch = posting.poster.batch(0).orElseThrow();
    assertTrue(batch.dataLength() > 126_976, "data of " + batch.dataLength() + " bytes");
    List<Bytes32> versionedHashes =
        new PostedDataReader(posting.chain.client)
            .versionedHashes(batch.transactionHash().orElseThrow());
    assertEquals(2, versionedHashes.size());
    assertEquals(BatchPoster.blobsHash(versionedHashes), batch.header().dataHash());
    posting.assertPostedExactly(1);
  }

  @Test
  void autoModePicksBlobsWhileBlobGasIsCheap() throws Exception {
    PosterHarness posting =
        PosterHarness.deploy(
            anvil.rpcUrl(),
            domain -> new GeneratedBatchSource(domain, 20, 3, 100, BatchCodec.ZSTD).sequence(200),
            PosterTestChain.config(DataAvailability.AUTO));
    posting.tickUntilLastPosted(20, 1);

    // Anvil's blob base fee is 1 wei against a gas base fee near 1 gwei.
    assertEquals(DataAvailability.BLOBS, posting.poster.batch(0).orElseThrow().mode());
    posting.assertPostedExactly(2);
  }

  @Test
  void followsBatchesThroughConfirmationsToFinality() throws Exception {
    PosterHarness posting =
        PosterHarness.deploy(
            anvil.rpcUrl(),
            Duration.ofSeconds(5),
            domain -> new GeneratedBatchSource(domain, 10, 4, 25, BatchCodec.ZSTD).sequence(50),
            PosterTestChain.config(DataAvailability.CALLDATA).withConfirmations(3));
    PosterTestChain chain = posting.chain;
    BatchPoster poster = posting.poster;
    List<String> events = new ArrayList<>();
    poster.onBatchProgress(p -> events.add(p.index() + ":" + p.stage().wireName()));

    posting.tickUntil(20, () -> chain.rollup.batchCount() == 2);
    poster.tick();
    assertEquals(BatchStage.BATCHED, poster.batchOf(30).orElseThrow().stage());
    assertTrue(poster.lastPostedBatch().isEmpty(), "nothing is 3 blocks deep yet");

    chain.mine(2);
    poster.tick();
    assertEquals(BatchStage.INCLUDED, poster.batchOf(30).orElseThrow().stage());
    assertEquals(1, poster.lastPostedBatch().orElseThrow());
    assertTrue(poster.lastFinalizedBatch().isEmpty());

    chain.client.request("evm_increaseTime", List.of(10));
    chain.mine(1);
    posting.tickUntil(10, () -> poster.lastFinalizedBatch().orElse(-1) == 1);
    poster.tick();
    assertEquals(2, chain.rollup.finalizedCount());
    assertEquals(BatchStage.FINALIZED, poster.batch(0).orElseThrow().stage());
    assertEquals(BatchStage.FINALIZED, poster.batchOf(49).orElseThrow().stage());
    assertEquals(
        List.of("0:batched", "1:batched", "0:included", "1:included", "0:finalized", "1:finalized"),
        events);
  }

  /** The crash points a posting passes in order, all but the replacement (see the L1 tests). */
  enum PostingStep {
    STORED_BEFORE_SEND,
    SENT,
    MINED_BEFORE_STORE
  }

  @ParameterizedTest
  @EnumSource(PostingStep.class)
  void restartAtAnyStepOfAPostingNeitherSkipsNorRepeatsABatch(
      PostingStep step, @TempDir Path dataDir) throws Exception {
    PosterTestChain chain = PosterTestChain.deploy(anvil.rpcUrl(), Duration.ofHours(1));
    GeneratedBatchSource source =
        new GeneratedBatchSource(chain.domain, 10, 5, 30, BatchCodec.ZSTD).sequence(120);
    CrashPoint point = CrashPoint.valueOf(step.name());
    int[] crashes = {0};
    // Crash at the step in the second batch's posting (the first has set up the bond).
    CrashPoint.CrashPoints crashAtStep =
        reached -> {
          if (reached == point && chain.rollup.batchCount() >= 1 && crashes[0]++ == 0) {
            throw new SimulatedCrash(reached);
          }
        };
    try (KeyValueStore store = LevelDbKeyValueStore.open(dataDir)) {
      BatchPoster first =
          BatchPoster.create(
              chain.rollup,
              source,
              store,
              PosterTestChain.config(DataAvailability.CALLDATA),
              crashAtStep);
      assertThrows(SimulatedCrash.class, () -> PosterTestChain.tickUntil(first, 20, () -> false));
    }
    assertEquals(1, crashes[0]);
    try (KeyValueStore store = LevelDbKeyValueStore.open(dataDir)) {
      BatchPoster second =
          BatchPoster.create(
              chain.rollup, source, store, PosterTestChain.config(DataAvailability.CALLDATA));
      PosterTestChain.tickUntil(second, 40, () -> second.lastPostedBatch().orElse(-1) == 3);
      PosterHarness.assertPostedExactly(chain, second, source, 4);
    }
  }

  @Test
  void aSecondPosterOnTheSameContractStandsByAndSaysSo() throws Exception {
    PosterHarness posting =
        PosterHarness.deploy(
            anvil.rpcUrl(),
            domain -> new GeneratedBatchSource(domain, 10, 6, 20, BatchCodec.ZSTD).sequence(40),
            PosterTestChain.config(DataAvailability.CALLDATA));
    PosterTestChain chain = posting.chain;
    BatchPoster first = posting.poster;
    posting.tickUntil(10, () -> chain.rollup.batchCount() == 1);

    GeneratedBatchSource otherSource =
        new GeneratedBatchSource(chain.domain, 10, 7, 20, BatchCodec.ZSTD);
    BatchPoster second =
        PosterHarness.inMemoryPoster(
            chain, otherSource, PosterTestChain.config(DataAvailability.CALLDATA));
    second.tick(); // sees batch 0, posts nothing (its source is empty)
    posting.tickUntil(10, () -> chain.rollup.batchCount() == 2);
    otherSource.sequence(40);
    second.tick();

    assertTrue(second.standingBy());
    assertTrue(second.l1Status().status().contains("another poster"), second.l1Status().status());
    second.tick();
    assertEquals(2, chain.rollup.batchCount(), "the second poster sent nothing");
    assertFalse(first.standingBy());
  }

  @Test
  void aBatchWhoseDataDoesNotMatchItsRootsNeverLeaves() throws Exception {
    PosterTestChain chain = PosterTestChain.deploy(anvil.rpcUrl(), Duration.ofHours(1));
    GeneratedBatchSource honest =
        new GeneratedBatchSource(chain.domain, 10, 8, 20, BatchCodec.ZSTD).sequence(20);
    BatchSource wrongRecordsRoot =
        new BatchSource() {
          @Override
          public Optional<BatchContents> next(long firstSequence, Bytes32 preStateRoot) {
            return honest
                .next(firstSequence, preStateRoot)
                .map(
                    c ->
                        new BatchContents(
                            c.firstSequence(),
                            c.preStateRoot(),
                            c.records(),
                            c.postStateRoots(),
                            Bytes32.fromHex("0x" + "ab".repeat(32)),
                            c.rootsRoot(),
                            c.codec(),
                            c.data()));
          }

          @Override
          public long nextSequence() {
            return honest.nextSequence();
          }
        };
    BatchPoster checked =
        PosterHarness.inMemoryPoster(
            chain, wrongRecordsRoot, PosterTestChain.config(DataAvailability.CALLDATA));
    for (int i = 0; i < 3; i++) {
      checked.tick();
    }
    assertEquals(0, chain.rollup.batchCount());
    assertTrue(checked.l1Status().status().contains("self-check"), checked.l1Status().status());

    // Fault injection declares its contents wrong on purpose: the data must still decode.
    BatchPoster faulty =
        PosterHarness.inMemoryPoster(
            chain,
            wrongRecordsRoot,
            PosterTestChain.config(DataAvailability.CALLDATA).withHonestContents(false));
    PosterTestChain.tickUntil(faulty, 10, () -> chain.rollup.batchCount() == 1);
  }

  /** Thrown at a crash point: the poster stops there as if the process died. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(CrashPoint point) {
      super("crash at " + point);
    }
  }

  static BigInteger gwei(long value) {
    return BigInteger.valueOf(value).multiply(BigInteger.TEN.pow(9));
  }
}
