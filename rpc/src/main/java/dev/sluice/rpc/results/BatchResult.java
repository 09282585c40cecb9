package dev.sluice.rpc.results;

import dev.sluice.bridge.poster.BatchProgress;
import dev.sluice.bridge.poster.BatchStage;
import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.state.batch.BatchHeader;
import java.util.Arrays;

/**
 * A batch as {@code sluice_getBatch} and the {@code batches} subscription report it: its header
 * (docs/protocol.md §5.2), how its data travels, and how far it has come on L1.
 */
public record BatchResult(
    String index,
    String headerHash,
    String prevHeaderHash,
    String firstSequence,
    String recordCount,
    String dataHash,
    String recordsRoot,
    String rootsRoot,
    String preStateRoot,
    String postStateRoot,
    String dataAvailability,
    String codec,
    String dataLength,
    String l1TransactionHash,
    String l1Block,
    String stage) {

  public static final JsonSchema SCHEMA =
      JsonSchema.object()
          .required("index", JsonSchema.QUANTITY)
          .required("headerHash", JsonSchema.HASH)
          .required("prevHeaderHash", JsonSchema.HASH)
          .required("firstSequence", JsonSchema.QUANTITY)
          .required("recordCount", JsonSchema.QUANTITY)
          .required(
              "dataHash",
              JsonSchema.HASH.describedAs(
                  "keccak of the data (calldata) or of the blobs' versioned hashes (blobs)"))
          .required("recordsRoot", JsonSchema.HASH)
          .required("rootsRoot", JsonSchema.HASH)
          .required("preStateRoot", JsonSchema.HASH)
          .required("postStateRoot", JsonSchema.HASH)
          .required("dataAvailability", JsonSchema.enumOf(java.util.List.of("calldata", "blobs")))
          .required("codec", JsonSchema.enumOf(java.util.List.of("none", "zstd", "deflate")))
          .required("dataLength", JsonSchema.QUANTITY.describedAs("bytes of batch data"))
          .required(
              "l1TransactionHash",
              JsonSchema.HASH.orNull().describedAs("the transaction that appended it (or is)"))
          .required("l1Block", JsonSchema.QUANTITY.orNull())
          .required(
              "stage",
              JsonSchema.enumOf(
                  Arrays.stream(BatchStage.values()).map(BatchStage::wireName).toList()))
          .open()
          .build();

  public static BatchResult of(BatchProgress progress) {
    BatchHeader header = progress.header();
    return new BatchResult(
        Quantity.format(header.index()),
        header.hash().toHex(),
        header.prevHeaderHash().toHex(),
        Quantity.format(header.firstSequence()),
        Quantity.format(header.recordCount()),
        header.dataHash().toHex(),
        header.recordsRoot().toHex(),
        header.rootsRoot().toHex(),
        header.preStateRoot().toHex(),
        header.postStateRoot().toHex(),
        progress.mode().wireName(),
        progress.codec().name().toLowerCase(java.util.Locale.ROOT),
        Quantity.format(progress.dataLength()),
        progress.transactionHash().map(h -> h.toHex()).orElse(null),
        progress.l1Block().isPresent() ? Quantity.format(progress.l1Block().getAsLong()) : null,
        progress.stage().wireName());
  }
}
