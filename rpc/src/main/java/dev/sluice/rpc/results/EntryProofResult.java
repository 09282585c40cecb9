package dev.sluice.rpc.results;

import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.sequencer.EntryProof;

/**
 * An entry with its proof against {@code root}, the state root after the record of {@code
 * sequence}. {@code value} is null when the entry is absent; the proof then shows its absence.
 */
public record EntryProofResult(
    String stream,
    String key,
    String treeKey,
    String value,
    String root,
    String sequence,
    SmtProofResult proof) {

  public static final JsonSchema SCHEMA =
      JsonSchema.object()
          .required("stream", JsonSchema.STREAM_NAME)
          .required("key", JsonSchema.DATA)
          .required("treeKey", JsonSchema.HASH.describedAs("keccak(0x04 ‖ keccak(stream) ‖ key)"))
          .required("value", JsonSchema.DATA.orNull().describedAs("null when the entry is absent"))
          .required("root", JsonSchema.HASH.describedAs("the state root the proof is against"))
          .required(
              "sequence",
              JsonSchema.QUANTITY.describedAs("the record after which root is the state root"))
          .required("proof", SmtProofResult.SCHEMA)
          .open()
          .build();

  public static EntryProofResult of(String stream, byte[] key, EntryProof entry) {
    return new EntryProofResult(
        stream,
        HexData.format(key),
        entry.treeKey().toHex(),
        entry.value().map(HexData::format).orElse(null),
        entry.root().toHex(),
        Quantity.format(entry.sequence()),
        SmtProofResult.of(entry.proof()));
  }
}
