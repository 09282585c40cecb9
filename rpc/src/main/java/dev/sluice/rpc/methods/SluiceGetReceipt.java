package dev.sluice.rpc.methods;

import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.rpc.results.ReceiptResult;
import dev.sluice.rpc.results.RecordStage;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.state.stf.Receipt;
import java.util.List;
import java.util.Optional;

/** {@code sluice_getReceipt}: a record's receipt by record hash or sequence number. */
public final class SluiceGetReceipt implements SynchronousJsonRpcMethod {
  private static final Param<RecordSelector> RECORD =
      Param.required("record", RecordSelector.TYPE, "the record's hash or its sequence number");

  private final Sequencer sequencer;

  public SluiceGetReceipt(Sequencer sequencer) {
    this.sequencer = sequencer;
  }

  @Override
  public String getName() {
    return "sluice_getReceipt";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Returns a record's receipt, or null if the record has not been applied.",
        "The receipt carries the record's outcome (status), its sender and the state root after"
            + " it. A record that was refused before ordering has no receipt. lifecycle.stage is"
            + " \"sequenced\" until batches are posted to L1.",
        List.of(RECORD),
        new MethodDescription.Result(
            "receipt", ReceiptResult.SCHEMA.orNull(), "the receipt, or null"),
        List.of());
  }

  @Override
  public ReceiptResult result(JsonRpcRequestContext context) {
    RecordSelector selector = context.parameters().required(RECORD);
    Optional<Receipt> receipt =
        selector.recordHash().isPresent()
            ? sequencer.receipt(selector.recordHash().get())
            : sequencer.receipt(selector.sequence().getAsLong());
    return receipt.map(r -> ReceiptResult.of(r, RecordStage.SEQUENCED)).orElse(null);
  }
}
