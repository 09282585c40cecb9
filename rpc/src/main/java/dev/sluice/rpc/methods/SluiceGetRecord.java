package dev.sluice.rpc.methods;

import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.rpc.results.RecordResult;
import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.sequencer.Sequencer;
import java.util.List;
import java.util.Optional;

/** {@code sluice_getRecord}: a sequenced record by record hash or sequence number. */
public final class SluiceGetRecord implements SynchronousJsonRpcMethod {
  private static final Param<RecordSelector> RECORD =
      Param.required("record", RecordSelector.TYPE, "the record's hash or its sequence number");

  private final Sequencer sequencer;

  public SluiceGetRecord(Sequencer sequencer) {
    this.sequencer = sequencer;
  }

  @Override
  public String getName() {
    return "sluice_getRecord";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Returns a sequenced record, or null if there is none with that hash or sequence.",
        "The record's fields, its recovered sender, its place in the order and its canonical"
            + " encoding, from which a client can check the record hash and the signature itself.",
        List.of(RECORD),
        new MethodDescription.Result("record", RecordResult.SCHEMA.orNull(), "the record, or null"),
        List.of());
  }

  @Override
  public RecordResult result(JsonRpcRequestContext context) {
    RecordSelector selector = context.parameters().required(RECORD);
    Optional<SequencedRecord> record =
        selector.recordHash().isPresent()
            ? sequencer.record(selector.recordHash().get())
            : sequencer.record(selector.sequence().getAsLong());
    return record.map(RecordResult::of).orElse(null);
  }
}
