package dev.sluice.rpc.http;

import dev.sluice.rpc.RpcConfig;
import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.jsonrpc.Caller;
import dev.sluice.rpc.jsonrpc.JsonRpcDispatcher;
import dev.sluice.rpc.jsonrpc.JsonRpcError;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.jsonrpc.Transport;
import dev.sluice.rpc.limits.ConnectionLimiter;
import dev.sluice.rpc.limits.KeyedRateLimiter;
import dev.sluice.rpc.metrics.RpcMetrics;
import dev.sluice.rpc.subscriptions.ConnectionSubscriptions;
import dev.sluice.rpc.websocket.WebSocketConnection;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.sequencer.SequencerStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The public endpoint: JSON-RPC over HTTP ({@code POST /}) and WebSocket ({@code /ws}), liveness
 * ({@code /health}), readiness ({@code /ready}) and Prometheus metrics ({@code /metrics}).
 *
 * <p>Every request passes the same gates, cheapest first, before any body is read: connection
 * limits, the Host allowlist, the Origin policy, the per-address rate limit, then the body-size
 * limit (Content-Length, then counted bytes). Only then is JSON parsed, on the worker pool.
 */
public final class JsonRpcHttpService {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final RpcConfig config;
  private final JsonRpcDispatcher dispatcher;
  private final Sequencer sequencer;
  private final PrometheusMeterRegistry registry;
  private final RpcMetrics metrics;
  private final Optional<KeyedRateLimiter> addressLimiter;
  private final ConnectionSubscriptions.Factory subscriptions;
  private final JsonCodec codec;
  private final HostAllowlist hosts;
  private final CorsPolicy cors;
  private final ConnectionTracker connections;
  private HttpServer server;

  public JsonRpcHttpService(
      Vertx vertx,
      RpcConfig config,
      JsonRpcDispatcher dispatcher,
      Sequencer sequencer,
      PrometheusMeterRegistry registry,
      RpcMetrics metrics,
      Optional<KeyedRateLimiter> addressLimiter,
      ConnectionSubscriptions.Factory subscriptions) {
    this.vertx = vertx;
    this.config = config;
    this.dispatcher = dispatcher;
    this.sequencer = sequencer;
    this.registry = registry;
    this.metrics = metrics;
    this.addressLimiter = addressLimiter;
    this.subscriptions = subscriptions;
    this.codec = dispatcher.codec();
    this.hosts = new HostAllowlist(config.hostAllowlist());
    this.cors = new CorsPolicy(config.corsOrigins());
    this.connections =
        new ConnectionTracker(
            vertx,
            Transport.HTTP,
            new ConnectionLimiter(config.maxConnections(), config.maxConnectionsPerAddress()),
            metrics,
            config.headerTimeout(),
            config.idleTimeout(),
            config.maxConnections());
  }

  /** Binds and listens; completes with the server once it accepts connections. */
  public Future<HttpServer> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.host())
            .setPort(config.port())
            // Plain HTTP/1.1: connection counting, header timeouts and body limits are per
            // connection and per request, which h2c multiplexing would blur.
            .setHttp2ClearTextEnabled(false)
            .setIdleTimeout((int) config.idleTimeout().toMillis())
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setMaxWebSocketFrameSize(config.maxWebSocketFrameBytes())
            .setMaxWebSocketMessageSize(config.maxWebSocketMessageBytes())
            // No compression either way: a small compressed message could inflate past every
            // size limit above before anything counted it.
            .setPerFrameWebSocketCompressionSupported(false)
            .setPerMessageWebSocketCompressionSupported(false)
            .setDecompressionSupported(false);
    server = connections.serve(options, this::handle);
    return server.listen();
  }

  /** The bound port; meaningful after {@link #start} completed. */
  public int actualPort() {
    return server.actualPort();
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest request) {
    HttpExchange exchange = new HttpExchange(vertx, request, codec);
    Optional<String> refusal = connections.refusal(request.connection());
    if (refusal.isPresent()) {
      exchange.refuse(503, RpcErrorType.LIMIT_EXCEEDED, refusal.get());
      return;
    }
    if (!hostAllowed(exchange)) {
      return;
    }
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (!cors.allows(origin)) {
      metrics.refused("origin_not_allowed");
      exchange.refuse(
          403,
          RpcErrorType.FORBIDDEN,
          "requests from origin "
              + origin
              + " are not allowed; the operator can allow it with the"
              + " CORS origins setting");
      return;
    }
    switch (request.path()) {
      case "/" -> jsonRpc(exchange, origin);
      case "/ws" -> webSocket(exchange);
      case "/health" -> ifGet(exchange, this::health);
      case "/ready" -> ifGet(exchange, this::ready);
      case "/metrics" -> ifGet(exchange, this::metricsText);
      default ->
          exchange.refuse(
              404,
              RpcErrorType.METHOD_NOT_FOUND,
              "no such path " + clip(request.path()) + "; JSON-RPC is POST /, WebSocket /ws");
    }
  }

  private boolean hostAllowed(HttpExchange exchange) {
    HostAndPort authority = exchange.request().authority();
    Optional<String> refusal = hosts.refusal(authority == null ? null : authority.host());
    if (refusal.isEmpty()) {
      return true;
    }
    metrics.refused("host_not_allowed");
    exchange.refuse(403, RpcErrorType.FORBIDDEN, refusal.get());
    return false;
  }

  private void jsonRpc(HttpExchange exchange, String origin) {
    HttpServerRequest request = exchange.request();
    Map<String, String> corsHeaders = corsHeaders(origin);
    if (request.method() == HttpMethod.OPTIONS && cors.enabled() && origin != null) {
      Map<String, String> preflight = new LinkedHashMap<>(corsHeaders);
      preflight.put("Access-Control-Allow-Methods", "POST, OPTIONS");
      preflight.put("Access-Control-Allow-Headers", "content-type");
      preflight.put("Access-Control-Max-Age", "600");
      exchange.send(204, null, new byte[0], preflight);
      return;
    }
    if (request.method() != HttpMethod.POST) {
      exchange.refuse(
          405,
          RpcErrorType.INVALID_REQUEST,
          "JSON-RPC requests are POSTed to /; got " + request.method());
      return;
    }
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith(HttpExchange.JSON)) {
      // A browser may POST text/plain across origins without asking first; application/json it
      // may not, so requiring it keeps pages from submitting on a visitor's behalf.
      exchange.refuse(
          415,
          RpcErrorType.INVALID_REQUEST,
          "send the request with Content-Type: application/json");
      return;
    }
    String remote = request.remoteAddress().hostAddress();
    if (addressLimiter.isPresent() && !addressLimiter.get().tryAcquire(remote, 1)) {
      JsonRpcError error = addressLimiter.get().refusal(remote);
      Map<String, String> headers = new LinkedHashMap<>(corsHeaders);
      headers.put("Retry-After", String.valueOf(retryAfterSeconds(error)));
      exchange.refuse(429, error, headers);
      return;
    }
    exchange.readBody(
        config.maxRequestBodyBytes(),
        config.requestTimeout(),
        body -> {
          dispatcher
              .dispatch(body, Caller.http(remote))
              .thenAccept(
                  result -> {
                    if (result.body().isEmpty()) {
                      exchange.send(result.httpStatus(), null, new byte[0], corsHeaders);
                    } else {
                      exchange.sendJson(result.httpStatus(), result.body().get(), corsHeaders);
                    }
                  });
        });
  }

  private void webSocket(HttpExchange exchange) {
    HttpServerRequest request = exchange.request();
    if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
      exchange.refuse(400, RpcErrorType.INVALID_REQUEST, "/ws takes WebSocket upgrade requests");
      return;
    }
    String remote = request.remoteAddress().hostAddress();
    request
        .toWebSocket()
        .onSuccess(
            socket -> {
              connections.upgraded(request.connection());
              new WebSocketConnection(
                      vertx,
                      socket,
                      remote,
                      dispatcher,
                      subscriptions,
                      addressLimiter,
                      metrics,
                      config.webSocketPingInterval())
                  .start();
            });
  }

  private static void ifGet(HttpExchange exchange, Consumer<HttpExchange> action) {
    if (exchange.request().method() != HttpMethod.GET) {
      exchange.refuse(
          405, RpcErrorType.INVALID_REQUEST, exchange.request().path() + " answers GET only");
      return;
    }
    action.accept(exchange);
  }

  private void health(HttpExchange exchange) {
    exchange.sendJson(200, "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private void ready(HttpExchange exchange) {
    SequencerStatus status = sequencer.status();
    String body =
        status.ready()
            ? "{\"ready\":true}"
            : "{\"ready\":false,\"reason\":\"the sequencer is recovering: replaying its log\"}";
    exchange.sendJson(status.ready() ? 200 : 503, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private void metricsText(HttpExchange exchange) {
    exchange.send(
        200, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private Map<String, String> corsHeaders(String origin) {
    if (!cors.enabled() || origin == null) {
      return Map.of();
    }
    return Map.of("Access-Control-Allow-Origin", origin, "Vary", "Origin");
  }

  private static long retryAfterSeconds(JsonRpcError error) {
    Object millis = error.data() == null ? null : error.data().get("retryAfterMs");
    return millis instanceof Number number ? Math.max(1, (number.longValue() + 999) / 1000) : 1;
  }

  private static String clip(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
