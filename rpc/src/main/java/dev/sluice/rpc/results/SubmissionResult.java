package dev.sluice.rpc.results;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.state.Bytes32;

/** The answer to {@code sluice_sendRecord}: where the durable record sits in the order. */
public record SubmissionResult(String sequence, String recordHash) {

  public static final JsonSchema SCHEMA =
      JsonSchema.object()
          .required("sequence", JsonSchema.QUANTITY)
          .required("recordHash", JsonSchema.HASH)
          .open()
          .build();

  public static SubmissionResult of(Acknowledgement acknowledgement) {
    return new SubmissionResult(
        Quantity.format(acknowledgement.sequence()), acknowledgement.recordHash().toHex());
  }

  public Acknowledgement toAcknowledgement() {
    return new Acknowledgement(Quantity.parse(sequence), Bytes32.fromHex(recordHash));
  }
}
