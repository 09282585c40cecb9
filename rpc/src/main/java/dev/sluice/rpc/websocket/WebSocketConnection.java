package dev.sluice.rpc.websocket;

import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.jsonrpc.Caller;
import dev.sluice.rpc.jsonrpc.DispatchResult;
import dev.sluice.rpc.jsonrpc.JsonRpcDispatcher;
import dev.sluice.rpc.limits.KeyedRateLimiter;
import dev.sluice.rpc.metrics.RpcMetrics;
import dev.sluice.rpc.subscriptions.ConnectionSubscriptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket connection: JSON-RPC requests in text messages, responses and subscription
 * notifications back. Requests run on the worker pool like HTTP ones and are started in the order
 * their messages arrived; answers may come in any order and carry their request's id.
 *
 * <p>Frame and message sizes are enforced by Vert.x ({@code HttpServerOptions}); a message over the
 * limit closes the connection with status 1009 (message too big), as RFC 6455 says.
 */
public final class WebSocketConnection {
  /** RFC 6455: the message is too big to process. */
  static final short MESSAGE_TOO_BIG = 1009;

  /** RFC 6455: the endpoint received a type of data it cannot accept. */
  static final short UNSUPPORTED_DATA = 1003;

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final String remoteAddress;
  private final JsonRpcDispatcher dispatcher;
  private final JsonCodec codec;
  private final ConnectionSubscriptions subscriptions;
  private final Optional<KeyedRateLimiter> addressLimiter;
  private final RpcMetrics metrics;
  private final Duration pingInterval;
  private long pingTimer = -1;
  private CompletableFuture<Void> lastStarted = CompletableFuture.completedFuture(null);

  public WebSocketConnection(
      Vertx vertx,
      ServerWebSocket socket,
      String remoteAddress,
      JsonRpcDispatcher dispatcher,
      ConnectionSubscriptions.Factory subscriptions,
      Optional<KeyedRateLimiter> addressLimiter,
      RpcMetrics metrics,
      Duration pingInterval) {
    this.vertx = vertx;
    this.socket = socket;
    this.remoteAddress = remoteAddress;
    this.dispatcher = dispatcher;
    this.codec = dispatcher.codec();
    this.subscriptions = subscriptions.create(this::send);
    this.addressLimiter = addressLimiter;
    this.metrics = metrics;
    this.pingInterval = pingInterval;
  }

  /** Installs the handlers; call on the socket's event loop right after the upgrade. */
  public void start() {
    socket.textMessageHandler(this::onText);
    socket.binaryMessageHandler(
        binary -> socket.close(UNSUPPORTED_DATA, "send JSON-RPC requests as text messages"));
    socket.exceptionHandler(this::onFailure);
    socket.closeHandler(closed -> onClose());
    // Pings keep a quiet subscription from being closed by the idle timeout, and show dead peers.
    pingTimer = vertx.setPeriodic(pingInterval.toMillis(), id -> socket.writePing(Buffer.buffer()));
  }

  private void onText(String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    if (addressLimiter.isPresent() && !addressLimiter.get().tryAcquire(remoteAddress, 1)) {
      // Refused, but each request still gets its own answer: a client matches answers by id.
      dispatcher
          .refuse(body, addressLimiter.get().refusal(remoteAddress))
          .thenAccept(
              result ->
                  result
                      .body()
                      .ifPresent(
                          answer -> send(new String(answer, StandardCharsets.UTF_8), () -> {})));
      return;
    }
    ConnectionSubscriptions.Scope scope = subscriptions.scope();
    Caller caller = Caller.webSocket(remoteAddress, scope);
    CompletableFuture<CompletableFuture<DispatchResult>> started;
    synchronized (this) {
      // Each message starts once the previous one has started: a client pipelining records gets
      // them submitted in the order it sent them. Answers still come as they are ready.
      started = lastStarted.thenCompose(previous -> dispatcher.start(body, caller));
      lastStarted = started.thenApply(answer -> null);
    }
    started
        .thenCompose(answer -> answer)
        .thenAccept(
            result -> {
              result
                  .body()
                  .ifPresent(answer -> send(new String(answer, StandardCharsets.UTF_8), () -> {}));
              scope.releaseHeld();
            });
  }

  private void onFailure(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    if (message.contains("max message size") || message.contains("frame length")) {
      metrics.refused("websocket_message_too_large");
      socket.close(MESSAGE_TOO_BIG, "message too large");
    }
  }

  private void onClose() {
    if (pingTimer >= 0) {
      vertx.cancelTimer(pingTimer);
    }
    subscriptions.closeAll();
  }

  /** Writes one text message; safe from any thread, in call order. */
  private void send(String message, Runnable written) {
    if (socket.isClosed()) {
      written.run();
      return;
    }
    socket.writeTextMessage(message).onComplete(done -> written.run());
  }
}
