package dev.sluice.devnet;

import dev.sluice.node.NodeConfig;
import dev.sluice.node.cli.CliException;
import dev.sluice.node.cli.ConfigOption;
import dev.sluice.node.cli.ConfigReport;
import dev.sluice.node.cli.ExitCodes;
import dev.sluice.node.cli.RpcEndpointOptions;
import dev.sluice.rpc.RpcConfig;
import dev.sluice.rpc.limits.RateLimit;
import dev.sluice.sequencer.Durability;
import dev.sluice.sequencer.batch.BatchFaultInjection;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice devnet}: a whole local rollup in one command, stopped by Ctrl-C or SIGTERM (both
 * run the same shutdown hook) and resumed by running it again on the same data directory.
 */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run a local devnet: Anvil as the L1 on loopback, the rollup contract (deployed on a fresh"
          + " chain), the node (sequencer + JSON-RPC + batch poster), a watcher that checks every"
          + " posted root from L1 alone and, with --demo, a producer of IoT readings.",
      "Prints the endpoints, chain ids, contract address and funded keys, and writes them as JSON"
          + " to <data-dir>/devnet.json. Ctrl-C or SIGTERM stops everything it started; running it"
          + " again on the same --data-dir resumes the same chain, contract and state."
    })
public final class DevnetCommand implements Callable<Integer> {
  /**
   * Three quarters of the default per-address rate limit (200 requests/s): the demo's gateways
   * connect from 127.0.0.1 like the operator's own clients, and must leave them room.
   */
  static final double MAX_DEMO_RATE = 150;

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = ".sluice/devnet",
      description =
          "Where the L1 chain, the deployment and the node's database are kept (default:"
              + " ${DEFAULT-VALUE}).")
  Path dataDirectory;

  @Mixin RpcEndpointOptions rpc;

  @Option(
      names = "--admin-port",
      paramLabel = "PORT",
      defaultValue = "8651",
      description =
          "The operator port (JWT); 0 picks a free one, -1 disables it (default:"
              + " ${DEFAULT-VALUE}).")
  int adminPort;

  @Option(
      names = "--chain-id",
      paramLabel = "ID",
      defaultValue = "714714",
      description =
          "The L2 chain id of a new devnet; a resumed one keeps its own (default:"
              + " ${DEFAULT-VALUE}).")
  long chainId;

  @Option(
      names = "--challenge-window",
      paramLabel = "DURATION",
      defaultValue = "PT30S",
      description =
          "How long a posted batch can be challenged on a new devnet, ISO-8601 or seconds (default:"
              + " ${DEFAULT-VALUE}).")
  String challengeWindow;

  @Option(
      names = "--durability",
      paramLabel = "MODE",
      defaultValue = "SYNC",
      description =
          "SYNC (acknowledge after fsync) or ASYNC (after the write) (default: ${DEFAULT-VALUE}).")
  Durability durability;

  @Option(
      names = "--demo",
      description =
          "Also run a producer of realistic IoT readings, so the whole pipeline visibly moves.")
  boolean demo;

  @Option(
      names = "--demo-rate",
      paramLabel = "N",
      defaultValue = "20",
      description =
          "Records per second the demo producer sends, 0.1 to 150 and at most three quarters of"
              + " --rpc-address-rate-limit, which the demo shares with your clients (default:"
              + " ${DEFAULT-VALUE}).")
  double demoRate;

  @Option(
      names = "--demo-gateways",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "IoT gateways in the demo, each signing with its own devnet key, 1 to 8 (default:"
              + " ${DEFAULT-VALUE}).")
  int demoGateways;

  @Option(
      names = "--unsafe-inject-fault",
      paramLabel = "FAULT",
      split = ",",
      description = {
        "DANGEROUS, devnet only: make the sequencer post a fraudulent batch, to watch the watcher"
            + " catch it. wrong-root:SEQ claims a wrong state root after record SEQ (the watcher"
            + " proves it on L1 and the batch is reverted); wrong-records-root:SEQ posts a records"
            + " root that does not match the data (seen, not provable on L1 yet). Each fires once"
            + " per run. Never accepted by 'sluice node'."
      })
  List<String> unsafeInjectFault = new ArrayList<>();

  @Option(
      names = "--no-watcher",
      description =
          "Do not start the devnet's watcher (to let 'sluice watch' or 'sluice prove-fraud' catch"
              + " an injected fault instead).")
  boolean noWatcher;

  @Option(
      names = "--verbose",
      description =
          "Log every batch the poster sends and every batch the watcher checks (default: warnings"
              + " only; the status line sums them up).")
  boolean verbose;

  @Mixin ConfigOption config;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    long startedAt = System.nanoTime();
    Devnet.Settings settings = settings();
    if (!verbose) {
      // slf4j-simple reads a logger's level when the logger is made, which for the L1 parts is
      // after this line: the status line says what their per-batch INFO lines would.
      System.setProperty("org.slf4j.simpleLogger.log.dev.sluice.bridge", "warn");
    }
    ConfigReport.print(spec, out);
    rpc.warning().ifPresent(out::println);
    Devnet devnet = Devnet.start(settings, out);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<StatusLine> status = new AtomicReference<>();
    // SIGINT (Ctrl-C) and SIGTERM both run the JVM's shutdown hooks: one clean path for both.
    Thread hook =
        new Thread(
            () -> {
              StatusLine line = status.getAndSet(null);
              if (line != null) {
                line.close();
              }
              out.println("sluice devnet: stopping");
              devnet.close();
              out.println(
                  "sluice devnet: stopped; data kept in "
                      + settings.directory().root()
                      + " (run the same command to resume)");
              out.flush();
              stopped.countDown();
            },
            "devnet-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    devnet.ownShutdown();
    devnet.info().print(out, settings.directory().info());
    out.printf(Locale.ROOT, "ready in %.1f s%n", (System.nanoTime() - startedAt) / 1e9);
    status.set(StatusLine.start(out, devnet::sample));
    stopped.await();
    return ExitCodes.OK;
  }

  Devnet.Settings settings() {
    BatchFaultInjection faults = InjectedFaults.parse(unsafeInjectFault);
    RpcConfig rpcConfig = rpc.config();
    requirePort(adminPort, "--admin-port", true);
    if (chainId <= 0) {
      throw new CliException("--chain-id must be positive, got " + chainId, ExitCodes.USAGE);
    }
    Duration window;
    try {
      window =
          challengeWindow.strip().matches("\\d{1,9}")
              ? Duration.ofSeconds(Long.parseLong(challengeWindow.strip()))
              : Duration.parse(challengeWindow.strip());
    } catch (DateTimeParseException bad) {
      throw new CliException(
          "--challenge-window must be seconds or ISO-8601 such as PT30S, got " + challengeWindow,
          ExitCodes.USAGE);
    }
    if (window.toSeconds() < 1) {
      throw new CliException("--challenge-window must be at least one second", ExitCodes.USAGE);
    }
    RateLimit perAddress = rpcConfig.addressRateLimit();
    double maxDemoRate =
        perAddress.enabled()
            ? Math.min(MAX_DEMO_RATE, 0.75 * perAddress.perSecond())
            : MAX_DEMO_RATE;
    if (!(demoRate >= 0.1 && demoRate <= maxDemoRate)) {
      throw new CliException(
          String.format(
              Locale.ROOT,
              "--demo-rate must be 0.1 to %.1f (the demo shares the node's per-address limit, %s,"
                  + " with your clients; scripts/bench-load measures throughput), got %s",
              maxDemoRate,
              perAddress,
              demoRate),
          ExitCodes.USAGE);
    }
    if (demoGateways < 1 || demoGateways > DemoProducer.MAX_GATEWAYS) {
      throw new CliException(
          "--demo-gateways must be 1 to " + DemoProducer.MAX_GATEWAYS + ", got " + demoGateways,
          ExitCodes.USAGE);
    }
    DevnetDirectory directory = new DevnetDirectory(dataDirectory);
    NodeConfig.OperatorPort operator =
        adminPort < 0
            ? null
            : new NodeConfig.OperatorPort(
                rpc.host(), adminPort, directory.node().resolve("jwt.hex"));
    return new Devnet.Settings(
        directory,
        repositoryRoot(),
        chainId,
        window,
        operator,
        rpcConfig,
        durability,
        demo,
        demoGateways,
        demoRate,
        faults,
        !noWatcher);
  }

  /** The checkout the launcher runs from (it says so), else the working directory. */
  static Path repositoryRoot() {
    String home = System.getProperty("sluice.home");
    return Path.of(home == null || home.isBlank() ? "" : home).toAbsolutePath();
  }

  private static void requirePort(int port, String option, boolean mayBeOff) {
    if (port < (mayBeOff ? -1 : 0) || port > 65535) {
      throw new CliException(
          option + " must be " + (mayBeOff ? "-1 (off) or " : "") + "0 to 65535, got " + port,
          ExitCodes.USAGE);
    }
  }
}
