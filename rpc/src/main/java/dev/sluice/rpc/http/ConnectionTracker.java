package dev.sluice.rpc.http;

import dev.sluice.rpc.jsonrpc.Transport;
import dev.sluice.rpc.limits.ConnectionLimiter;
import dev.sluice.rpc.metrics.RpcMetrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits connections under the connection limits and keeps the header timeout of each.
 *
 * <p>A connection over a limit is not dropped at once: its first request is answered 503 with a
 * JSON-RPC error saying which limit, and then the connection is closed, so the client learns why.
 * Such connections wait at most a second for that request, and if the refused ones alone pile up
 * past the limit, new ones are closed without an answer.
 *
 * <p>The header timeout runs from the connection's start to the end of its first request's headers;
 * it closes connections that trickle headers (Slowloris), which the idle timeout alone does not,
 * since every trickled byte resets it. After each response the next request's headers must be
 * complete within the keep-alive timeout, which bounds trickling on a reused connection too without
 * closing a client's quiet pooled connection after only a few seconds.
 */
final class ConnectionTracker {
  private static final Duration REFUSED_GRACE = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Transport transport;
  private final ConnectionLimiter limiter;
  private final RpcMetrics metrics;
  private final Duration headerTimeout;
  private final int maxRefusedWaiting;
  private final Map<HttpConnection, State> states = new ConcurrentHashMap<>();
  private final Duration keepAliveTimeout;
  private final AtomicInteger refusedWaiting = new AtomicInteger();

  /**
   * @param transport what the connections carry until upgraded: HTTP, or ADMIN on that port
   */
  ConnectionTracker(
      Vertx vertx,
      Transport transport,
      ConnectionLimiter limiter,
      RpcMetrics metrics,
      Duration headerTimeout,
      Duration keepAliveTimeout,
      int maxRefusedWaiting) {
    this.vertx = vertx;
    this.transport = transport;
    this.limiter = limiter;
    this.metrics = metrics;
    this.headerTimeout = headerTimeout;
    this.keepAliveTimeout = keepAliveTimeout;
    this.maxRefusedWaiting = maxRefusedWaiting;
  }

  /**
   * An HTTP server whose connections and requests this tracker counts: every connection is
   * {@linkplain #opened opened} here, and every request is counted from its start to the end of
   * its response before {@code handler} sees it. Not yet listening.
   */
  HttpServer serve(HttpServerOptions options, Handler<HttpServerRequest> handler) {
    return vertx
        .createHttpServer(options)
        .connectionHandler(this::opened)
        .requestHandler(
            request -> {
              requestStarted(request.connection());
              request.response().endHandler(ended -> responseEnded(request.connection()));
              handler.handle(request);
            });
  }

  /** Called on the connection's event loop when it opens. */
  void opened(HttpConnection connection) {
    String address = connection.remoteAddress().hostAddress();
    Optional<String> refusal = limiter.tryAdmit(address);
    State state = new State(address, refusal);
    if (refusal.isPresent()) {
      metrics.refused("too_many_connections");
      if (refusedWaiting.incrementAndGet() > maxRefusedWaiting) {
        refusedWaiting.decrementAndGet();
        connection.close();
        return;
      }
    } else {
      metrics.connectionOpened(transport);
    }
    states.put(connection, state);
    state.arm(connection, refusal.isPresent() ? REFUSED_GRACE : headerTimeout);
    connection.closeHandler(closed -> closed(connection));
  }

  /** Why this connection may not be served, if it was refused. */
  Optional<String> refusal(HttpConnection connection) {
    State state = states.get(connection);
    return state == null ? Optional.of("the connection is closing") : state.refusal;
  }

  /** The request's headers are complete: stop the header timer. */
  void requestStarted(HttpConnection connection) {
    State state = states.get(connection);
    if (state != null) {
      state.disarm();
    }
  }

  /** The response went out; the next request's headers must come within the keep-alive timeout. */
  void responseEnded(HttpConnection connection) {
    State state = states.get(connection);
    if (state != null && !state.webSocket) {
      state.arm(connection, keepAliveTimeout);
    }
  }

  /** The connection became a WebSocket: no more HTTP requests, so no header timer. */
  void upgraded(HttpConnection connection) {
    State state = states.get(connection);
    if (state != null) {
      state.disarm();
      state.webSocket = true;
      metrics.connectionClosed(transport);
      metrics.connectionOpened(Transport.WEBSOCKET);
    }
  }

  private void closed(HttpConnection connection) {
    State state = states.remove(connection);
    if (state == null) {
      return;
    }
    state.disarm();
    if (state.refusal.isPresent()) {
      refusedWaiting.decrementAndGet();
    } else {
      limiter.release(state.address);
      metrics.connectionClosed(state.webSocket ? Transport.WEBSOCKET : transport);
    }
  }

  private final class State {
    private final String address;
    private final Optional<String> refusal;
    private long timer = -1;
    private volatile boolean webSocket;

    State(String address, Optional<String> refusal) {
      this.address = address;
      this.refusal = refusal;
    }

    synchronized void arm(HttpConnection connection, Duration timeout) {
      disarm();
      timer = vertx.setTimer(timeout.toMillis(), id -> connection.close());
    }

    synchronized void disarm() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
