package dev.sluice.node;

import dev.sluice.rpc.AdminConfig;
import dev.sluice.rpc.RpcConfig;
import dev.sluice.rpc.RpcServer;
import dev.sluice.rpc.auth.JwtSecret;
import dev.sluice.rpc.methods.admin.OperatorControls;
import dev.sluice.sequencer.PipelinedSequencer;
import dev.sluice.sequencer.SequencerConfig;
import dev.sluice.state.record.SenderRecovery;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One node process: the sequencer pipeline on the data directory and the RPC server in front of
 * it. Starting recovers the pipeline (replaying its log) before the endpoints answer "ready";
 * closing stops the endpoints first, so no request reaches a closing pipeline.
 */
public final class SluiceNode implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SluiceNode.class.getName());
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final NodeConfig config;
  private final Vertx vertx;
  private final PipelinedSequencer sequencer;
  private final RpcServer rpc;
  private final Optional<Path> jwtSecretFile;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SluiceNode(
      NodeConfig config,
      Vertx vertx,
      PipelinedSequencer sequencer,
      RpcServer rpc,
      Optional<Path> jwtSecretFile) {
    this.config = config;
    this.vertx = vertx;
    this.sequencer = sequencer;
    this.rpc = rpc;
    this.jwtSecretFile = jwtSecretFile;
  }

  /** Opens the data directory, recovers the pipeline and starts the endpoints. */
  public static SluiceNode start(NodeConfig config) throws IOException {
    Files.createDirectories(config.dataDirectory());
    SequencerConfig sequencerConfig =
        SequencerConfig.builder(config.domain()).durability(config.durability()).build();
    PipelinedSequencer sequencer =
        PipelinedSequencer.open(sequencerConfig, config.databaseDirectory());
    Vertx vertx = null;
    try {
      sequencer.start().get(10, TimeUnit.MINUTES);
      RpcConfig rpcConfig = config.rpc();
      Optional<Path> secretFile = Optional.empty();
      if (config.operatorPort().isPresent()) {
        NodeConfig.OperatorPort operator = config.operatorPort().get();
        JwtSecret secret = loadOrCreateSecret(operator.jwtSecretFile());
        rpcConfig =
            rpcConfig.toBuilder()
                .admin(
                    new AdminConfig(
                        operator.host(), operator.port(), secret, AdminConfig.DEFAULT_SKEW))
                .build();
        secretFile = Optional.of(operator.jwtSecretFile());
      }
      vertx = Vertx.vertx();
      RpcServer rpc =
          new RpcServer(
              vertx,
              rpcConfig,
              sequencer,
              config.domain(),
              Optional.<OperatorControls>of(new SequencerOperatorControls(sequencer)),
              SenderRecovery.fastestAvailable(),
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
              InstantSource.system());
      rpc.start().get(1, TimeUnit.MINUTES);
      return new SluiceNode(config, vertx, sequencer, rpc, secretFile);
    } catch (Exception failure) {
      if (vertx != null) {
        vertx.close();
      }
      sequencer.close();
      if (failure instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("the node did not start: " + rootMessage(failure), failure);
    }
  }

  public NodeConfig config() {
    return config;
  }

  public PipelinedSequencer sequencer() {
    return sequencer;
  }

  /** The JSON-RPC endpoint over HTTP. */
  public URI rpcUrl() {
    return URI.create("http://" + config.rpc().host() + ":" + rpc.port() + "/");
  }

  /** The JSON-RPC endpoint over WebSocket. */
  public URI webSocketUrl() {
    return URI.create("ws://" + config.rpc().host() + ":" + rpc.port() + "/ws");
  }

  public URI metricsUrl() {
    return URI.create("http://" + config.rpc().host() + ":" + rpc.port() + "/metrics");
  }

  public OptionalInt adminPort() {
    return rpc.adminPort();
  }

  public Optional<Path> jwtSecretFile() {
    return jwtSecretFile;
  }

  /** Stops the endpoints, then the pipeline (which writes a final checkpoint); idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      rpc.stop().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "the RPC server did not stop cleanly: " + rootMessage(e));
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "Vert.x did not stop cleanly: " + rootMessage(e));
    }
    sequencer.close();
  }

  /**
   * Reads the operator port's secret, or writes a fresh random one readable by the owner only, as
   * Ethereum clients do for their Engine API secret.
   */
  static JwtSecret loadOrCreateSecret(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] key = new byte[JwtSecret.LENGTH];
      new SecureRandom().nextBytes(key);
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, HexFormat.of().formatHex(key) + "\n");
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        LOG.log(System.Logger.Level.WARNING, "cannot restrict the permissions of " + file);
      }
    }
    return JwtSecret.load(file);
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
