package dev.sluice.rpc.jsonrpc;

import java.util.concurrent.CompletableFuture;

/**
 * Runs one method for one request. Cross-cutting concerns (timing, metrics) wrap a delegate, as
 * Besu's processors do, so the method classes hold nothing but their own logic.
 */
public interface JsonRpcProcessor {

  /** Never completes exceptionally: every failure becomes an error response. */
  CompletableFuture<JsonRpcResponse> process(JsonRpcMethod method, JsonRpcRequestContext context);
}
