package dev.sluice.devnet.bench;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupContract;
import dev.sluice.devnet.ScratchDirectories;
import dev.sluice.devnet.load.BenchmarkNode;
import dev.sluice.sequencer.Durability;
import dev.sluice.state.Address;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.SenderRecovery;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code sluice bench}: the same workload, side by side, against a Sluice node and against the
 * alternative a user would otherwise pick for ordered, signed, verifiable records, one transaction
 * per record to a data-registry contract on an Anvil node with automine. Same records, same keys,
 * same number of client connections, same driver, same machine, runs interleaved; prints every
 * figure with its workload parameters and the commit it measured, as medians over repeated runs
 * with min and max, and writes the Markdown report that scripts/bench-compare puts into
 * docs/benchmarks.md.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Benchmark Sluice against an Anvil chain (one DataRegistry transaction per record) on the"
          + " same records: steady-rate sweep, burst, many streams against one hot stream, state"
          + " size, L1 cost per record.",
      "Runs are interleaved (Sluice then Anvil, the order swapped every round) and repeated;"
          + " the report gives medians with min and max."
    })
public final class BenchCommand implements Callable<Integer> {
  /** The workloads, in the order they run. */
  enum Part {
    SWEEP,
    BURST,
    STREAMS,
    TREE,
    L1,
    REPLAY
  }

  private static final long L2_CHAIN_ID = 714_714;

  @Spec CommandSpec spec;

  @Option(
      names = "--quick",
      description =
          "A short run (about 2 minutes): 1 round, 1 s warm-up, 2 s window, smaller burst and"
              + " state sizes. Explicit options still win.")
  boolean quick;

  @Option(names = "--rounds", description = "Repetitions of every run (default 3; quick 1).")
  Integer rounds;

  @Option(
      names = "--clients",
      defaultValue = "32",
      description =
          "Client connections (gateways, each with its own key) for both systems (default:"
              + " ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--rates",
      split = ",",
      description =
          "Offered records/s of the steady sweep, besides max (default: 1000,5000,10000,20000).")
  List<Double> rates;

  @Option(
      names = "--warmup",
      description = "Seconds of warm-up before each window (default 2; quick 1).")
  Double warmupSeconds;

  @Option(names = "--window", description = "Seconds of measurement window (default 4; quick 2).")
  Double windowSeconds;

  @Option(
      names = "--prime",
      description =
          "Seconds of unrecorded closed-loop load on each system before the first round, so the"
              + " first round does not measure a cold JVM (default 10; quick 5).")
  Double primeSeconds;

  @Option(
      names = "--drain",
      defaultValue = "10",
      description =
          "Seconds after the window to wait for records still due; later ones count as not"
              + " acknowledged (default: ${DEFAULT-VALUE}).")
  double drainSeconds;

  @Option(names = "--burst", description = "Records in the burst (default 5000; quick 2000).")
  Integer burstRecords;

  @Option(
      names = "--tree-sizes",
      split = ",",
      description =
          "State sizes (leaves) for the state-size workload (default"
              + " 10000,100000,1000000,10000000; quick 10000,100000). Filling 10000000 takes about"
              + " 2 minutes and 5.5 GB in the temporary directory, deleted afterwards.")
  List<Long> treeSizes;

  @Option(
      names = "--tree-rate",
      defaultValue = "2000",
      description =
          "Offered records/s of the state-size workload's latency runs (default:"
              + " ${DEFAULT-VALUE}).")
  double treeRate;

  @Option(
      names = "--batch-records",
      defaultValue = "0",
      description =
          "At most this many records per batch in the L1 cost workload; 0 for the batch"
              + " builder's defaults, which cut by data size (default: ${DEFAULT-VALUE}).")
  int batchRecords;

  @Option(
      names = "--workloads",
      split = ",",
      description = "Which parts to run: sweep,burst,streams,tree,l1,replay (default: all).")
  List<String> workloads;

  @Option(
      names = "--no-receipt",
      description =
          "Skip the runs that take Sluice's receipt (applied, with root) as the acknowledgement.")
  boolean noReceipt;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of keys and payloads (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--repository",
      defaultValue = ".",
      description =
          "Repository root, where l1-contracts/node_modules holds Anvil (default: the working"
              + " directory; anvil on the PATH otherwise).")
  Path repository;

  @Option(
      names = "--anvil-arg",
      description = "An extra Anvil option (repeat for several), e.g. --anvil-arg=--prune-history.")
  List<String> anvilArguments = new ArrayList<>();

  @Option(
      names = "--shared-anvil-chain",
      description =
          "Run every Anvil workload on one growing chain instead of a fresh chain per run. Anvil"
              + " slows down as its chain grows (about 3× over its first 4,000 transactions here),"
              + " so the default measures it at its best.")
  boolean sharedAnvilChain;

  @Option(names = "--report", description = "Also write the Markdown report to this file.")
  Path reportFile;

  @Option(
      names = "--commit",
      description =
          "The commit measured, for the report (default: the sluice.commit property, else"
              + " unknown).")
  String commit;

  private final PrintStream out;

  public BenchCommand() {
    this(System.out);
  }

  BenchCommand(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new BenchCommand())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  @Override
  public Integer call() throws Exception {
    BenchSettings settings = settings();
    String measured = commit != null ? commit : System.getProperty("sluice.commit", "unknown");
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    double loadAtStart = loadAverage();
    out.printf(
        Locale.ROOT,
        "sluice bench, commit %s, %s, %d processors, load average %.2f, JDK %s, sender recovery"
            + " %s%n",
        measured,
        started,
        Runtime.getRuntime().availableProcessors(),
        loadAtStart,
        Runtime.version(),
        SenderRecovery.fastestAvailable().name());
    out.println("settings: " + settings.describe());

    BenchReport report = new BenchReport(settings, measured, started, loadAtStart);
    List<GatewayKey> keys = new ArrayList<>(clients);
    for (int c = 0; c < clients; c++) {
      keys.add(GatewayKey.derive(seed, c));
    }
    BenchSuite suite = new BenchSuite(settings, out, report, measured);
    // Nodes that only measure state size sign for no contract.
    Eip712Domain domain = new Eip712Domain(L2_CHAIN_ID, Address.ZERO);
    if (settings.runs(Part.SWEEP)
        || settings.runs(Part.BURST)
        || settings.runs(Part.STREAMS)
        || settings.runs(Part.L1)
        || settings.runs(Part.REPLAY)) {
      Path dataDirectory = ScratchDirectories.create("sluice-bench-node");
      try (AnvilTarget anvil =
              AnvilTarget.start(repository, anvilArguments, keys, !sharedAnvilChain);
          AnvilProcess l1 =
              AnvilProcess.start(
                  AnvilProcess.findBinary(repository),
                  List.of(),
                  AnvilProcess.DEFAULT_START_TIMEOUT);
          L1Client proposer = BatchCostProbe.proposer(l1.rpcUrl())) {
        // The rollup exists before the node starts, so the node's records are signed for it and
        // its batches are the ones a watcher of that rollup would verify.
        RollupContract rollup = BatchCostProbe.deployRollup(proposer, L2_CHAIN_ID);
        Eip712Domain rollupDomain = new Eip712Domain(L2_CHAIN_ID, rollup.address());
        try (SluiceTarget sluice =
            SluiceTarget.over(BenchmarkNode.startOnScratch(rollupDomain, Durability.SYNC, dataDirectory, 0), keys)) {
          out.println("anvil: " + anvil.rpcUrl() + ", DataRegistry at " + anvil.registry());
          out.println("l1: " + l1.rpcUrl() + ", SluiceRollup at " + rollup.address());
          out.println("sluice: " + sluice.node().node().rpcUrl() + ", data " + dataDirectory);
          report.acknowledgements(sluice, sluice.receiptView(), anvil);
          suite.sideBySide(sluice, anvil);
          if (settings.runs(Part.L1) || settings.runs(Part.REPLAY)) {
            suite.l1Cost(sluice, anvil, proposer, rollup, l1.rpcUrl());
          }
        }
      }
    }
    if (settings.runs(Part.TREE)) {
      suite.treeSizes(domain, keys);
    }
    report.finish(loadAverage());
    String markdown = report.markdown();
    out.println();
    out.println("== report ==");
    out.print(markdown);
    if (reportFile != null) {
      Path parent = reportFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(reportFile, markdown, StandardCharsets.UTF_8);
      out.println("report written to " + reportFile);
    }
    return 0;
  }

  private BenchSettings settings() {
    List<Part> parts;
    if (workloads == null || workloads.isEmpty()) {
      parts = Arrays.asList(Part.values());
    } else {
      parts = new ArrayList<>();
      for (String name : workloads) {
        try {
          parts.add(Part.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(
              spec.commandLine(),
              "--workloads takes sweep, burst, streams, tree, l1, replay; got " + name);
        }
      }
    }
    BenchSettings settings =
        new BenchSettings(
            parts,
            rounds != null ? rounds : quick ? 1 : 3,
            clients,
            rates != null ? List.copyOf(rates) : List.of(1000.0, 5000.0, 10000.0, 20000.0),
            seconds(warmupSeconds != null ? warmupSeconds : quick ? 1 : 2),
            seconds(windowSeconds != null ? windowSeconds : quick ? 2 : 4),
            seconds(drainSeconds),
            seconds(primeSeconds != null ? primeSeconds : quick ? 5 : 10),
            burstRecords != null ? burstRecords : quick ? 2000 : 5000,
            treeSizes != null
                ? List.copyOf(treeSizes)
                : quick
                    ? List.of(10_000L, 100_000L)
                    : List.of(10_000L, 100_000L, 1_000_000L, 10_000_000L),
            treeRate,
            batchRecords,
            !noReceipt,
            seed,
            quick);
    try {
      settings.validate();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return settings;
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static Duration seconds(double seconds) {
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  /** Runs the command in this process and returns its exit code (for the devnet CLI and tests). */
  static int run(PrintStream out, String... args) {
    return new CommandLine(new BenchCommand(out))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .execute(args);
  }

  /** The parameters every figure of one invocation was measured with. */
  record BenchSettings(
      List<Part> parts,
      int rounds,
      int clients,
      List<Double> rates,
      Duration warmup,
      Duration window,
      Duration drain,
      Duration prime,
      int burstRecords,
      List<Long> treeSizes,
      double treeRate,
      int batchRecords,
      boolean receipts,
      long seed,
      boolean quick) {

    boolean runs(Part part) {
      return parts.contains(part);
    }

    void validate() {
      if (rounds < 1 || clients < 1) {
        throw new IllegalArgumentException("--rounds and --clients must be positive");
      }
      if (window.isZero() || window.isNegative() || warmup.isNegative() || prime.isNegative()) {
        throw new IllegalArgumentException(
            "--window must be positive, --warmup and --prime not negative");
      }
      for (double rate : rates) {
        if (!(rate > 0)) {
          throw new IllegalArgumentException("--rates must be positive, got " + rate);
        }
      }
      for (long size : treeSizes) {
        if (size < 0 || size > 100_000_000L) {
          throw new IllegalArgumentException(
              "--tree-sizes are 0 to 100,000,000 leaves, got " + size);
        }
      }
      if (burstRecords < 1 || batchRecords < 0 || batchRecords > 65_536) {
        throw new IllegalArgumentException("--burst must be positive, --batch-records 0 to 65,536");
      }
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "%d clients (one HTTP connection and one key each, one record in flight per client),"
              + " %d round%s after %s s of unrecorded load per system, warm-up %s s, window %s s,"
              + " drain up to %s s%s",
          clients,
          rounds,
          rounds == 1 ? "" : "s",
          trim(prime),
          trim(warmup),
          trim(window),
          trim(drain),
          quick ? " (quick)" : "");
    }

    static String trim(Duration d) {
      double s = d.toNanos() / 1e9;
      return s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.1f", s);
    }
  }
}
