package dev.sluice.rpc.jsonrpc;

import dev.sluice.rpc.metrics.RpcMetrics;
import java.util.concurrent.CompletableFuture;

/** Counts each call by method and outcome and times it, around a delegate processor. */
public final class TimedJsonRpcProcessor implements JsonRpcProcessor {
  private final JsonRpcProcessor delegate;
  private final RpcMetrics metrics;

  public TimedJsonRpcProcessor(JsonRpcProcessor delegate, RpcMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public CompletableFuture<JsonRpcResponse> process(
      JsonRpcMethod method, JsonRpcRequestContext context) {
    long start = System.nanoTime();
    return delegate
        .process(method, context)
        .whenComplete(
            (response, ignored) ->
                metrics.recordCall(
                    method.getName(),
                    context.caller().transport(),
                    response instanceof JsonRpcErrorResponse error
                        ? String.valueOf(error.error().code())
                        : "ok",
                    System.nanoTime() - start));
  }
}
