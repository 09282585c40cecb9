package dev.sluice.rpc.results;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.stf.Status;
import java.util.Arrays;
import java.util.Locale;

/**
 * A receipt on the wire (docs/protocol.md §4, docs/rpc.md). {@code status} is the outcome by name;
 * a rejection such as {@code permission_denied} is a receipt status, not a JSON-RPC error, because
 * the record was ordered and consumed its nonce.
 */
public record ReceiptResult(
    String sequence,
    String recordHash,
    String sender,
    String status,
    int statusCode,
    String postStateRoot,
    String timestamp,
    LifecycleResult lifecycle) {

  public static final JsonSchema SCHEMA =
      JsonSchema.object()
          .required("sequence", JsonSchema.QUANTITY)
          .required("recordHash", JsonSchema.HASH)
          .required("sender", JsonSchema.ADDRESS)
          .required(
              "status",
              JsonSchema.enumOf(
                  Arrays.stream(Status.values()).map(ReceiptResult::statusName).toList()))
          .required("statusCode", JsonSchema.integer(0))
          .required(
              "postStateRoot", JsonSchema.HASH.describedAs("the state root after this record"))
          .required(
              "timestamp",
              JsonSchema.QUANTITY.describedAs("sequencer time, ms since the Unix epoch"))
          .required("lifecycle", LifecycleResult.SCHEMA)
          .open()
          .build();

  public static ReceiptResult of(Receipt receipt, RecordStage stage) {
    return of(receipt, LifecycleResult.of(stage));
  }

  /** The receipt with its lifecycle as the L1 poster reports it. */
  public static ReceiptResult of(Receipt receipt, LifecycleResult lifecycle) {
    return new ReceiptResult(
        Quantity.format(receipt.sequence()),
        receipt.recordHash().toHex(),
        receipt.sender().toHex(),
        statusName(receipt.status()),
        receipt.status().code(),
        receipt.postStateRoot().toHex(),
        Quantity.format(receipt.timestamp()),
        lifecycle);
  }

  public static String statusName(Status status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The receipt these fields describe.
   *
   * @throws IllegalArgumentException if a field is malformed
   */
  public Receipt toReceipt() {
    return new Receipt(
        Quantity.parse(sequence),
        Bytes32.fromHex(recordHash),
        Address.fromHex(sender),
        Status.ofCode(statusCode),
        Bytes32.fromHex(postStateRoot),
        Quantity.parse(timestamp));
  }
}
