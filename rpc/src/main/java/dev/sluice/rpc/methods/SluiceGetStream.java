package dev.sluice.rpc.methods;

import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.rpc.results.StreamResult;
import dev.sluice.sequencer.Sequencer;
import java.util.List;

/** {@code sluice_getStream}: a stream's owner, record count and hash-chain head. */
public final class SluiceGetStream implements SynchronousJsonRpcMethod {
  private static final Param<String> STREAM =
      Param.required("stream", StreamName.TYPE, "the stream name");

  private final Sequencer sequencer;

  public SluiceGetStream(Sequencer sequencer) {
    this.sequencer = sequencer;
  }

  @Override
  public String getName() {
    return "sluice_getStream";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Returns a stream's owner, record count and hash-chain head, or null if it does not exist.",
        "recordCount and head let a consumer check that it has every record of the stream: head"
            + " is keccak over the chain of applied records' digests. writers is null: grants are"
            + " tree leaves keyed by hash and this node keeps no index to list them yet.",
        List.of(STREAM),
        new MethodDescription.Result("stream", StreamResult.SCHEMA.orNull(), "the stream, or null"),
        List.of());
  }

  @Override
  public StreamResult result(JsonRpcRequestContext context) {
    String stream = context.parameters().required(STREAM);
    return sequencer.stream(stream).map(leaf -> StreamResult.of(stream, leaf)).orElse(null);
  }
}
