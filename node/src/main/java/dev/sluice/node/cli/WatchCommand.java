package dev.sluice.node.cli;

import dev.sluice.bridge.watcher.ChallengeReport;
import dev.sluice.bridge.watcher.FaultReport;
import dev.sluice.bridge.watcher.Watcher;
import dev.sluice.bridge.watcher.WatcherConfig;
import dev.sluice.bridge.watcher.WatcherStatus;
import dev.sluice.state.Address;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs a watcher: re-derives the state from the rollup's L1 data alone, checks every posted root,
 * and proves the first wrong one on L1 from the challenger's key.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Follow the rollup contract on L1, re-derive the state from the posted batch data alone and"
          + " check every posted state root; prove a wrong one on L1 from the challenger key.",
      "Needs no node: only the L1. Stops cleanly on Ctrl-C or SIGTERM and resumes from its data"
          + " directory."
    })
public final class WatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin L1Options l1;

  @Mixin L1BeaconOption beacon;

  @Mixin KeyOptions challenger;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = ".sluice/watcher",
      description =
          "The watcher's own state (LevelDB), apart from any node's (default: ${DEFAULT-VALUE}).")
  Path dataDirectory;

  @Mixin L1StartBlockOption start;

  @Option(
      names = "--confirmations",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Blocks to stay behind the L1 head; 0 follows the head and its reorgs (default:"
              + " ${DEFAULT-VALUE}).")
  int confirmations;

  @Option(
      names = "--poll-interval",
      paramLabel = "DURATION",
      defaultValue = "PT1S",
      description = "Pause between L1 polls once caught up (default: ${DEFAULT-VALUE}).")
  String pollInterval;

  @Option(
      names = "--report-interval",
      paramLabel = "DURATION",
      defaultValue = "PT10S",
      description = "How often to print the watcher's progress (default: ${DEFAULT-VALUE}).")
  String reportInterval;

  @Mixin ConfigOption config;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    String url = l1.requireL1RpcUrl("watching");
    BigInteger key = challenger.require("the watcher (its challenger account sends fraud proofs)");
    if (confirmations < 0) {
      throw new CliException("--confirmations must not be negative", ExitCodes.USAGE);
    }
    Duration poll = Durations.parse(pollInterval, "--poll-interval");
    Duration report = Durations.parse(reportInterval, "--report-interval");
    if (poll.isZero() || report.isZero()) {
      throw new CliException(
          "--poll-interval and --report-interval must be positive", ExitCodes.USAGE);
    }
    Address rollupAddress = l1.requireRollupAddress("watching");
    // Before anything reads L1, so that the settings show also when L1 cannot be reached.
    ConfigReport.print(spec, out);
    WatcherConfig watcherConfig =
        new WatcherConfig(
            url,
            rollupAddress,
            dataDirectory,
            key,
            start.resolve(url, rollupAddress),
            poll,
            confirmations,
            beacon.url());
    Watcher watcher = Watcher.start(watcherConfig, new SimpleMeterRegistry());
    out.println(
        "watching " + watcherConfig.rollup() + " on " + url
            + beacon.url().map(beaconNode -> " (blobs from " + beaconNode + ")").orElse("")
            + " as " + watcher.challenger());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("sluice watch: stopping");
                  watcher.close();
                  out.println("sluice watch: stopped");
                  stopped.countDown();
                },
                "watch-shutdown"));
    int faultsSeen = 0;
    int challengesSeen = 0;
    while (!stopped.await(report.toMillis(), TimeUnit.MILLISECONDS)) {
      WatcherStatus status = watcher.status();
      for (FaultReport fault :
          status
              .faults()
              .subList(Math.min(faultsSeen, status.faults().size()), status.faults().size())) {
        out.println("FAULT: " + fault);
      }
      for (ChallengeReport challenge :
          status
              .challenges()
              .subList(
                  Math.min(challengesSeen, status.challenges().size()),
                  status.challenges().size())) {
        out.println("challenge: " + challenge);
      }
      faultsSeen = status.faults().size();
      challengesSeen = status.challenges().size();
      out.println(describe(status));
    }
    return ExitCodes.OK;
  }

  static String describe(WatcherStatus status) {
    String verified =
        status.verifiedBatch() < 0
            ? "no batch verified yet"
            : String.format(
                Locale.ROOT,
                "verified batch %d (records to %d, root %s)",
                status.verifiedBatch(),
                status.verifiedSequence(),
                status.verifiedRoot());
    return verified
        + (status.finalizedBatch() < 0 ? "" : ", final to batch " + status.finalizedBatch())
        + ", L1 head "
        + status.l1Head()
        + (status.caughtUp() ? "" : ", catching up")
        + status
            .haltedAt()
            .map(b -> ", HALTED at wrong batch " + b + " until L1 reverts it")
            .orElse("")
        + status.lastError().map(e -> ", last error: " + e).orElse("");
  }
}
