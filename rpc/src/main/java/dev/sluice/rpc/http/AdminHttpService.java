package dev.sluice.rpc.http;

import dev.sluice.rpc.AdminConfig;
import dev.sluice.rpc.RpcConfig;
import dev.sluice.rpc.auth.JwtVerificationException;
import dev.sluice.rpc.auth.JwtVerifier;
import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.jsonrpc.Caller;
import dev.sluice.rpc.jsonrpc.JsonRpcDispatcher;
import dev.sluice.rpc.jsonrpc.JsonRpcError;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.jsonrpc.Transport;
import dev.sluice.rpc.limits.ConnectionLimiter;
import dev.sluice.rpc.metrics.RpcMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The operator port: {@code admin_} methods over HTTP on their own listener, every request
 * authenticated with an HS256 JWT. A missing, malformed, wrongly signed or stale token is answered
 * 401 with a JSON-RPC error saying which; nothing is parsed before the token checks out.
 */
public final class AdminHttpService {
  /** Operators are few: a handful of connections is plenty. */
  private static final int MAX_CONNECTIONS = 16;

  private final Vertx vertx;
  private final RpcConfig config;
  private final AdminConfig admin;
  private final JsonRpcDispatcher dispatcher;
  private final JwtVerifier verifier;
  private final RpcMetrics metrics;
  private final JsonCodec codec;
  private final HostAllowlist hosts;
  private final ConnectionTracker connections;
  private HttpServer server;

  public AdminHttpService(
      Vertx vertx,
      RpcConfig config,
      AdminConfig admin,
      JsonRpcDispatcher dispatcher,
      JwtVerifier verifier,
      RpcMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.admin = admin;
    this.dispatcher = dispatcher;
    this.verifier = verifier;
    this.metrics = metrics;
    this.codec = dispatcher.codec();
    this.hosts = new HostAllowlist(config.hostAllowlist());
    this.connections =
        new ConnectionTracker(
            vertx,
            Transport.ADMIN,
            new ConnectionLimiter(MAX_CONNECTIONS, MAX_CONNECTIONS),
            metrics,
            config.headerTimeout(),
            config.idleTimeout(),
            MAX_CONNECTIONS);
  }

  public Future<HttpServer> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(admin.host())
            .setPort(admin.port())
            .setHttp2ClearTextEnabled(false)
            .setIdleTimeout((int) config.idleTimeout().toMillis())
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    server = connections.serve(options, this::handle);
    return server.listen();
  }

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
    HostAndPort authority = request.authority();
    Optional<String> hostRefusal = hosts.refusal(authority == null ? null : authority.host());
    if (hostRefusal.isPresent()) {
      metrics.refused("host_not_allowed");
      exchange.refuse(403, RpcErrorType.FORBIDDEN, hostRefusal.get());
      return;
    }
    try {
      verifier.verify(request.getHeader(HttpHeaders.AUTHORIZATION));
    } catch (JwtVerificationException invalid) {
      metrics.refused("admin_unauthorized");
      exchange.refuse(
          401,
          JsonRpcError.of(RpcErrorType.UNAUTHORIZED, invalid.getMessage()),
          Map.of("WWW-Authenticate", "Bearer"));
      return;
    }
    if (!"/".equals(request.path()) || request.method() != HttpMethod.POST) {
      exchange.refuse(
          404, RpcErrorType.METHOD_NOT_FOUND, "the operator port takes JSON-RPC POSTed to /");
      return;
    }
    String remote = request.remoteAddress().hostAddress();
    exchange.readBody(
        config.maxRequestBodyBytes(),
        config.requestTimeout(),
        body ->
            dispatcher
                .dispatch(body, Caller.admin(remote))
                .thenAccept(
                    result -> {
                      if (result.body().isEmpty()) {
                        exchange.send(result.httpStatus(), null, new byte[0], Map.of());
                      } else {
                        exchange.sendJson(result.httpStatus(), result.body().get(), Map.of());
                      }
                    }));
  }
}
