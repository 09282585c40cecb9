package dev.sluice.bridge.poster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchData;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A poster under test as most poster ITs start one: a rollup deployed for it, generated records to
 * post (signed for that rollup, so made once it is deployed) and the poster, its progress kept in
 * memory. Tests of restarts keep their progress in a store of their own and build the poster
 * themselves; they share the checks here.
 */
final class PosterHarness {
  final PosterTestChain chain;
  final GeneratedBatchSource source;
  final BatchPoster poster;

  private PosterHarness(PosterTestChain chain, GeneratedBatchSource source, BatchPoster poster) {
    this.chain = chain;
    this.source = source;
    this.poster = poster;
  }

  /** As {@link #deploy(String, Duration, Function, PosterConfig)} with a one-hour window. */
  static PosterHarness deploy(
      String rpcUrl, Function<Eip712Domain, GeneratedBatchSource> records, PosterConfig config) {
    return deploy(rpcUrl, Duration.ofHours(1), records, config);
  }

  /**
   * Deploys a rollup with {@code window} as challenge window and a poster for it that has not
   * ticked yet.
   *
   * @param records the source of the records to post, given the rollup's signing domain
   */
  static PosterHarness deploy(
      String rpcUrl,
      Duration window,
      Function<Eip712Domain, GeneratedBatchSource> records,
      PosterConfig config) {
    PosterTestChain chain = PosterTestChain.deploy(rpcUrl, window);
    GeneratedBatchSource source = records.apply(chain.domain);
    return new PosterHarness(chain, source, inMemoryPoster(chain, source, config));
  }

  /** A poster on {@code chain} that keeps its progress in memory. */
  static BatchPoster inMemoryPoster(
      PosterTestChain chain, BatchSource source, PosterConfig config) {
    return BatchPoster.create(chain.rollup, source, new InMemoryKeyValueStore(), config);
  }

  /** Runs rounds of the poster until {@code done}, at most {@code rounds} of them. */
  void tickUntil(int rounds, BooleanSupplier done) {
    PosterTestChain.tickUntil(poster, rounds, done);
  }

  /** Runs rounds of the poster until batch {@code index} is its last posted one. */
  void tickUntilLastPosted(int rounds, long index) {
    tickUntil(rounds, () -> poster.lastPostedBatch().orElse(-1) == index);
  }

  /** Checks that L1 holds exactly {@code batches} batches, the poster's, of its records. */
  void assertPostedExactly(int batches) throws Exception {
    assertPostedExactly(chain, poster, source, batches);
  }

  /** Checks that L1 holds exactly {@code batches} batches, ours, covering the source's records. */
  static void assertPostedExactly(
      PosterTestChain chain, BatchPoster poster, GeneratedBatchSource source, int batches)
      throws Exception {
    assertEquals(batches, chain.rollup.batchCount(), "batches on L1");
    PostedDataReader reader = new PostedDataReader(chain.client);
    long expectedFirst = 0;
    Bytes32 previous = Bytes32.ZERO;
    for (long i = 0; i < batches; i++) {
      BatchProgress progress = poster.batch(i).orElseThrow();
      BatchHeader header = progress.header();
      assertEquals(previous, header.prevHeaderHash());
      assertEquals(
          expectedFirst, header.firstSequence(), "batch " + i + " starts where the last ended");
      assertEquals(chain.rollup.batch(i).headerHash(), header.hash(), "batch " + i + " on L1");
      BatchData.Decoded decoded = reader.decode(progress);
      assertEquals(
          source.records().subList((int) header.firstSequence(), (int) header.lastSequence() + 1),
          decoded.records(),
          "batch " + i + " read back from L1");
      expectedFirst = header.lastSequence() + 1;
      previous = header.hash();
    }
    assertEquals(source.nextSequence(), expectedFirst, "every record posted");
    assertEquals(expectedFirst, chain.rollup.nextSequence());
  }
}
