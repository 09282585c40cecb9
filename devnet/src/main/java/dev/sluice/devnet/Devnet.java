package dev.sluice.devnet;

import dev.sluice.bridge.poster.BatchPoster;
import dev.sluice.bridge.poster.PosterConfig;
import dev.sluice.bridge.watcher.Watcher;
import dev.sluice.bridge.watcher.WatcherConfig;
import dev.sluice.bridge.watcher.WatcherStatus;
import dev.sluice.node.L1Posting;
import dev.sluice.node.NodeConfig;
import dev.sluice.node.SluiceNode;
import dev.sluice.node.cli.DevnetKeys;
import dev.sluice.rpc.RpcConfig;
import dev.sluice.sequencer.Durability;
import dev.sluice.sequencer.batch.BatchConfig;
import dev.sluice.sequencer.batch.BatchFaultInjection;
import dev.sluice.state.record.Eip712Domain;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running devnet: the L1 (Anvil and the rollup contract), the node, and optionally the demo
 * producer, all started from one data directory. {@link #close()} stops them in the reverse order
 * of starting, whatever stopped the devnet (Ctrl-C, SIGTERM, a failed start).
 */
final class Devnet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Devnet.class);
  private static final Duration POSTER_POLL_INTERVAL = Duration.ofMillis(250);
  private static final Duration WATCHER_POLL_INTERVAL = Duration.ofMillis(500);

  /** What to start, already validated by the command. */
  record Settings(
      DevnetDirectory directory,
      Path repositoryRoot,
      long l2ChainId,
      Duration challengeWindow,
      NodeConfig.OperatorPort operatorPortOrNull,
      RpcConfig rpc,
      Durability durability,
      boolean demo,
      int demoGateways,
      double demoRate,
      BatchFaultInjection faults,
      boolean watcher) {}

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Settings settings;
  private DevnetL1 l1;
  private SluiceNode node;
  private DemoProducer producer;
  private Watcher watcher;
  private DevnetInfo info;

  private Devnet(Settings settings) {
    this.settings = settings;
  }

  /** Starts every part; on failure stops those already started and rethrows. */
  static Devnet start(Settings settings, PrintStream out) throws Exception {
    Devnet devnet = new Devnet(settings);
    try {
      devnet.startParts(out);
      return devnet;
    } catch (Exception | Error failure) {
      devnet.close();
      throw failure;
    }
  }

  private void startParts(PrintStream out) throws Exception {
    DevnetDirectory directory = settings.directory();
    started.push(directory.lock());
    Files.deleteIfExists(directory.info());

    Path anvilBinary = AnvilInstallation.findOrInstall(settings.repositoryRoot());
    out.println("starting Anvil (" + anvilBinary + ")");
    l1 = DevnetL1.start(directory, anvilBinary, settings.l2ChainId(), settings.challengeWindow());
    started.push(l1);
    Deployment deployment = l1.deployment();
    if (deployment.l2ChainId() != settings.l2ChainId()) {
      throw new DevnetException(
          directory.root()
              + " holds a devnet of L2 chain "
              + deployment.l2ChainId()
              + ", not "
              + settings.l2ChainId()
              + ": drop --chain-id, or choose another --data-dir");
    }
    out.println(
        (l1.resumed() ? "resumed" : "deployed")
            + " the rollup contract at "
            + deployment.rollupAddress()
            + " on "
            + l1.rpcUrl());

    Eip712Domain domain = new Eip712Domain(deployment.l2ChainId(), deployment.rollupAddress());
    // The proposer posts as soon as a batch is due; the devnet's poster looks at L1 often.
    PosterConfig poster =
        PosterConfig.defaults()
            .withPolling(POSTER_POLL_INTERVAL, Duration.ofSeconds(5))
            .withHonestContents(!settings.faults().isArmed());
    NodeConfig nodeConfig =
        new NodeConfig(
                directory.node(),
                domain,
                settings.durability(),
                settings.rpc(),
                Optional.ofNullable(settings.operatorPortOrNull()))
            .withL1(
                new L1Posting(
                    l1.rpcUrl(),
                    DevnetKeys.get(DevnetKeys.PROPOSER),
                    BatchConfig.defaults(),
                    poster,
                    settings.faults()));
    out.println("starting the node (replaying its log if it has one)");
    try {
      node = SluiceNode.start(nodeConfig);
    } catch (IllegalStateException failed) {
      if (String.valueOf(failed.getMessage()).contains("in use")) {
        throw new DevnetException(
            "a port the node needs is in use ("
                + failed.getMessage()
                + "): is another devnet or"
                + " node running? Stop it, or choose other ports with --rpc-port and"
                + " --admin-port (0 picks free ones)",
            failed);
      }
      throw failed;
    }
    started.push(node);

    // The watcher knows nothing of the node: it derives everything from L1, as anyone could.
    if (settings.watcher()) {
      watcher =
          Watcher.start(
              new WatcherConfig(
                  l1.rpcUrl(),
                  deployment.rollupAddress(),
                  directory.watcher(),
                  DevnetKeys.get(DevnetKeys.CHALLENGER),
                  0,
                  WATCHER_POLL_INTERVAL,
                  0),
              new SimpleMeterRegistry());
      started.push(watcher);
    }

    if (settings.demo()) {
      producer =
          DemoProducer.start(
              node.rpcUrl(), node.webSocketUrl(), settings.demoGateways(), settings.demoRate());
      started.push(producer);
    }

    info =
        new DevnetInfo(
            directory.root(),
            node.rpcUrl(),
            node.webSocketUrl(),
            node.metricsUrl(),
            node.adminPort().isPresent()
                ? Optional.of(
                    URI.create(
                        "http://"
                            + settings.rpc().host()
                            + ":"
                            + node.adminPort().getAsInt()
                            + "/"))
                : Optional.empty(),
            node.jwtSecretFile(),
            l1.rpcUrl(),
            deployment.l1ChainId(),
            domain,
            deployment.challengeWindowSeconds(),
            l1.resumed(),
            settings.demo(),
            settings.demoGateways(),
            "posting to the L1 from key "
                + DevnetKeys.PROPOSER
                + (settings.faults().isArmed() ? " (" + settings.faults() + ")" : ""),
            settings.watcher()
                ? "checking every posted root from L1 alone; proves fraud from key "
                    + DevnetKeys.CHALLENGER
                    + " (state in "
                    + directory.watcher()
                    + ")"
                : "off (--no-watcher)");
    info.write(directory.info());
    started.push(() -> Files.deleteIfExists(directory.info()));
  }

  DevnetInfo info() {
    return info;
  }

  /** A reading for the status line. */
  StatusLine.Sample sample() {
    long records = node.sequencer().status().nextSequence();
    BatchPoster poster = node.poster().orElseThrow();
    long posted = poster.lastPostedBatch().orElse(-1) + 1;
    long finalized = poster.lastFinalizedBatch().orElse(-1) + 1;
    WatcherStatus checked = watcher == null ? null : watcher.status();
    return new StatusLine.Sample(
        records,
        posted,
        finalized,
        checked == null ? -1 : checked.verifiedBatch() + 1,
        checked == null ? 0 : checked.faults().size(),
        checked == null ? 0 : checked.challenges().size(),
        producer == null ? 0 : producer.refused());
  }

  /**
   * Makes {@link #close} the only way the devnet's parts stop, Anvil included, once the caller has
   * a shutdown hook that calls it: Anvil then outlives the poster and the watcher that talk to it.
   */
  void ownShutdown() {
    l1.anvil().stopOnlyWhenClosed();
  }

  /** Stops everything that was started, newest first; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
