package dev.sluice.rpc.methods;

import dev.sluice.bridge.poster.RollupProgress;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.rpc.results.LifecycleResult;
import dev.sluice.rpc.results.ReceiptResult;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.state.stf.Receipt;
import java.util.List;
import java.util.Optional;

/** {@code sluice_getReceipt}: a record's receipt by record hash or sequence number. */
public final class SluiceGetReceipt implements SynchronousJsonRpcMethod {
  private static final Param<RecordSelector> RECORD =
      Param.required("record", RecordSelector.TYPE, "the record's hash or its sequence number");

  private final Sequencer sequencer;
  private final RollupProgress progress;

  public SluiceGetReceipt(Sequencer sequencer, RollupProgress progress) {
    this.sequencer = sequencer;
    this.progress = progress;
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
            + " it. A record that was refused before ordering has no receipt. lifecycle says how"
            + " far the record has come on L1: its stage (sequenced, batched, included,"
            + " finalized) and, once batched, the batch index and L1 transaction hash.",
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
    return receipt
        .map(r -> ReceiptResult.of(r, LifecycleResult.of(progress.batchOf(r.sequence()))))
        .orElse(null);
  }
}
