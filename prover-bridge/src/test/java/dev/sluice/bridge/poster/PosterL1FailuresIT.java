package dev.sluice.bridge.poster;

import static dev.sluice.bridge.poster.BatchPosterIT.gwei;
import static dev.sluice.bridge.poster.PosterHarness.assertPostedExactly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.store.KeyValueStore;
import dev.sluice.state.store.LevelDbKeyValueStore;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.utils.Numeric;

/**
 * The poster through L1 trouble, each test on an Anvil of its own: reorgs that drop posted batches,
 * a base-fee spike that strands a transaction until it is replaced, and an L1 that goes away and
 * comes back.
 */
class PosterL1FailuresIT {

  @Test
  void batchesDroppedByAnL1ReorgArePostedAgainInOrder() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.start()) {
      PosterHarness posting =
          PosterHarness.deploy(
              anvil.rpcUrl(),
              domain -> new GeneratedBatchSource(domain, 10, 11, 20, BatchCodec.ZSTD).sequence(60),
              PosterTestChain.config(DataAvailability.CALLDATA));
      PosterTestChain chain = posting.chain;
      BatchPoster poster = posting.poster;
      List<String> events = new ArrayList<>();
      poster.onBatchProgress(p -> events.add(p.index() + ":" + p.stage().wireName()));
      posting.tickUntilLastPosted(20, 2);
      List<Bytes32> hashes =
          List.of(0L, 1L, 2L).stream()
              .map(i -> poster.batch(i).orElseThrow().header().hash())
              .toList();

      // Each append is a block of its own: the last two blocks hold batches 1 and 2.
      chain.client.request("anvil_reorg", List.of(2, List.of()));
      assertEquals(1, chain.rollup.batchCount());
      events.clear();

      posting.tickUntil(
          20, () -> poster.lastPostedBatch().orElse(-1) == 2 && chain.rollup.batchCount() == 3);
      posting.assertPostedExactly(3);
      for (int i = 0; i < 3; i++) {
        assertEquals(
            hashes.get(i), chain.rollup.batch(i).headerHash(), "batch " + i + " as before");
      }
      // Per batch in order; whether batch 2 was already included when the reorg hit varies.
      assertEquals(
          List.of("1:batched", "1:included"),
          events.stream().filter(e -> e.startsWith("1:")).toList());
      assertEquals(
          List.of("2:batched", "2:included"),
          events.stream().filter(e -> e.startsWith("2:")).distinct().toList());
    }
  }

  @Test
  void aReorgUnderAnInFlightTransactionLeavesNoNonceGapBehind() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.start()) {
      PosterHarness posting =
          PosterHarness.deploy(
              anvil.rpcUrl(),
              domain -> new GeneratedBatchSource(domain, 10, 17, 20, BatchCodec.ZSTD),
              PosterTestChain.config(DataAvailability.CALLDATA));
      PosterTestChain chain = posting.chain;
      BatchPoster poster = posting.poster;
      poster.tick(); // the bond
      chain.automine(false);
      posting.source.sequence(40);
      poster.tick(); // batch 0 pending
      chain.mine(1);
      poster.tick(); // batch 0 mined
      poster.tick(); // batch 1 pending, one nonce above batch 0's
      assertTrue(poster.hasTransactionInFlight());
      assertEquals(1, chain.rollup.batchCount());

      // The block with batch 0 goes; batch 1's transaction now waits on an empty nonce.
      chain.client.request("anvil_reorg", List.of(1, List.of()));
      assertEquals(0, chain.rollup.batchCount());
      for (int round = 0; round < 10 && chain.rollup.batchCount() < 2; round++) {
        poster.tick();
        chain.mine(1);
      }
      chain.automine(true);
      posting.tickUntilLastPosted(10, 1);
      posting.assertPostedExactly(2);
    }
  }

  @Test
  void batchesDroppedByARollbackArePostedAgain() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.start()) {
      PosterHarness posting =
          PosterHarness.deploy(
              anvil.rpcUrl(),
              domain ->
                  new GeneratedBatchSource(domain, 10, 12, 20, BatchCodec.DEFLATE).sequence(60),
              PosterTestChain.config(DataAvailability.BLOBS));
      PosterTestChain chain = posting.chain;
      posting.tickUntilLastPosted(20, 2);

      chain.client.request("anvil_rollback", List.of(3));
      assertEquals(0, chain.rollup.batchCount());

      posting.tickUntil(
          30,
          () -> chain.rollup.batchCount() == 3 && posting.poster.lastPostedBatch().orElse(-1) == 2);
      posting.assertPostedExactly(3);
    }
  }

  @Test
  void aTransactionStrandedByABaseFeeSpikeIsReplacedWithHigherFees(@TempDir Path dataDir)
      throws Exception {
    try (AnvilProcess anvil = AnvilProcess.start();
        KeyValueStore store = LevelDbKeyValueStore.open(dataDir)) {
      PosterTestChain chain = PosterTestChain.deploy(anvil.rpcUrl(), Duration.ofHours(1));
      GeneratedBatchSource source =
          new GeneratedBatchSource(chain.domain, 10, 13, 20, BatchCodec.ZSTD);
      PosterConfig config =
          PosterTestChain.config(DataAvailability.CALLDATA).withStuckAfter(3, Duration.ofHours(1));
      BatchPoster poster = BatchPoster.create(chain.rollup, source, store, config);
      poster.tick(); // deposits the bond while blocks are still mined on demand

      chain.automine(false);
      source.sequence(20);
      poster.tick();
      Bytes32 first = poster.batch(0).orElseThrow().transactionHash().orElseThrow();
      assertTrue(poster.hasTransactionInFlight());

      // The base fee jumps past the transaction's max fee and stays there. Anvil evicts the
      // transaction at once (Geth would keep it, and the poster replaces it after
      // stuckAfterBlocks); either way it is replaced with fees that meet the new base fee.
      spikeBaseFee(chain, gwei(50));
      assertEquals(0, chain.rollup.batchCount(), "stranded below the base fee");
      poster.tick();
      Bytes32 replacement = poster.batch(0).orElseThrow().transactionHash().orElseThrow();
      assertNotEquals(first, replacement);
      assertTrue(poster.l1Status().status().contains("replaced"), poster.l1Status().status());

      spikeBaseFee(chain, gwei(50));
      chain.automine(true);
      PosterTestChain.tickUntil(poster, 10, () -> poster.lastPostedBatch().isPresent());
      assertEquals(replacement, poster.batch(0).orElseThrow().transactionHash().orElseThrow());
      assertTrue(chain.client.minedTransaction(first).isEmpty(), "the stranded one never mined");
      assertPostedExactly(chain, poster, source, 1);
    }
  }

  @Test
  void aPendingTransactionStuckPastItsTimeIsReplacedWithBumpedFeesAndTheSameNonce()
      throws Exception {
    try (AnvilProcess anvil = AnvilProcess.start()) {
      PosterHarness posting =
          firstBatchPending(
              anvil,
              16,
              PosterTestChain.config(DataAvailability.BLOBS)
                  .withStuckAfter(1_000, Duration.ofSeconds(5)));
      Pending first = Pending.of(posting);
      posting.poster.tick();
      assertEquals(first.hash(), batchTransaction(posting), "not yet");

      Thread.sleep(5_100);
      posting.poster.tick();
      assertReplacedAndPosted(posting, first);
    }
  }

  @Test
  void aTransactionLeftOutOfBlocksIsReplacedAfterStuckAfterBlocksWithTheSameNonce()
      throws Exception {
    try (AnvilProcess anvil = AnvilProcess.start()) {
      PosterHarness posting =
          firstBatchPending(
              anvil,
              17,
              PosterTestChain.config(DataAvailability.CALLDATA)
                  .withStuckAfter(3, Duration.ofHours(1)));
      PosterTestChain chain = posting.chain;
      Pending first = Pending.of(posting);

      // Blocks are made without it, as when they are full: its gas no longer fits in one. Its fees
      // are fine and the node keeps it, so only the block count says it is stuck.
      String gasLimit = latestBlockField(chain, "gasLimit");
      chain.client.request(
          "evm_setBlockGasLimit", List.of("0x5208")); // 21,000: a plain transfer, below any batch
      chain.mine(2);
      posting.poster.tick();
      assertEquals(first.hash(), batchTransaction(posting), "2 blocks: not yet");
      chain.mine(1);
      // Room again, so that the replacement is accepted; with automine off nothing is mined yet.
      chain.client.request("evm_setBlockGasLimit", List.of(gasLimit));
      posting.poster.tick();
      assertReplacedAndPosted(posting, first);
    }
  }

  /** The first batch's transaction as sent: its hash, nonce and max fee per gas. */
  private record Pending(Bytes32 hash, BigInteger nonce, BigInteger maxFee) {
    static Pending of(PosterHarness posting) {
      Bytes32 hash = batchTransaction(posting);
      return new Pending(
          hash,
          transactionQuantity(posting.chain, hash, "nonce"),
          transactionQuantity(posting.chain, hash, "maxFeePerGas"));
    }
  }

  /**
   * A poster on a fresh chain that has sent its first batch while blocks are mined only on request,
   * so that the transaction waits in the node's pool.
   */
  private static PosterHarness firstBatchPending(
      AnvilProcess anvil, int seed, PosterConfig config) {
    PosterHarness posting =
        PosterHarness.deploy(
            anvil.rpcUrl(),
            domain -> new GeneratedBatchSource(domain, 10, seed, 20, BatchCodec.ZSTD),
            config);
    posting.poster.tick(); // the bond, mined at once
    posting.chain.automine(false);
    posting.source.sequence(20);
    posting.poster.tick();
    assertTrue(posting.poster.hasTransactionInFlight());
    return posting;
  }

  /**
   * The poster has replaced {@code first}: same nonce, higher fees, the node holding only the
   * replacement; once blocks are mined again the replacement, and nothing else, posts the batch.
   */
  private static void assertReplacedAndPosted(PosterHarness posting, Pending first)
      throws Exception {
    PosterTestChain chain = posting.chain;
    Bytes32 replacement = batchTransaction(posting);
    assertNotEquals(first.hash(), replacement, "replaced");
    assertTrue(
        posting.poster.l1Status().status().contains("replaced"),
        posting.poster.l1Status().status());
    assertEquals(first.nonce(), transactionQuantity(chain, replacement, "nonce"), "same nonce");
    assertTrue(
        transactionQuantity(chain, replacement, "maxFeePerGas").compareTo(first.maxFee()) > 0,
        "higher fees");
    assertFalse(chain.client.knowsTransaction(first.hash()), "the node swapped it");

    chain.mine(1);
    chain.automine(true);
    posting.tickUntil(10, () -> posting.poster.lastPostedBatch().isPresent());
    assertEquals(replacement, batchTransaction(posting));
    assertTrue(chain.client.minedTransaction(first.hash()).isEmpty(), "the first never mined");
    posting.assertPostedExactly(1);
  }

  private static Bytes32 batchTransaction(PosterHarness posting) {
    return posting.poster.batch(0).orElseThrow().transactionHash().orElseThrow();
  }

  @Test
  void aReplacementPastTheFeeCapWaitsAndARestartAfterStoringItCarriesOn(@TempDir Path dataDir)
      throws Exception {
    try (AnvilProcess anvil = AnvilProcess.start()) {
      PosterTestChain chain = PosterTestChain.deploy(anvil.rpcUrl(), Duration.ofHours(1));
      GeneratedBatchSource source =
          new GeneratedBatchSource(chain.domain, 10, 14, 20, BatchCodec.ZSTD);
      PosterConfig capped =
          PosterTestChain.config(DataAvailability.CALLDATA)
              .withStuckAfter(1, Duration.ofHours(1))
              .withMaxFeePerGas(gwei(20));
      try (KeyValueStore store = LevelDbKeyValueStore.open(dataDir)) {
        BatchPoster poster = BatchPoster.create(chain.rollup, source, store, capped);
        poster.tick();
        chain.automine(false);
        source.sequence(20);
        poster.tick();
        Bytes32 first = poster.batch(0).orElseThrow().transactionHash().orElseThrow();
        spikeBaseFee(chain, gwei(50));
        poster.tick();
        spikeBaseFee(chain, gwei(50));
        poster.tick();
        assertTrue(poster.l1Status().status().contains("fee cap"), poster.l1Status().status());
        assertEquals(0, chain.rollup.batchCount());
        assertNotEquals(first, poster.batch(0).orElseThrow().transactionHash().orElseThrow());
      }
      // Raised cap; the process dies right after storing the replacement, before sending it.
      PosterConfig raised = capped.withMaxFeePerGas(gwei(500));
      try (KeyValueStore store = LevelDbKeyValueStore.open(dataDir)) {
        BatchPoster crashing =
            BatchPoster.create(
                chain.rollup,
                source,
                store,
                raised,
                point -> {
                  if (point == CrashPoint.REPLACEMENT_STORED) {
                    throw new BatchPosterIT.SimulatedCrash(point);
                  }
                });
        spikeBaseFee(chain, gwei(50));
        assertThrows(BatchPosterIT.SimulatedCrash.class, crashing::tick);
      }
      try (KeyValueStore store = LevelDbKeyValueStore.open(dataDir)) {
        BatchPoster poster = BatchPoster.create(chain.rollup, source, store, raised);
        spikeBaseFee(chain, gwei(50));
        chain.automine(true);
        PosterTestChain.tickUntil(poster, 10, () -> poster.lastPostedBatch().isPresent());
        assertPostedExactly(chain, poster, source, 1);
      }
    }
  }

  @Test
  void anL1OutageDuringPostingIsRiddenOutAndTheBacklogCaughtUp(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("anvil-state.json");
    List<String> persist = List.of("--state", state.toString(), "--state-interval", "1");
    Path binary = AnvilProcess.findBinary(Path.of("").toAbsolutePath());
    AnvilProcess anvil = AnvilProcess.start(binary, persist, AnvilProcess.DEFAULT_START_TIMEOUT);
    try (TcpForwarder forwarder = new TcpForwarder(anvil.port());
        KeyValueStore store = LevelDbKeyValueStore.open(dir.resolve("node"))) {
      PosterTestChain chain = PosterTestChain.deploy(forwarder.url(), Duration.ofHours(1));
      GeneratedBatchSource source =
          new GeneratedBatchSource(chain.domain, 10, 15, 20, BatchCodec.ZSTD).sequence(40);
      BatchPoster poster =
          BatchPoster.create(
              chain.rollup,
              source,
              store,
              PosterTestChain.config(DataAvailability.CALLDATA).withMaxBacklog(50));
      List<String> gate = new ArrayList<>();
      poster.gateAdmission(
          new BacklogGate() {
            @Override
            public void refuse(String reason) {
              gate.add("refuse: " + reason);
            }

            @Override
            public void admit() {
              gate.add("admit");
            }
          });
      PosterTestChain.tickUntil(poster, 20, () -> poster.lastPostedBatch().orElse(-1) == 1);
      Thread.sleep(2_500); // a periodic state dump (every second) with both batches

      // A batch goes out while blocks are not being mined, and then the L1 goes away.
      chain.automine(false);
      source.sequence(20);
      poster.tick();
      assertTrue(poster.hasTransactionInFlight());
      anvil.close();
      forwarder.target(-1);
      source.sequence(40);
      for (int i = 0; i < 3; i++) {
        assertFalse(poster.tick(), "L1 is down");
      }
      assertFalse(poster.l1Status().connected());
      assertEquals(60, poster.backlog(), "sequenced records wait for L1");
      assertEquals(
          List.of("refuse: L1 posting backlog of 60 records exceeds 50; retry later"), gate);

      anvil = AnvilProcess.start(binary, persist, AnvilProcess.DEFAULT_START_TIMEOUT);
      forwarder.target(anvil.port());
      PosterTestChain.tickUntil(poster, 40, () -> poster.lastPostedBatch().orElse(-1) == 4);
      assertTrue(poster.l1Status().connected());
      assertEquals(0, poster.backlog());
      assertPostedExactly(chain, poster, source, 5);
      assertEquals("admit", gate.getLast(), "taking records again once caught up");
      assertEquals(2, gate.size());
    } finally {
      anvil.close();
    }
  }

  private static void spikeBaseFee(PosterTestChain chain, BigInteger fee) {
    chain.client.request("anvil_setNextBlockBaseFeePerGas", List.of("0x" + fee.toString(16)));
    chain.client.request("evm_mine", List.of());
  }

  private static String latestBlockField(PosterTestChain chain, String field) {
    Object block = chain.client.request("eth_getBlockByNumber", List.of("latest", false));
    return String.valueOf(((Map<?, ?>) block).get(field));
  }

  private static BigInteger transactionQuantity(PosterTestChain chain, Bytes32 hash, String field) {
    Object transaction = chain.client.request("eth_getTransactionByHash", List.of(hash.toHex()));
    return Numeric.decodeQuantity(String.valueOf(((Map<?, ?>) transaction).get(field)));
  }
}
