package dev.sluice.rpc.http;

import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.jsonrpc.JsonRpcError;
import dev.sluice.rpc.jsonrpc.JsonRpcErrorResponse;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One HTTP request and its response, with the body read under a size limit and a time limit.
 * Responses may be sent from any thread; they are written on the connection's event loop.
 */
final class HttpExchange {
  static final String JSON = "application/json";

  private final Vertx vertx;
  private final Context context;
  private final HttpServerRequest request;
  private final JsonCodec codec;
  private boolean answered;

  HttpExchange(Vertx vertx, HttpServerRequest request, JsonCodec codec) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.request = request;
    this.codec = codec;
  }

  HttpServerRequest request() {
    return request;
  }

  /**
   * Reads the body, refusing it with 413 as soon as it is known to be too large: from
   * Content-Length before reading anything, else by counting bytes as chunks arrive. A body not
   * complete within {@code timeout} is refused with 408.
   *
   * @param onBody runs on the event loop with the complete body
   */
  void readBody(int maxBytes, Duration timeout, Consumer<byte[]> onBody) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null) {
      long length;
      try {
        length = Long.parseLong(declared.strip());
      } catch (NumberFormatException notANumber) {
        length = -1;
      }
      if (length < 0) {
        refuse(400, RpcErrorType.INVALID_REQUEST, "Content-Length is not a number: " + declared);
        return;
      }
      if (length > maxBytes) {
        refuse(
            413,
            RpcErrorType.LIMIT_EXCEEDED,
            "the request body is " + length + " bytes; the limit is " + maxBytes);
        return;
      }
    }
    Buffer body = Buffer.buffer();
    long timer =
        vertx.setTimer(
            timeout.toMillis(),
            id ->
                refuse(
                    408,
                    RpcErrorType.LIMIT_EXCEEDED,
                    "the request body did not arrive within " + timeout.toMillis() + " ms"));
    request.handler(
        chunk -> {
          if (answered) {
            return;
          }
          if (body.length() + chunk.length() > maxBytes) {
            vertx.cancelTimer(timer);
            refuse(
                413,
                RpcErrorType.LIMIT_EXCEEDED,
                "the request body exceeds the limit of " + maxBytes + " bytes");
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        done -> {
          vertx.cancelTimer(timer);
          if (!answered) {
            onBody.accept(body.getBytes());
          }
        });
    request.exceptionHandler(failure -> vertx.cancelTimer(timer));
  }

  /** Answers with a JSON-RPC error and closes the connection: the rest of the request is unread. */
  void refuse(int status, RpcErrorType type, String message) {
    refuse(status, JsonRpcError.of(type, message), Map.of());
  }

  void refuse(int status, JsonRpcError error, Map<String, String> headers) {
    byte[] body = codec.writeBytes(JsonRpcErrorResponse.unattributed(error));
    onContext(
        () -> {
          if (!begin()) {
            return;
          }
          HttpServerResponse response = request.response().setStatusCode(status);
          headers.forEach(response::putHeader);
          response
              .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
              .putHeader(HttpHeaders.CONNECTION, "close")
              .end(Buffer.buffer(body))
              .onComplete(ended -> request.connection().close());
        });
  }

  /** Answers with {@code body} as JSON, keeping the connection open. */
  void sendJson(int status, byte[] body, Map<String, String> headers) {
    send(status, JSON, body, headers);
  }

  void send(int status, String contentType, byte[] body, Map<String, String> headers) {
    onContext(
        () -> {
          if (!begin()) {
            return;
          }
          HttpServerResponse response = request.response().setStatusCode(status);
          headers.forEach(response::putHeader);
          if (contentType != null) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
          }
          response.end(Buffer.buffer(body));
        });
  }

  private boolean begin() {
    if (answered || request.response().ended() || request.response().closed()) {
      return false;
    }
    answered = true;
    return true;
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(ignored -> action.run());
    }
  }
}
