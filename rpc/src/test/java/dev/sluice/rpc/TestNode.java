package dev.sluice.rpc;

import dev.sluice.bridge.poster.RollupProgress;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.client.SluiceWebSocketClient;
import dev.sluice.rpc.limits.RateLimit;
import dev.sluice.rpc.results.NodeStatusResult;
import dev.sluice.state.record.BouncyCastleSenderRecovery;
import dev.sluice.state.record.SenderRecovery;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A real RPC server on 127.0.0.1 and an ephemeral port, over an {@link InMemorySequencer}. Closing
 * it stops the server and the sequencer; the {@link Vertx} instance belongs to the test class.
 */
public final class TestNode implements AutoCloseable {
  /** Sequencer time in the tests: fixed, so receipts (and spec files) are deterministic. */
  public static final InstantSource SEQUENCER_CLOCK =
      InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z"));

  /** One recovery implementation for every test node: loading the native library once is enough. */
  static final SenderRecovery RECOVERY = new BouncyCastleSenderRecovery();

  public final InMemorySequencer sequencer;
  public final RpcServer server;
  public final PrometheusMeterRegistry registry;

  private TestNode(
      InMemorySequencer sequencer, RpcServer server, PrometheusMeterRegistry registry) {
    this.sequencer = sequencer;
    this.server = server;
    this.registry = registry;
  }

  /** Test defaults: loopback, port 0, limits as shipped except rate limits, which are off. */
  public static RpcConfig.Builder testConfig() {
    return RpcConfig.builder()
        .host("127.0.0.1")
        .port(0)
        .workerThreads(4)
        .addressRateLimit(RateLimit.UNLIMITED)
        .signerRateLimit(RateLimit.UNLIMITED);
  }

  public static TestNode start(Vertx vertx) {
    return start(vertx, UnaryOperator.identity(), InstantSource.system());
  }

  public static TestNode start(Vertx vertx, UnaryOperator<RpcConfig.Builder> configure) {
    return start(vertx, configure, InstantSource.system());
  }

  public static TestNode start(
      Vertx vertx, UnaryOperator<RpcConfig.Builder> configure, InstantSource rpcClock) {
    return start(
        vertx,
        configure,
        rpcClock,
        RollupProgress.none(NodeStatusResult.L1Status.NOT_CONNECTED.status()));
  }

  /** A node whose L1 side (batches, lifecycle stages, L1 status) is {@code progress}. */
  public static TestNode start(Vertx vertx, RollupProgress progress) {
    return start(vertx, UnaryOperator.identity(), InstantSource.system(), progress);
  }

  private static TestNode start(
      Vertx vertx,
      UnaryOperator<RpcConfig.Builder> configure,
      InstantSource rpcClock,
      RollupProgress progress) {
    InMemorySequencer sequencer =
        new InMemorySequencer(TestKeys.DOMAIN, RECOVERY, SEQUENCER_CLOCK, 10_000);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RpcServer server =
        new RpcServer(
            vertx,
            configure.apply(testConfig()).build(),
            sequencer,
            TestKeys.DOMAIN,
            Optional.of(sequencer),
            RECOVERY,
            registry,
            rpcClock,
            progress);
    server.start().join();
    return new TestNode(sequencer, server, registry);
  }

  public URI http() {
    return URI.create("http://127.0.0.1:" + server.port() + "/");
  }

  public URI ws() {
    return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
  }

  public URI admin() {
    return URI.create("http://127.0.0.1:" + server.adminPort().orElseThrow() + "/");
  }

  public SluiceClient client() {
    return SluiceClient.connect(http());
  }

  public SluiceWebSocketClient webSocketClient() {
    return SluiceWebSocketClient.connect(ws());
  }

  @Override
  public void close() throws InterruptedException {
    try {
      server.stop().join();
    } finally {
      sequencer.close();
    }
  }
}
