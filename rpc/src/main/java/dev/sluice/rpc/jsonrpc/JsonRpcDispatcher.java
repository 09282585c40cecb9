package dev.sluice.rpc.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.limits.KeyedRateLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Turns one HTTP body or WebSocket message into responses: parses it within the JSON limits, checks
 * each request's shape, finds its method, binds its parameters and hands it to the processor chain,
 * all on the worker pool so that no event loop parses or executes anything.
 *
 * <p>Requests of a batch are started in order, which keeps a sender's records in nonce order; their
 * answers may complete in any order and are sent together in request order.
 */
public final class JsonRpcDispatcher {
  private final MethodRegistry registry;
  private final JsonRpcProcessor processor;
  private final JsonCodec codec;
  private final Executor workers;
  private final int maxBatchSize;
  private final Optional<KeyedRateLimiter> addressLimiter;

  /**
   * @param workers runs parsing and methods; a full queue answers BUSY rather than waiting
   * @param addressLimiter charged one more token for each request of a batch after the first (the
   *     transport charges the first before reading the body); empty for endpoints without one
   */
  public JsonRpcDispatcher(
      MethodRegistry registry,
      JsonRpcProcessor processor,
      JsonCodec codec,
      Executor workers,
      int maxBatchSize,
      Optional<KeyedRateLimiter> addressLimiter) {
    this.registry = registry;
    this.processor = processor;
    this.codec = codec;
    this.workers = workers;
    this.maxBatchSize = maxBatchSize;
    this.addressLimiter = addressLimiter;
  }

  public MethodRegistry registry() {
    return registry;
  }

  public JsonCodec codec() {
    return codec;
  }

  /** Never completes exceptionally. */
  public CompletableFuture<DispatchResult> dispatch(byte[] body, Caller caller) {
    return start(body, caller).thenCompose(answer -> answer);
  }

  /**
   * Parses {@code body} and starts its requests on the worker pool. The outer future completes once
   * every request has been started (a submission handed to the sequencer), the inner one with the
   * answer. A connection that waits for the outer future before starting its next message keeps its
   * requests in arrival order, which is what keeps a pipelining client's records in nonce order.
   * Neither future completes exceptionally.
   */
  public CompletableFuture<CompletableFuture<DispatchResult>> start(byte[] body, Caller caller) {
    try {
      return CompletableFuture.supplyAsync(() -> handle(body, caller), workers);
    } catch (RejectedExecutionException full) {
      return CompletableFuture.completedFuture(
          CompletableFuture.completedFuture(
              single(
                  503,
                  JsonRpcError.of(
                      RpcErrorType.BUSY,
                      "the node has too many requests queued; retry after a short wait"))));
    }
  }

  /**
   * Answers every request in {@code body} with {@code error} without running any: for a message
   * refused by a limit on a connection where each answer must carry its request's id.
   */
  public CompletableFuture<DispatchResult> refuse(byte[] body, JsonRpcError error) {
    try {
      return CompletableFuture.supplyAsync(() -> refuseAll(body, error), workers);
    } catch (RejectedExecutionException full) {
      return CompletableFuture.completedFuture(single(503, error));
    }
  }

  private DispatchResult refuseAll(byte[] body, JsonRpcError error) {
    JsonNode root;
    try {
      root = codec.parse(body);
    } catch (JsonCodec.MalformedJsonException malformed) {
      return single(200, error);
    }
    List<JsonRpcResponse> responses = new ArrayList<>();
    for (JsonNode element : root.isArray() ? root : List.of(root)) {
      JsonNode id = element.path("id");
      if (!id.isMissingNode()) {
        responses.add(new JsonRpcErrorResponse(id.isValueNode() ? id : NullNode.instance, error));
      }
    }
    if (responses.isEmpty()) {
      return new DispatchResult(204, Optional.empty());
    }
    Object answer = root.isArray() ? responses : responses.get(0);
    return new DispatchResult(200, Optional.of(codec.writeBytes(answer)));
  }

  private CompletableFuture<DispatchResult> handle(byte[] body, Caller caller) {
    JsonNode root;
    try {
      root = codec.parse(body);
    } catch (JsonCodec.MalformedJsonException malformed) {
      return CompletableFuture.completedFuture(
          single(200, JsonRpcError.of(RpcErrorType.PARSE_ERROR, malformed.getMessage())));
    }
    if (!root.isArray()) {
      return execute(root, caller)
          .thenApply(
              response -> {
                if (response.isEmpty()) {
                  return new DispatchResult(204, Optional.empty());
                }
                return new DispatchResult(
                    statusOf(response.get()), Optional.of(codec.writeBytes(response.get())));
              });
    }
    return handleBatch(root, caller);
  }

  private CompletableFuture<DispatchResult> handleBatch(JsonNode batch, Caller caller) {
    if (batch.isEmpty()) {
      return CompletableFuture.completedFuture(
          single(
              200,
              JsonRpcError.of(
                  RpcErrorType.INVALID_REQUEST, "the batch is empty; send at least one request")));
    }
    if (batch.size() > maxBatchSize) {
      return CompletableFuture.completedFuture(
          single(
              200,
              JsonRpcError.of(
                  RpcErrorType.LIMIT_EXCEEDED,
                  "a batch holds at most "
                      + maxBatchSize
                      + " requests; this one has "
                      + batch.size(),
                  Map.of("limit", maxBatchSize))));
    }
    if (addressLimiter.isPresent()
        && batch.size() > 1
        && !addressLimiter.get().tryAcquire(caller.remoteAddress(), batch.size() - 1)) {
      return CompletableFuture.completedFuture(
          single(429, addressLimiter.get().refusal(caller.remoteAddress())));
    }
    List<CompletableFuture<Optional<JsonRpcResponse>>> answers = new ArrayList<>(batch.size());
    for (JsonNode element : batch) {
      answers.add(execute(element, caller));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<JsonRpcResponse> responses = new ArrayList<>(answers.size());
              answers.forEach(answer -> answer.join().ifPresent(responses::add));
              if (responses.isEmpty()) {
                return new DispatchResult(204, Optional.empty());
              }
              return new DispatchResult(200, Optional.of(codec.writeBytes(responses)));
            });
  }

  /** One request object; empty when it was a notification. */
  private CompletableFuture<Optional<JsonRpcResponse>> execute(JsonNode node, Caller caller) {
    JsonRpcRequest request;
    try {
      request = JsonRpcRequest.fromJson(node);
    } catch (JsonRpcRequest.InvalidRequestException invalid) {
      return CompletableFuture.completedFuture(
          Optional.of(new JsonRpcErrorResponse(invalid.id(), invalid.error())));
    }
    Optional<JsonRpcMethod> method = registry.lookup(request.method());
    CompletableFuture<JsonRpcResponse> response;
    if (method.isEmpty()) {
      response =
          CompletableFuture.completedFuture(
              new JsonRpcErrorResponse(
                  request.responseId(),
                  JsonRpcError.of(
                      RpcErrorType.METHOD_NOT_FOUND,
                      "this endpoint has no method \""
                          + clip(request.method())
                          + "\"; rpc.discover lists the methods it serves")));
    } else {
      response = bindAndProcess(method.get(), request, caller);
    }
    return response.thenApply(
        answer -> request.isNotification() ? Optional.empty() : Optional.of(answer));
  }

  private CompletableFuture<JsonRpcResponse> bindAndProcess(
      JsonRpcMethod method, JsonRpcRequest request, Caller caller) {
    JsonRpcParameters parameters;
    try {
      parameters =
          JsonRpcParameters.bind(method.getName(), request.params(), method.description().params());
    } catch (InvalidJsonRpcParametersException invalid) {
      return CompletableFuture.completedFuture(
          new JsonRpcErrorResponse(request.responseId(), invalid.error()));
    }
    return processor.process(method, new JsonRpcRequestContext(request, parameters, caller));
  }

  private DispatchResult single(int status, JsonRpcError error) {
    return new DispatchResult(
        status, Optional.of(codec.writeBytes(JsonRpcErrorResponse.unattributed(error))));
  }

  private static int statusOf(JsonRpcResponse response) {
    return response instanceof JsonRpcErrorResponse error
            && error.error().type() == RpcErrorType.RATE_LIMITED
        ? 429
        : 200;
  }

  private static String clip(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
