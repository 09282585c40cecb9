package dev.sluice.devnet.bench;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.L1Receipt;
import dev.sluice.bridge.RollupArtifact;
import dev.sluice.bridge.RollupContract;
import dev.sluice.sequencer.PipelinedSequencer;
import dev.sluice.sequencer.batch.BatchBuilder;
import dev.sluice.sequencer.batch.BatchConfig;
import dev.sluice.sequencer.batch.BatchFaultInjection;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.batch.BatchData;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.batch.BatchRecord;
import dev.sluice.state.batch.BlobPacking;
import dev.sluice.state.record.Eip712Domain;
import java.math.BigInteger;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What Sluice's records cost on L1: the sequencer's own {@link BatchBuilder} cuts batches from the
 * records a benchmark run put through the node (timestamps and post-state roots included), as the
 * batch poster does, and they are appended in order to a real SluiceRollup contract on Anvil
 * through {@link RollupContract}, reading the gas each append used. The same records are also
 * encoded with the other codecs to compare sizes (docs/protocol.md §5.3).
 *
 * <p>The first batch also initialises the contract's counters, so the per-record gas comes from
 * the later ones.
 */
final class BatchCostProbe {
  private static final BigInteger BOND = BigInteger.TEN.pow(18);

  private BatchCostProbe() {}

  /**
   * @param rawBytesPerRecord mean size of one record's own encoding (signed record)
   * @param dataBytesPerRecord batch data bytes per record, by codec
   * @param blobsPerBatch blobs the largest batch of zstd data needs
   * @param gasPerRecord calldata appendBatch transaction gas per record, one figure per batch after
   *     the first
   * @param recordsPerBatch records of each batch, in order
   * @param config the limits the batches were cut under
   */
  record Result(
      double rawBytesPerRecord,
      Map<BatchCodec, Double> dataBytesPerRecord,
      int blobsPerBatch,
      List<Double> gasPerRecord,
      List<Integer> recordsPerBatch,
      BatchConfig config) {}

  /**
   * Deploys SluiceRollup on {@code anvilRpcUrl} from Anvil's second dev account (the first deploys
   * DataRegistry: one account must not send from two clients) and bonds its proposer, the same
   * account. The node's records must be signed for its address.
   */
  static RollupContract deployRollup(L1Client client, long l2ChainId) {
    RollupContract rollup =
        RollupContract.deploy(
            client, RollupArtifact.load(), client.address(), BOND, Duration.ofHours(1), l2ChainId);
    rollup.depositBond(BOND);
    return rollup;
  }

  static L1Client proposer(String anvilRpcUrl) {
    return L1Client.connect(anvilRpcUrl, AnvilProcess.DEV_KEYS.get(1), Duration.ofSeconds(60));
  }

  /**
   * Cuts {@code batches} batches from sequence 0 of {@code sequencer} (a node that started empty,
   * signing for {@code rollup}) under {@code config} and appends them to {@code rollup}, which must
   * have no batch yet.
   */
  static Result measure(
      PipelinedSequencer sequencer,
      Eip712Domain domain,
      RollupContract rollup,
      BatchConfig config,
      int batches) {
    if (rollup.batchCount() != 0) {
      throw new IllegalStateException("the rollup already holds " + rollup.batchCount() + " batches");
    }
    BatchBuilder builder =
        new BatchBuilder(sequencer, domain, config, BatchFaultInjection.none(), InstantSource.system());
    long first = 0;
    Bytes32 preStateRoot = Bytes32.ZERO;
    Bytes32 prevHeaderHash = Bytes32.ZERO;
    Map<BatchCodec, Long> dataBytes = new EnumMap<>(BatchCodec.class);
    long rawBytes = 0;
    long total = 0;
    int blobs = 0;
    List<Double> gasPerRecord = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      long from = first;
      BatchContents contents =
          builder
              .next(from, preStateRoot)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no batch is due from sequence "
                              + from
                              + ": the run left too few applied records for the L1 cost probe"));
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
      byte[] data = contents.data();
      blobs = Math.max(blobs, BlobPacking.blobsFor(data.length));
      BatchHeader header = contents.header(b, prevHeaderHash, Keccak.hash32(data));
      L1Receipt receipt = rollup.appendBatch(header, data);
      if (b > 0) {
        gasPerRecord.add(receipt.gasUsed() / (double) contents.recordCount());
      }
      sizes.add(contents.recordCount());
      total += contents.recordCount();
      first = contents.lastSequence() + 1;
      preStateRoot = contents.postStateRoot();
      prevHeaderHash = header.hash();
    }
    Map<BatchCodec, Double> perRecord = new EnumMap<>(BatchCodec.class);
    long records = total;
    dataBytes.forEach((codec, bytes) -> perRecord.put(codec, bytes / (double) records));
    return new Result(
        rawBytes / (double) total, perRecord, blobs, gasPerRecord, sizes, config);
  }
}
