package dev.sluice.rpc.methods;

import dev.sluice.bridge.poster.RollupProgress;
import dev.sluice.rpc.jsonrpc.JsonRpcErrorException;
import dev.sluice.rpc.jsonrpc.JsonRpcRequestContext;
import dev.sluice.rpc.jsonrpc.MethodDescription;
import dev.sluice.rpc.jsonrpc.Param;
import dev.sluice.rpc.jsonrpc.ParameterType;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.jsonrpc.SynchronousJsonRpcMethod;
import dev.sluice.rpc.results.BatchResult;
import java.util.List;

/**
 * {@code sluice_getBatch}: a batch this node posted, by index: header, data-availability mode, L1
 * transaction and stage. Null for an index the node has not posted; NOT_AVAILABLE on a node that
 * posts nothing.
 */
public final class SluiceGetBatch implements SynchronousJsonRpcMethod {
  private static final Param<Long> INDEX =
      Param.required("index", ParameterType.QUANTITY, "the batch index, from 0");

  private final RollupProgress progress;

  public SluiceGetBatch(RollupProgress progress) {
    this.progress = progress;
  }

  @Override
  public String getName() {
    return "sluice_getBatch";
  }

  @Override
  public MethodDescription description() {
    return new MethodDescription(
        "Returns a batch this node posted to L1, or null.",
        "The header as appended to the rollup contract, where the data travels (calldata or"
            + " blobs), the codec, the L1 transaction and block, and the stage: batched (sent),"
            + " included (the poster's confirmations deep), finalized. Null for a batch this node"
            + " did not post (not yet, or before its posting state began). A node without L1"
            + " posting answers NOT_AVAILABLE (-32008).",
        List.of(INDEX),
        new MethodDescription.Result("batch", BatchResult.SCHEMA.orNull(), "the batch, or null"),
        List.of(RpcErrorType.NOT_AVAILABLE));
  }

  @Override
  public BatchResult result(JsonRpcRequestContext context) {
    long index = context.parameters().required(INDEX);
    if (!progress.posts()) {
      throw new JsonRpcErrorException(
          RpcErrorType.NOT_AVAILABLE,
          "batch "
              + Long.toUnsignedString(index)
              + " is not available: this node does not post batches to L1 ("
              + progress.l1Status().status()
              + ")");
    }
    return progress.batch(index).map(BatchResult::of).orElse(null);
  }
}
