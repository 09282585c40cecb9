package dev.sluice.rpc;

import dev.sluice.bridge.poster.RollupProgress;
import dev.sluice.rpc.results.NodeStatusResult;
import dev.sluice.rpc.auth.JwtVerifier;
import dev.sluice.rpc.http.AdminHttpService;
import dev.sluice.rpc.http.JsonRpcHttpService;
import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.jsonrpc.BaseJsonRpcProcessor;
import dev.sluice.rpc.jsonrpc.JsonRpcDispatcher;
import dev.sluice.rpc.jsonrpc.JsonRpcMethod;
import dev.sluice.rpc.jsonrpc.JsonRpcProcessor;
import dev.sluice.rpc.jsonrpc.MethodRegistry;
import dev.sluice.rpc.jsonrpc.TimedJsonRpcProcessor;
import dev.sluice.rpc.limits.KeyedRateLimiter;
import dev.sluice.rpc.methods.RecordIngress;
import dev.sluice.rpc.methods.SluiceJsonRpcMethods;
import dev.sluice.rpc.methods.admin.AdminJsonRpcMethods;
import dev.sluice.rpc.methods.admin.OperatorControls;
import dev.sluice.rpc.metrics.RpcMetrics;
import dev.sluice.rpc.openrpc.OpenRpcDocument;
import dev.sluice.rpc.openrpc.RpcDiscover;
import dev.sluice.rpc.subscriptions.ConnectionSubscriptions;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.SenderRecovery;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The RPC server of one node: the public JSON-RPC endpoint (HTTP and WebSocket, health, readiness,
 * metrics) and, when configured, the operator port. The node owns the {@link Vertx} instance and
 * the sequencer; this class owns its listeners and its worker pool.
 *
 * <pre>{@code
 * RpcServer server = new RpcServer(vertx, RpcConfig.defaults(), sequencer, domain,
 *     Optional.of(operatorControls), SenderRecovery.fastestAvailable(), registry,
 *     InstantSource.system());
 * server.start().join();
 * ...
 * server.stop().join();
 * }</pre>
 */
public final class RpcServer {
  /** The version reported in the OpenRPC document. */
  public static final String API_VERSION = "1.0.0";

  private final Vertx vertx;
  private final RpcConfig config;
  private final ThreadPoolExecutor workers;
  private final JsonRpcHttpService publicService;
  private final Optional<AdminHttpService> adminService;

  /**
   * @param controls what the operator port may ask of the sequencer; required when {@code config}
   *     has an operator port
   * @param recovery recovers senders for the per-signer rate limit and early signature errors
   * @param registry where the meters go, and what {@code /metrics} serves
   * @param clock the time of rate limits and JWT checks
   */
  public RpcServer(
      Vertx vertx,
      RpcConfig config,
      Sequencer sequencer,
      Eip712Domain domain,
      Optional<OperatorControls> controls,
      SenderRecovery recovery,
      PrometheusMeterRegistry registry,
      InstantSource clock) {
    this(
        vertx,
        config,
        sequencer,
        domain,
        controls,
        recovery,
        registry,
        clock,
        RollupProgress.none(NodeStatusResult.L1Status.NOT_CONNECTED.status()));
  }

  /**
   * As above, for a node that posts batches to L1.
   *
   * @param progress the poster's read side: receipt lifecycles, batches, L1 status, and the
   *     {@code batches} subscription
   */
  public RpcServer(
      Vertx vertx,
      RpcConfig config,
      Sequencer sequencer,
      Eip712Domain domain,
      Optional<OperatorControls> controls,
      SenderRecovery recovery,
      PrometheusMeterRegistry registry,
      InstantSource clock,
      RollupProgress progress) {
    if (config.admin().isPresent() && controls.isEmpty()) {
      throw new IllegalArgumentException("the operator port needs OperatorControls to act on");
    }
    this.vertx = vertx;
    this.config = config;
    RpcMetrics metrics = new RpcMetrics(registry);
    metrics.watchSequencer(sequencer);
    this.workers = workerPool(config);
    metrics.watchWorkers(workers);
    JsonCodec codec = new JsonCodec(config.maxJsonDepth(), config.maxRequestBodyBytes());
    JsonRpcProcessor processor = new TimedJsonRpcProcessor(new BaseJsonRpcProcessor(), metrics);

    KeyedRateLimiter addressLimiter =
        new KeyedRateLimiter(
            "address",
            "requests",
            config.addressRateLimit(),
            clock,
            config.maxRateLimitedKeys(),
            () -> metrics.rateLimited("address"));
    KeyedRateLimiter signerLimiter =
        new KeyedRateLimiter(
            "signer",
            "records",
            config.signerRateLimit(),
            clock,
            config.maxRateLimitedKeys(),
            () -> metrics.rateLimited("signer"));
    RecordIngress ingress = new RecordIngress(sequencer, domain, recovery, signerLimiter, metrics);
    List<JsonRpcMethod> methods =
        SluiceJsonRpcMethods.create(
            sequencer,
            ingress,
            config.maxRecordBytes(),
            config.receiptWait(),
            config.maxReceiptWait(),
            progress);
    MethodRegistry registryOfMethods =
        MethodRegistry.of(methods)
            .with(
                new RpcDiscover(
                    methods,
                    new OpenRpcDocument(
                        "Sluice JSON-RPC",
                        API_VERSION,
                        "Signed data-stream records on an optimistic rollup. Signing domain: name"
                            + " Sluice, version 1, chain id "
                            + domain.chainId()
                            + ", verifying contract "
                            + domain.verifyingContract()
                            + ".")));
    Optional<KeyedRateLimiter> limiter =
        addressLimiter.enabled() ? Optional.of(addressLimiter) : Optional.empty();
    JsonRpcDispatcher dispatcher =
        new JsonRpcDispatcher(
            registryOfMethods, processor, codec, workers, config.maxBatchSize(), limiter);
    ConnectionSubscriptions.Factory subscriptions =
        sink ->
            new ConnectionSubscriptions(
                sequencer,
                progress,
                sink,
                codec,
                config.maxSubscriptionsPerConnection(),
                config.maxPendingNotifications(),
                metrics);
    this.publicService =
        new JsonRpcHttpService(
            vertx, config, dispatcher, sequencer, registry, metrics, limiter, subscriptions);
    this.adminService =
        config
            .admin()
            .map(
                admin -> {
                  List<JsonRpcMethod> adminMethods =
                      AdminJsonRpcMethods.create(
                          controls.orElseThrow(), sequencer, domain.chainId());
                  MethodRegistry adminRegistry =
                      MethodRegistry.of(adminMethods)
                          .with(
                              new RpcDiscover(
                                  adminMethods,
                                  new OpenRpcDocument(
                                      "Sluice operator JSON-RPC",
                                      API_VERSION,
                                      "Operator-only methods; HS256 JWT required.")));
                  JsonRpcDispatcher adminDispatcher =
                      new JsonRpcDispatcher(
                          adminRegistry,
                          processor,
                          codec,
                          workers,
                          config.maxBatchSize(),
                          Optional.empty());
                  return new AdminHttpService(
                      vertx,
                      config,
                      admin,
                      adminDispatcher,
                      new JwtVerifier(admin.secret(), clock, admin.allowedSkew()),
                      metrics);
                });
  }

  /** Starts the listeners; completes once both accept connections. */
  public CompletableFuture<Void> start() {
    Future<?> started = publicService.start();
    if (adminService.isPresent()) {
      started = Future.all(started, adminService.get().start());
    }
    return started.<Void>mapEmpty().toCompletionStage().toCompletableFuture();
  }

  /** The public port; the actual one when the config asked for port 0. */
  public int port() {
    return publicService.actualPort();
  }

  public OptionalInt adminPort() {
    return adminService
        .map(service -> OptionalInt.of(service.actualPort()))
        .orElse(OptionalInt.empty());
  }

  public RpcConfig config() {
    return config;
  }

  /** Closes the listeners and their connections, then the worker pool. */
  public CompletableFuture<Void> stop() {
    Future<?> stopped = publicService.stop();
    if (adminService.isPresent()) {
      stopped = Future.all(stopped, adminService.get().stop());
    }
    return stopped
        .<Void>mapEmpty()
        .toCompletionStage()
        .toCompletableFuture()
        .whenComplete((done, failure) -> workers.shutdown());
  }

  Vertx vertx() {
    return vertx;
  }

  private static ThreadPoolExecutor workerPool(RpcConfig config) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        runnable -> {
          Thread thread = new Thread(runnable, "sluice-rpc-worker-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    // A bounded queue: when it is full, requests are answered BUSY rather than piling up.
    return new ThreadPoolExecutor(
        config.workerThreads(),
        config.workerThreads(),
        60,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(config.workerQueue()),
        threads,
        new ThreadPoolExecutor.AbortPolicy());
  }
}
