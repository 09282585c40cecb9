package dev.sluice.rpc.jsonrpc;

import java.util.concurrent.CompletableFuture;

/** A method that answers from state it can read at once, without waiting on anything. */
public interface SynchronousJsonRpcMethod extends JsonRpcMethod {

  /** The result, possibly null ("not found"). */
  Object result(JsonRpcRequestContext context);

  @Override
  default CompletableFuture<?> response(JsonRpcRequestContext context) {
    return CompletableFuture.completedFuture(result(context));
  }
}
