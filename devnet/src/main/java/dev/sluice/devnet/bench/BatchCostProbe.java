package dev.sluice.devnet.bench;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupArtifact;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.l1.MinedTransaction;
import dev.sluice.bridge.poster.BatchPoster;
import dev.sluice.bridge.poster.BatchProgress;
import dev.sluice.bridge.poster.BatchSource;
import dev.sluice.bridge.poster.DataAvailability;
import dev.sluice.bridge.poster.PosterConfig;
import dev.sluice.sequencer.PipelinedSequencer;
import dev.sluice.sequencer.batch.BatchBuilder;
import dev.sluice.sequencer.batch.BatchConfig;
import dev.sluice.sequencer.batch.BatchFaultInjection;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.batch.BatchData;
import dev.sluice.state.batch.BatchRecord;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.math.BigInteger;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * What Sluice's records cost on L1, measured the way the node posts them: the sequencer's own
 * {@link BatchBuilder} cuts batches from the records a benchmark run put through the node
 * (timestamps and post-state roots included) and the {@link BatchPoster} appends them to a real
 * SluiceRollup on Anvil: the first batches with their data in calldata, the next ones in blobs. The
 * gas comes from the mined transactions. The same records are also encoded with the other codecs to
 * compare sizes (docs/protocol.md §5.3).
 *
 * <p>The first batch also initialises the contract's counters, so the calldata figures come from
 * the later ones.
 */
final class BatchCostProbe {
  private static final BigInteger BOND = BigInteger.TEN.pow(18);
  private static final int MAX_POSTER_ROUNDS = 400;
  private static final Duration POSTING_TIMEOUT = Duration.ofMinutes(3);

  private BatchCostProbe() {}

  /** What one batch cost: its records and data, and its append transaction's gas. */
  record PostedBatch(int records, int dataBytes, long gasUsed, long blobGasUsed) {}

  /**
   * @param rawBytesPerRecord mean size of one record's own encoding (signed record)
   * @param dataBytesPerRecord batch data bytes per record, by codec
   * @param calldata the batches posted with their data in calldata
   * @param blobs the batches after those, posted with their data in blobs
   * @param config the limits the batches were cut under
   */
  record Result(
      double rawBytesPerRecord,
      Map<BatchCodec, Double> dataBytesPerRecord,
      List<PostedBatch> calldata,
      List<PostedBatch> blobs,
      BatchConfig config) {

    /** Per-record figure of each batch. */
    static List<Double> perRecord(List<PostedBatch> batches, ToLongFunction<PostedBatch> figure) {
      return batches.stream().map(b -> figure.applyAsLong(b) / (double) b.records()).toList();
    }
  }

  /**
   * Deploys SluiceRollup from Anvil's second dev account and bonds its proposer, the same account.
   */
  static RollupContract deployRollup(L1Client client, long l2ChainId) {
    RollupContract rollup =
        RollupContract.deploy(
            client, RollupArtifact.load(), client.address(), BOND, Duration.ofHours(1), l2ChainId);
    rollup.depositBond(BOND);
    return rollup;
  }

  /** The proposer's client: Anvil's second dev account, not shared with anyone else. */
  static L1Client proposer(String anvilRpcUrl) {
    return L1Client.connect(anvilRpcUrl, AnvilProcess.DEV_KEYS.get(1), Duration.ofSeconds(60));
  }

  /**
   * Posts {@code batches} batches, from sequence 0 of {@code sequencer} (a node that started empty,
   * signing for {@code rollup}), cut under {@code config}, to {@code rollup} in calldata, then
   * {@code batches} more in blobs.
   */
  static Result measure(
      PipelinedSequencer sequencer,
      Eip712Domain domain,
      L1Client proposer,
      RollupContract rollup,
      BatchConfig config,
      int batches) {
    if (rollup.batchCount() != 0) {
      throw new IllegalStateException(
          "the rollup already holds " + rollup.batchCount() + " batches");
    }
    // Calldata first: batches 0 .. n-1; then a second poster continues the same rollup from its
    // head with blobs: batches n .. 2n-1 (the contract binds the blobs; the domain stays the one
    // the records were signed for, which the poster's self-check verifies).
    LimitedSource calldataSource = new LimitedSource(sequencer, domain, config, batches);
    List<PostedBatch> calldata =
        post(proposer, rollup, calldataSource, DataAvailability.CALLDATA, 0, batches);
    LimitedSource blobSource = new LimitedSource(sequencer, domain, config, batches);
    List<PostedBatch> blobs =
        post(proposer, rollup, blobSource, DataAvailability.BLOBS, batches, batches);
    Map<BatchCodec, Long> dataBytes = new EnumMap<>(BatchCodec.class);
    long rawBytes = 0;
    long total = 0;
    List<BatchContents> all = new ArrayList<>(calldataSource.handedOut.values());
    all.addAll(blobSource.handedOut.values());
    for (BatchContents contents : all) {
      for (BatchCodec codec : BatchCodec.values()) {
        int length =
            codec == contents.codec()
                ? contents.dataLength()
                : BatchData.encode(codec, contents.records(), contents.postStateRoots()).length;
        dataBytes.merge(codec, (long) length, Long::sum);
      }
      for (BatchRecord record : contents.records()) {
        rawBytes += record.signed().encode().length;
      }
      total += contents.recordCount();
    }
    Map<BatchCodec, Double> perRecord = new EnumMap<>(BatchCodec.class);
    long records = total;
    dataBytes.forEach((codec, bytes) -> perRecord.put(codec, bytes / (double) records));
    return new Result(rawBytes / (double) total, perRecord, calldata, blobs, config);
  }

  private static List<PostedBatch> post(
      L1Client proposer,
      RollupContract rollup,
      BatchSource source,
      DataAvailability mode,
      long firstIndex,
      int batches) {
    try (BatchPoster poster =
        BatchPoster.create(
            rollup, source, new InMemoryKeyValueStore(), PosterConfig.defaults().withMode(mode))) {
      long deadline = System.nanoTime() + POSTING_TIMEOUT.toNanos();
      int rounds = 0;
      long lastIndex = firstIndex + batches - 1;
      while (poster.lastPostedBatch().orElse(-1) < lastIndex) {
        if (rounds++ == MAX_POSTER_ROUNDS || System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "the poster did not post "
                  + batches
                  + " batches in "
                  + mode.wireName()
                  + " within "
                  + MAX_POSTER_ROUNDS
                  + " rounds or "
                  + POSTING_TIMEOUT.toSeconds()
                  + " s; its status: "
                  + poster.l1Status());
        }
        poster.tick();
      }
      List<PostedBatch> posted = new ArrayList<>();
      for (long index = firstIndex; index <= lastIndex; index++) {
        BatchProgress batch = poster.batch(index).orElseThrow();
        if (batch.mode() != mode) {
          throw new IllegalStateException(
              "batch "
                  + index
                  + " went as "
                  + batch.mode().wireName()
                  + ", not "
                  + mode.wireName());
        }
        MinedTransaction mined =
            proposer.minedTransaction(batch.transactionHash().orElseThrow()).orElseThrow();
        posted.add(
            new PostedBatch(
                batch.header().recordCount(),
                batch.dataLength(),
                mined.receipt().gasUsed(),
                mined.blobGasUsed()));
      }
      return posted;
    }
  }

  /** The sequencer's batches, cut by a batch builder of its own, the first {@code limit} only. */
  private static final class LimitedSource implements BatchSource {
    private final BatchBuilder builder;
    private final int limit;
    private final Map<Long, BatchContents> handedOut = new TreeMap<>();

    LimitedSource(
        PipelinedSequencer sequencer, Eip712Domain domain, BatchConfig config, int limit) {
      this.builder =
          new BatchBuilder(
              sequencer, domain, config, BatchFaultInjection.none(), InstantSource.system());
      this.limit = limit;
    }

    @Override
    public synchronized Optional<BatchContents> next(long firstSequence, Bytes32 preStateRoot) {
      BatchContents known = handedOut.get(firstSequence);
      if (known != null) {
        return Optional.of(known);
      }
      if (handedOut.size() >= limit) {
        return Optional.empty();
      }
      Optional<BatchContents> cut = builder.next(firstSequence, preStateRoot);
      cut.ifPresent(contents -> handedOut.put(firstSequence, contents));
      return cut;
    }

    @Override
    public long nextSequence() {
      return builder.nextSequence();
    }
  }
}
