package dev.sluice.node;

import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.poster.BacklogGate;
import dev.sluice.bridge.poster.BatchPoster;
import dev.sluice.bridge.poster.BatchSource;
import dev.sluice.bridge.poster.RollupProgress;
import dev.sluice.rpc.AdminConfig;
import dev.sluice.rpc.RpcConfig;
import dev.sluice.rpc.RpcServer;
import dev.sluice.rpc.auth.JwtSecret;
import dev.sluice.rpc.methods.admin.OperatorControls;
import dev.sluice.sequencer.AdmissionSwitch;
import dev.sluice.sequencer.PipelinedSequencer;
import dev.sluice.sequencer.SequencerConfig;
import dev.sluice.sequencer.batch.BatchBuilder;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.store.KeyValueStore;
import dev.sluice.state.store.LevelDbKeyValueStore;
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
 * One node process: the sequencer pipeline on the data directory, the RPC server in front of it
 * and, when the node posts to L1, the batch builder and poster behind it. Starting recovers the
 * pipeline (replaying its log) before the endpoints answer "ready"; closing stops the endpoints
 * first, so no request reaches a closing pipeline, then the poster, then the pipeline.
 *
 * <p>While the poster's backlog (records sequenced but not yet in an appended batch) is past its
 * bound, typically because L1 cannot be reached, new records are refused with BUSY: the node never
 * acknowledges more than it can promise to post.
 */
public final class SluiceNode implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SluiceNode.class.getName());
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final NodeConfig config;
  private final Vertx vertx;
  private final PipelinedSequencer sequencer;
  private final RpcServer rpc;
  private final Optional<Path> jwtSecretFile;
  private final Optional<L1Side> l1;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SluiceNode(
      NodeConfig config,
      Vertx vertx,
      PipelinedSequencer sequencer,
      RpcServer rpc,
      Optional<Path> jwtSecretFile,
      Optional<L1Side> l1) {
    this.config = config;
    this.vertx = vertx;
    this.sequencer = sequencer;
    this.rpc = rpc;
    this.jwtSecretFile = jwtSecretFile;
    this.l1 = l1;
  }

  /** Opens the data directory, recovers the pipeline and starts the endpoints. */
  public static SluiceNode start(NodeConfig config) throws IOException {
    Files.createDirectories(config.dataDirectory());
    AdmissionSwitch admission = new AdmissionSwitch();
    SequencerConfig sequencerConfig =
        SequencerConfig.builder(config.domain())
            .durability(config.durability())
            .admissionGate(admission)
            .build();
    PipelinedSequencer sequencer =
        PipelinedSequencer.open(sequencerConfig, config.databaseDirectory());
    Vertx vertx = null;
    L1Side l1 = null;
    try {
      sequencer.start().get(10, TimeUnit.MINUTES);
      if (config.l1().isPresent()) {
        l1 = L1Side.start(config, sequencer, admission);
      }
      RollupProgress progress =
          l1 != null
              ? l1.poster()
              : RollupProgress.none("this node posts nothing to L1 (no L1 RPC URL configured)");
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
              InstantSource.system(),
              progress);
      rpc.start().get(1, TimeUnit.MINUTES);
      return new SluiceNode(config, vertx, sequencer, rpc, secretFile, Optional.ofNullable(l1));
    } catch (Exception failure) {
      if (vertx != null) {
        vertx.close();
      }
      if (l1 != null) {
        l1.close();
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

  /** The batch poster, when this node posts to L1. */
  public Optional<BatchPoster> poster() {
    return l1.map(L1Side::poster);
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
      LOG.log(
          System.Logger.Level.WARNING, "the RPC server did not stop cleanly: " + rootMessage(e));
    }
    try {
      vertx
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "Vert.x did not stop cleanly: " + rootMessage(e));
    }
    l1.ifPresent(L1Side::close);
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

  /**
   * The node's L1 side: the batch builder over the sequencer's applied log, and the poster with its
   * own LevelDB (the sequencer's database is opened by the sequencer alone), gating the sequencer's
   * admission while its backlog is past the bound.
   */
  private record L1Side(L1Client client, KeyValueStore store, BatchPoster poster)
      implements AutoCloseable {
    private static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(2);

    static L1Side start(
        NodeConfig config, PipelinedSequencer sequencer, AdmissionSwitch admission) {
      L1Posting posting = config.l1().orElseThrow();
      Eip712Domain domain = config.domain();
      L1Client client =
          L1Client.connect(posting.l1RpcUrl(), posting.proposerKey(), RECEIPT_TIMEOUT);
      KeyValueStore store = null;
      try {
        RollupContract rollup = RollupContract.at(client, domain.verifyingContract());
        requireRollup(rollup, domain, client.address(), posting.l1RpcUrl());
        BatchBuilder builder =
            new BatchBuilder(
                sequencer, domain, posting.batches(), posting.faults(), InstantSource.system());
        BatchSource source =
            new BatchSource() {
              @Override
              public Optional<BatchContents> next(long firstSequence, Bytes32 preStateRoot) {
                return builder.next(firstSequence, preStateRoot);
              }

              @Override
              public long nextSequence() {
                return builder.nextSequence();
              }
            };
        store = LevelDbKeyValueStore.open(config.posterDirectory());
        BatchPoster poster = BatchPoster.create(rollup, source, store, posting.poster());
        poster.gateAdmission(
            new BacklogGate() {
              @Override
              public void refuse(String reason) {
                admission.refuse(reason);
              }

              @Override
              public void admit() {
                admission.admit();
              }
            });
        poster.start();
        return new L1Side(client, store, poster);
      } catch (RuntimeException failure) {
        if (store != null) {
          store.close();
        }
        client.close();
        throw failure;
      }
    }

    /**
     * Refuses to post to a contract that is not this node's: the records would not verify there.
     */
    private static void requireRollup(
        RollupContract rollup, Eip712Domain domain, Address sender, String url) {
      long chainId;
      try {
        chainId = rollup.l2ChainId();
      } catch (RuntimeException notThere) {
        throw new IllegalStateException(
            "no SluiceRollup contract answers at "
                + domain.verifyingContract()
                + " on "
                + url
                + ": check the rollup address and the L1 RPC URL");
      }
      if (chainId != domain.chainId()) {
        throw new IllegalStateException(
            "the rollup contract at "
                + domain.verifyingContract()
                + " is for L2 chain "
                + chainId
                + ", but this node signs for chain "
                + domain.chainId()
                + ": fix --chain-id");
      }
      Address proposer = rollup.proposer();
      if (!proposer.equals(sender)) {
        throw new IllegalStateException(
            "the L1 key's account "
                + sender
                + " is not the contract's proposer "
                + proposer
                + ": give the proposer's key");
      }
    }

    @Override
    public void close() {
      poster.close();
      store.close();
      client.close();
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
