package dev.sluice.devnet.bench;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.L1Receipt;
import dev.sluice.bridge.RollupArtifact;
import dev.sluice.bridge.RollupContract;
import dev.sluice.sequencer.PipelinedSequencer;
import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.batch.BatchData;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.batch.BatchRecord;
import dev.sluice.state.batch.BlobPacking;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.stf.Receipt;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What Sluice's records cost on L1: it takes the records a benchmark run put through the node
 * (their sequencer timestamps and post-state roots included), encodes them as batch data with each
 * codec (docs/protocol.md §5.3), and appends consecutive batches of them to a real SluiceRollup
 * contract on Anvil through {@link RollupContract}, reading the gas each append used.
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
   * @param blobsPerBatch blobs one batch of zstd data needs
   * @param gasPerRecord calldata appendBatch transaction gas per record, one figure per batch after
   *     the first
   * @param batchRecords records per batch
   */
  record Result(
      double rawBytesPerRecord,
      Map<BatchCodec, Double> dataBytesPerRecord,
      int blobsPerBatch,
      List<Double> gasPerRecord,
      int batchRecords) {}

  /**
   * Posts {@code batches} batches of {@code batchRecords} records each, from sequence 0 of {@code
   * sequencer} (a node that started empty), to a SluiceRollup deployed on {@code anvilRpcUrl}.
   */
  static Result measure(
      PipelinedSequencer sequencer,
      Eip712Domain domain,
      String anvilRpcUrl,
      int batchRecords,
      int batches)
      throws Exception {
    long available = sequencer.status().appliedSequence() + 1;
    if (available < (long) batchRecords * batches) {
      throw new IllegalStateException(
          "the node holds "
              + available
              + " applied records; the L1 cost probe needs "
              + (long) batchRecords * batches);
    }
    // Its own dev account: the registry's deployer must not share a nonce sequence with it.
    try (L1Client client =
        L1Client.connect(anvilRpcUrl, AnvilProcess.DEV_KEYS.get(1), Duration.ofSeconds(60))) {
      RollupContract rollup =
          RollupContract.deploy(
              client,
              RollupArtifact.load(),
              client.address(),
              BOND,
              Duration.ofHours(1),
              domain.chainId());
      rollup.depositBond(BOND);
      Bytes32 preStateRoot = Bytes32.ZERO;
      Bytes32 prevHeaderHash = Bytes32.ZERO;
      Map<BatchCodec, Long> dataBytes = new EnumMap<>(BatchCodec.class);
      long rawBytes = 0;
      int blobs = 0;
      List<Double> gasPerRecord = new ArrayList<>();
      for (int b = 0; b < batches; b++) {
        long first = (long) b * batchRecords;
        List<BatchRecord> records = new ArrayList<>(batchRecords);
        List<Bytes32> roots = new ArrayList<>(batchRecords);
        for (long s = first; s < first + batchRecords; s++) {
          SequencedRecord sequenced = sequencer.record(s).orElseThrow();
          Receipt receipt = sequencer.receiptOf(s).get(30, TimeUnit.SECONDS);
          records.add(new BatchRecord(sequenced.record(), sequenced.timestamp()));
          roots.add(receipt.postStateRoot());
          rawBytes += sequenced.record().encode().length;
        }
        for (BatchCodec codec : BatchCodec.values()) {
          dataBytes.merge(codec, (long) BatchData.encode(codec, records, roots).length, Long::sum);
        }
        BatchContents contents =
            BatchContents.build(domain, BatchCodec.ZSTD, first, preStateRoot, records, roots);
        byte[] data = contents.data();
        blobs = Math.max(blobs, BlobPacking.blobsFor(data.length));
        BatchHeader header = contents.header(b, prevHeaderHash, Keccak.hash32(data));
        L1Receipt receipt = rollup.appendBatch(header, data);
        if (b > 0) {
          gasPerRecord.add(receipt.gasUsed() / (double) batchRecords);
        }
        preStateRoot = contents.postStateRoot();
        prevHeaderHash = header.hash();
      }
      long total = (long) batchRecords * batches;
      Map<BatchCodec, Double> perRecord = new EnumMap<>(BatchCodec.class);
      dataBytes.forEach((codec, bytes) -> perRecord.put(codec, bytes / (double) total));
      return new Result(rawBytes / (double) total, perRecord, blobs, gasPerRecord, batchRecords);
    }
  }
}
