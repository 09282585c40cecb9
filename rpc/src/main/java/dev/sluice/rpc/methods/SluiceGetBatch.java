package dev.sluice.rpc.methods;

import dev.sluice.rpc.json.JsonSchema;
import dev.sluice.rpc.jsonrpc.JsonRpcErrorException;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.ParameterType;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import java.util.List;

/**
 * {@code sluice_getBatch}: reserved for batch headers. The method exists so clients can be written
 * against it; until the node builds and posts batches it answers NOT_AVAILABLE.
 */
public final class SluiceGetBatch implements SynchronousJsonRpcMethod {
  private static final Param<Long> INDEX =
      Param.required("index", ParameterType.QUANTITY, "the batch index, from 0");

  @Override
  public String getName() {
    return "sluice_getBatch";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Returns a batch header; not available yet.",
        "Batches are built and posted to L1 by the batch poster, which this node does not run yet;"
            + " until it does, every call answers NOT_AVAILABLE (-32008).",
        List.of(INDEX),
        new MethodDescription.Result(
            "batch", JsonSchema.object().open().build(), "the batch header (future)"),
        List.of(RpcErrorType.NOT_AVAILABLE));
  }

  @Override
  public Object result(JsonRpcRequestContext context) {
    long index = context.parameters().required(INDEX);
    throw new JsonRpcErrorException(
        RpcErrorType.NOT_AVAILABLE,
        "batch "
            + Long.toUnsignedString(index)
            + " is not available: this node does not build or"
            + " post batches yet; receipts and entry proofs are available now");
  }
}
