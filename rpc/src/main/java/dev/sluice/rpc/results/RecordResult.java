package dev.sluice.rpc.results;

import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.state.Address;
import dev.sluice.state.record.Op;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordCodec;
import dev.sluice.state.record.SignedRecord;
import java.util.Arrays;
import java.util.Locale;

/**
 * A sequenced record on the wire: its fields for reading, and its canonical encoding so a client
 * can check {@code recordHash} and the signature without re-encoding anything.
 */
public record RecordResult(
    String sequence,
    String timestamp,
    String recordHash,
    String sender,
    String nonce,
    String op,
    String stream,
    String key,
    String value,
    String signature,
    String encoded) {

  public static final JsonSchema SCHEMA =
      JsonSchema.object()
          .required("sequence", JsonSchema.QUANTITY)
          .required(
              "timestamp",
              JsonSchema.QUANTITY.describedAs("sequencer time, ms since the Unix epoch"))
          .required("recordHash", JsonSchema.HASH)
          .required("sender", JsonSchema.ADDRESS)
          .required("nonce", JsonSchema.QUANTITY)
          .required("op", opSchema())
          .required("stream", JsonSchema.STREAM_NAME)
          .required("key", JsonSchema.DATA)
          .required("value", JsonSchema.DATA)
          .required("signature", JsonSchema.DATA.describedAs("65 bytes r ‖ s ‖ v"))
          .required(
              "encoded", JsonSchema.DATA.describedAs("canonical encoding (docs/protocol.md §1.2)"))
          .open()
          .build();

  public static RecordResult of(SequencedRecord sequenced) {
    SignedRecord signed = sequenced.record();
    Record record = signed.record();
    byte[] encoded = signed.encode();
    return new RecordResult(
        Quantity.format(sequenced.sequence()),
        Quantity.format(sequenced.timestamp()),
        signed.recordHash().toHex(),
        sequenced.sender().toHex(),
        Quantity.format(record.nonce()),
        opName(record.op()),
        record.stream(),
        HexData.format(record.key()),
        HexData.format(record.value()),
        signed.signature().toHex(),
        HexData.format(encoded));
  }

  public static String opName(Op op) {
    return op.name().toLowerCase(Locale.ROOT);
  }

  public static JsonSchema opSchema() {
    return JsonSchema.enumOf(Arrays.stream(Op.values()).map(RecordResult::opName).toList());
  }

  /**
   * The record as the node reported it, decoded from {@code encoded}.
   *
   * @throws IllegalArgumentException if a field is malformed
   */
  public SequencedRecord toSequencedRecord() {
    return new SequencedRecord(
        Quantity.parse(sequence),
        Quantity.parse(timestamp),
        RecordCodec.decode(HexData.parse(encoded)),
        Address.fromHex(sender));
  }
}
