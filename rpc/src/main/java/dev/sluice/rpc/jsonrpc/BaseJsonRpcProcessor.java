package dev.sluice.rpc.jsonrpc;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Calls the method and turns its result or failure into a response. */
public final class BaseJsonRpcProcessor implements JsonRpcProcessor {
  private static final System.Logger LOG = System.getLogger(BaseJsonRpcProcessor.class.getName());

  @Override
  public CompletableFuture<JsonRpcResponse> process(
      JsonRpcMethod method, JsonRpcRequestContext context) {
    CompletableFuture<?> result;
    try {
      result = method.response(context);
    } catch (RuntimeException failure) {
      return CompletableFuture.completedFuture(errorResponse(method, context, failure));
    }
    return result.handle(
        (value, failure) ->
            failure == null
                ? new JsonRpcSuccessResponse(context.request().responseId(), value)
                : errorResponse(method, context, failure));
  }

  private static JsonRpcResponse errorResponse(
      JsonRpcMethod method, JsonRpcRequestContext context, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof JsonRpcErrorException expected) {
      return new JsonRpcErrorResponse(context.request().responseId(), expected.error());
    }
    // Details of a bug or an infrastructure failure stay in the log; the client gets a reference
    // it can quote to the operator.
    String reference = UUID.randomUUID().toString();
    LOG.log(
        System.Logger.Level.ERROR,
        "internal error " + reference + " in " + method.getName(),
        cause);
    return new JsonRpcErrorResponse(
        context.request().responseId(),
        JsonRpcError.of(
            RpcErrorType.INTERNAL_ERROR,
            "internal error in " + method.getName() + "; the node logged it as " + reference));
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
