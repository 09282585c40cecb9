package dev.sluice.devnet.load;

import dev.sluice.devnet.load.NodeProbe.SequencerSample;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.sequencer.Durability;
import dev.sluice.sequencer.LatencyHistogram;
import dev.sluice.state.Address;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.SenderRecovery;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Load generator for a Sluice node: N gateways, each with its own key and its own connection,
 * submit pre-signed sensor readings through the Java SDK over HTTP or WebSocket, and the run
 * reports throughput and the latency of durable acknowledgements (docs/benchmarks-load.md).
 *
 * <p>Without {@code --url} it starts a node in this process on a temporary data directory, so one
 * command measures; {@code --serve} starts that same node alone, for a load generator (or a
 * profiler) in another process.
 */
@Command(
    name = "bench-load",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Drive a Sluice node with N signing clients over the SDK and report throughput and"
          + " acknowledgement latency (p50/p90/p99/p99.9/max, HdrHistogram).",
      "Open loop with --rate (latency at a fixed offered rate, measured from each record's due"
          + " time), closed loop with --rate max (the most the node sustains)."
    },
    subcommands = {JfrSummary.class})
public final class LoadGenerator implements Callable<Integer> {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration JFR_PERIOD = Duration.ofMillis(5);

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      description =
          "JSON-RPC HTTP endpoint of a running node, e.g. http://127.0.0.1:8645/. Default: start"
              + " a node in this process on a temporary data directory.")
  URI url;

  @Option(
      names = "--ws-url",
      description = "WebSocket endpoint of that node (default: ws://<host>:<port>/ws of --url).")
  URI webSocketUrl;

  @Option(
      names = "--transport",
      defaultValue = "http",
      description = "http or ws (default: ${DEFAULT-VALUE}).")
  String transport;

  @Option(
      names = "--clients",
      defaultValue = "64",
      description =
          "Concurrent gateways, each with its own key and connection (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--rate",
      defaultValue = "max",
      description =
          "Offered records/s across all clients (open loop), or 'max' for closed loop"
              + " (default: ${DEFAULT-VALUE}).")
  String rate;

  @Option(
      names = "--window",
      description =
          "Records in flight per client at most. Default over HTTP: 1, as docs/rpc.md asks of"
              + " an account's records over HTTP. Over WebSocket, which keeps a connection's order:"
              + " 64 in open loop (the sequencer's nonce hold), 8 in closed loop.")
  Integer window;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description =
          "Seconds of load before the measurement window, not counted; in open loop the rate"
              + " ramps from 10 %% to 100 %% over its first half (default: ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Option(
      names = "--duration",
      defaultValue = "30",
      description = "Seconds of measurement window (default: ${DEFAULT-VALUE}).")
  double durationSeconds;

  @Option(
      names = "--records",
      description =
          "Records to pre-sign across all clients. Open loop: what the schedule needs, the"
              + " default. Closed loop: the run ends early if they run out (default: 480,000).")
  Long records;

  @Option(
      names = "--durability",
      defaultValue = "SYNC",
      description = "SYNC or ASYNC, for the in-process node (default: ${DEFAULT-VALUE}).")
  Durability durability;

  @Option(
      names = "--data-dir",
      description =
          "Data directory of the in-process node (default: a temporary one, deleted after).")
  Path dataDirectory;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "Port of the in-process node; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--serve",
      description =
          "Only start the in-process node (limits lifted for load, see BenchmarkNode) and wait for"
              + " Ctrl-C; drive it from another process with --url.")
  boolean serve;

  @Option(
      names = "--chain-id",
      defaultValue = "714714",
      description = "L2 chain id of the in-process node (default: ${DEFAULT-VALUE}).")
  long chainId;

  @Option(
      names = "--sensors",
      defaultValue = "16",
      description =
          "Sensors per gateway: entries each gateway's stream keeps (default: ${DEFAULT-VALUE}).")
  int sensors;

  @Option(
      names = "--key-seed",
      defaultValue = "1",
      description = "Seed the gateways' keys derive from (default: ${DEFAULT-VALUE}).")
  long keySeed;

  @Option(
      names = "--workload-cache",
      defaultValue = "devnet/target/load-workloads",
      description =
          "Directory keeping signed workloads between runs; 'none' to sign every time (default:"
              + " ${DEFAULT-VALUE}).")
  String workloadCache;

  @Option(
      names = "--drain",
      defaultValue = "60",
      description =
          "Seconds to wait after the window for outstanding acknowledgements (default:"
              + " ${DEFAULT-VALUE}).")
  double drainSeconds;

  @Option(
      names = "--progress",
      defaultValue = "5",
      description = "Seconds between progress lines; 0 for none (default: ${DEFAULT-VALUE}).")
  double progressSeconds;

  @Option(
      names = "--jfr",
      description =
          "Record the measurement window with Java Flight Recorder (CPU-time samples) into this"
              + " file and print where the CPU went.")
  Path jfrFile;

  @Option(
      names = "--label",
      defaultValue = "",
      description = "Free text carried into the summary line, to tell repeated runs apart.")
  String label;

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new LoadGenerator())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  @Override
  public Integer call() throws Exception {
    RecordTransport.Kind kind = transportKind();
    OptionalDouble offered = offeredRate();
    int perClientWindow = window != null ? window : defaultWindow(kind, offered);
    if (clients < 1 || perClientWindow < 1) {
      throw new ParameterException(spec.commandLine(), "--clients and --window must be positive");
    }
    Duration warmup = seconds(warmupSeconds);
    Duration duration = seconds(durationSeconds);
    if (duration.isZero()) {
      throw new ParameterException(spec.commandLine(), "--duration must be positive");
    }
    String commit = System.getProperty("sluice.commit", "unknown");
    out.println("sluice load generator, commit " + commit);

    if (serve && url != null) {
      throw new ParameterException(spec.commandLine(), "--serve starts its own node; drop --url");
    }
    Optional<BenchmarkNode> local = Optional.empty();
    try {
      if (url == null) {
        local =
            Optional.of(
                BenchmarkNode.start(
                    new Eip712Domain(chainId, Address.ZERO),
                    durability,
                    Optional.ofNullable(dataDirectory),
                    port));
      }
      if (serve) {
        return serve(local.get());
      }
      URI http = local.isPresent() ? local.get().node().rpcUrl() : url;
      URI ws =
          local.isPresent()
              ? local.get().node().webSocketUrl()
              : webSocketUrl != null ? webSocketUrl : webSocketOf(url);
      try (SluiceClient control = SluiceClient.connect(http, CONNECT_TIMEOUT)) {
        return measure(
            kind, offered, perClientWindow, warmup, duration, local, http, ws, control, commit);
      }
    } finally {
      if (local.isPresent()) {
        local.get().close();
      }
    }
  }

  private int measure(
      RecordTransport.Kind kind,
      OptionalDouble offered,
      int perClientWindow,
      Duration warmup,
      Duration duration,
      Optional<BenchmarkNode> local,
      URI http,
      URI ws,
      SluiceClient control,
      String commit)
      throws Exception {
    Eip712Domain domain = control.signingDomain();
    NodeProbe probe =
        local.isPresent()
            ? NodeProbe.inProcess(local.get().node().sequencer())
            : NodeProbe.remote(control);
    long totalRecords =
        records != null
            ? records
            : offered.isPresent()
                ? LoadRun.scheduledRecords(offered.getAsDouble(), warmup, duration)
                : 480_000;
    int perClient = (int) Math.max(1, (totalRecords + clients - 1) / clients);

    printConditions(kind, offered, perClientWindow, warmup, duration, local, http, ws);

    long[] startNonces = new long[clients];
    for (int c = 0; c < clients; c++) {
      startNonces[c] = control.nonce(Workload.senderOf(domain, keySeed, c));
    }
    Optional<Path> cache =
        workloadCache.equals("none") ? Optional.empty() : Optional.of(Path.of(workloadCache));
    Workload workload =
        Workload.prepare(domain, keySeed, sensors, startNonces, perClient, cache, out);
    out.printf(
        Locale.ROOT,
        "workload: %,d records of %d bytes (PUT of a %d-byte reading), %,d per client%n",
        workload.totalRecords(),
        workload.encodedBytes(),
        SensorReadings.VALUE_BYTES,
        perClient);

    ScheduledExecutorService timers =
        Executors.newScheduledThreadPool(
            2, runnable -> Thread.ofPlatform().name("load-timer").daemon().unstarted(runnable));
    List<RecordTransport> transports = new ArrayList<>();
    try {
      for (int c = 0; c < clients; c++) {
        transports.add(kind.open(http, ws, Duration.ofSeconds(30)));
      }
      long start = LoadRun.firstDue();
      long windowStart = LoadRun.windowStart(start, warmup);
      LoadMeasurements measurements =
          new LoadMeasurements(windowStart, windowStart + duration.toNanos());
      List<LoadClient> loadClients = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        loadClients.add(
            new LoadClient(
                transports.get(c), workload.recordsOf(c), perClientWindow, measurements, timers));
      }
      WindowSamples samples = new WindowSamples();
      CountDownLatch windowClosed = new CountDownLatch(1);
      Optional<Recording> recording = Optional.ofNullable(jfrFile).map(f -> newRecording());
      timers.schedule(
          () -> {
            recording.ifPresent(Recording::start);
            samples.begin.set(Sample.take(probe, loadClients));
          },
          windowStart - System.nanoTime(),
          TimeUnit.NANOSECONDS);
      timers.schedule(
          () -> {
            samples.end.set(Sample.take(probe, loadClients));
            recording.ifPresent(Recording::stop);
            windowClosed.countDown();
          },
          measurements.windowEnd() - System.nanoTime(),
          TimeUnit.NANOSECONDS);
      if (progressSeconds > 0) {
        long every = seconds(progressSeconds).toNanos();
        timers.scheduleAtFixedRate(
            () -> progress(measurements, loadClients, probe, start),
            start - System.nanoTime() + every,
            every,
            TimeUnit.NANOSECONDS);
      }
      LoadRun run =
          new LoadRun(
              loadClients, offered, warmup, duration, seconds(drainSeconds), measurements, start);
      boolean drained = run.run();
      windowClosed.await();
      long applyStart = System.nanoTime();
      NodeProbe.Progress settled = awaitApplied(probe, Duration.ofMinutes(2));
      long applyWait = System.nanoTime() - applyStart;
      timers.shutdownNow();
      report(
          kind,
          offered,
          perClientWindow,
          duration,
          measurements,
          run,
          drained,
          samples,
          settled,
          applyWait,
          loadClients,
          local,
          commit);
      if (recording.isPresent()) {
        recording.get().dump(jfrFile);
        recording.get().close();
        out.println();
        out.println("== profile of the measurement window: " + jfrFile + " ==");
        JfrSummary.summarize(jfrFile, out, 25);
      }
      return 0;
    } finally {
      timers.shutdownNow();
      transports.forEach(RecordTransport::close);
    }
  }

  private static Recording newRecording() {
    Recording recording = new Recording();
    recording.setName("sluice-load-window");
    JfrSummary.configure(recording, JFR_PERIOD);
    return recording;
  }

  private void printConditions(
      RecordTransport.Kind kind,
      OptionalDouble offered,
      int perClientWindow,
      Duration warmup,
      Duration duration,
      Optional<BenchmarkNode> local,
      URI http,
      URI ws) {
    out.printf(
        Locale.ROOT,
        "workload: transport %s, %d clients, %s, window %d per client, warm-up %s s, window %s s,"
            + " %d sensors per gateway%n",
        kind.name().toLowerCase(Locale.ROOT),
        clients,
        offered.isPresent()
            ? String.format(Locale.ROOT, "open loop at %,.0f records/s", offered.getAsDouble())
            : "closed loop (max throughput)",
        perClientWindow,
        trim(warmup.toMillis() / 1000.0),
        trim(duration.toMillis() / 1000.0),
        sensors);
    out.printf(
        Locale.ROOT,
        "node: %s%n",
        local.isPresent()
            ? "in this process, durability "
                + durability
                + ", data directory "
                + local.get().dataDirectory()
                + ", "
                + (kind == RecordTransport.Kind.HTTP ? http : ws)
                + " (rate and connection limits lifted)"
            : "remote, " + (kind == RecordTransport.Kind.HTTP ? http : ws));
    double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    out.printf(
        Locale.ROOT,
        "machine: %d processors, load average %.2f at start, JDK %s, sender recovery %s,"
            + " max heap %d MiB%n",
        Runtime.getRuntime().availableProcessors(),
        loadAverage,
        Runtime.version(),
        SenderRecovery.fastestAvailable().name(),
        Runtime.getRuntime().maxMemory() >> 20);
  }

  private void progress(
      LoadMeasurements measurements, List<LoadClient> loadClients, NodeProbe probe, long start) {
    LoadMeasurements.Interval interval = measurements.takeInterval();
    long now = System.nanoTime();
    int inFlight = loadClients.stream().mapToInt(LoadClient::inFlight).sum();
    int backlog = loadClients.stream().mapToInt(LoadClient::backlog).sum();
    NodeProbe.Progress progress = probe.progress();
    String phase =
        now - measurements.windowStart() < 0
            ? "warm-up"
            : now - measurements.windowEnd() < 0 ? "window" : "drain";
    out.printf(
        Locale.ROOT,
        "  %6.1f s %-7s acks %,8.0f/s  p50 %7s  p99 %7s  max %7s  in flight %5d  backlog %6d"
            + "  failures %d  apply lag %,d%n",
        (now - start) / 1e9,
        phase,
        interval.acks() / progressSeconds,
        millis(interval.latencyFromDue().getValueAtPercentile(50)),
        millis(interval.latencyFromDue().getValueAtPercentile(99)),
        millis(interval.latencyFromDue().getMaxValue()),
        inFlight,
        backlog,
        interval.failures(),
        progress.nextSequence() - progress.applied());
  }

  private void report(
      RecordTransport.Kind kind,
      OptionalDouble offered,
      int perClientWindow,
      Duration duration,
      LoadMeasurements m,
      LoadRun run,
      boolean drained,
      WindowSamples samples,
      NodeProbe.Progress settled,
      long applyWaitNanos,
      List<LoadClient> loadClients,
      Optional<BenchmarkNode> local,
      String commit) {
    double seconds = duration.toNanos() / 1e9;
    Sample begin = samples.begin.get();
    Sample end = samples.end.get();
    double offeredRate = m.dueInWindow() / seconds;
    double achieved = m.ackedInWindow() / seconds;
    double applied = (end.progress().applied() - begin.progress().applied()) / seconds;
    long exhausted = loadClients.stream().mapToLong(LoadClient::exhausted).sum();
    out.println();
    out.println("== result ==");
    out.printf(
        Locale.ROOT,
        "offered:   %,.0f records/s due in the window (%,d records)%s%n",
        offeredRate,
        m.dueInWindow(),
        offered.isPresent() ? "" : ", closed loop");
    out.printf(
        Locale.ROOT,
        "achieved:  %,.0f acks/s in the window; applied %,.0f records/s%n",
        achieved,
        applied);
    out.printf(
        Locale.ROOT,
        "acks:      %,d of the %,d records due in the window, %,d in all; drained %.2f s after"
            + " the window%s%n",
        m.ackedDueInWindow(),
        m.dueInWindow(),
        m.acked(),
        run.drainNanos() / 1e9,
        drained ? "" : " (gave up: records still outstanding)");
    out.printf(
        Locale.ROOT,
        "applied:   all %,d sequenced records %.2f s after the drain (apply lag at window end"
            + " %,d)%n",
        settled.nextSequence(),
        applyWaitNanos / 1e9,
        end.progress().nextSequence() - end.progress().applied());
    out.printf(
        Locale.ROOT,
        "at start:  %,d records in flight, %,d due but waiting in the clients, apply lag %,d"
            + " (what the warm-up left for the window)%n",
        begin.inFlight(),
        begin.backlog(),
        begin.progress().nextSequence() - begin.progress().applied());
    Map<String, Long> failures = m.failuresInWindow();
    out.println(
        "errors:    "
            + (failures.isEmpty() ? "none" : describe(failures))
            + " in the window; all run: "
            + (m.failures().isEmpty() ? "none" : describe(m.failures()))
            + "; retried: "
            + (m.retries().isEmpty() ? "none" : describe(m.retries()))
            + (exhausted > 0 ? "; " + exhausted + " records due after the workload ran out" : ""));
    if (offered.isPresent()) {
      out.printf(
          Locale.ROOT,
          "pacer:     worst lag behind schedule %s ms (included in the latency from due)%n",
          millis(run.pacerLagNanos()));
    }
    out.println(
        "latency ms          p50       p90       p99     p99.9       max     mean    count");
    printLatency(offered.isPresent() ? "ack from due" : "ack from send", m.latencyFromDue());
    if (offered.isPresent()) {
      printLatency("ack from send", m.latencyFromSend());
    }
    Map<String, double[]> cores = end.cpu().coresSince(begin.cpu());
    double process = cores.get("process")[0];
    double machine = end.cpu().machineCoresSince(begin.cpu());
    double others = Double.isNaN(machine) ? Double.NaN : Math.max(0, machine - process);
    out.printf(
        Locale.ROOT,
        "cpu:       this process %.2f cores, whole machine %.2f of %d (other processes %.2f)%n",
        process,
        machine,
        Runtime.getRuntime().availableProcessors(),
        others);
    boolean waits = end.cpu().hasWaits();
    out.printf(
        Locale.ROOT,
        "  %-44s %6s%s%n",
        "thread role",
        "cores",
        waits ? "  waiting for a CPU (cores' worth)" : "");
    cores.forEach(
        (role, used) -> {
          if (!role.equals("process")) {
            out.printf(
                Locale.ROOT,
                "  %-44s %6.2f%s%n",
                role,
                used[0],
                waits ? String.format(Locale.ROOT, "  %6.2f", used[1]) : "");
          }
        });
    if (begin.sequencer().isPresent() && end.sequencer().isPresent()) {
      printSequencer(begin.sequencer().get(), end.sequencer().get(), seconds);
    }
    Histogram latency = m.latencyFromDue();
    out.printf(
        Locale.ROOT,
        "summary: label=%s transport=%s clients=%d window=%d rate=%s durability=%s offered=%.0f"
            + " achieved=%.0f applied=%.0f p50=%.3f p90=%.3f p99=%.3f p999=%.3f max=%.3f"
            + " errors=%d start_backlog=%d node_cores=%.2f client_cores=%.2f other_cores=%.2f"
            + " commit=%s%n",
        label.isEmpty() ? "-" : label.replace(' ', '_'),
        kind.name().toLowerCase(Locale.ROOT),
        clients,
        perClientWindow,
        offered.isPresent() ? String.format(Locale.ROOT, "%.0f", offered.getAsDouble()) : "max",
        local.isPresent() ? durability : "remote",
        offeredRate,
        achieved,
        applied,
        latency.getValueAtPercentile(50) / 1e6,
        latency.getValueAtPercentile(90) / 1e6,
        latency.getValueAtPercentile(99) / 1e6,
        latency.getValueAtPercentile(99.9) / 1e6,
        latency.getMaxValue() / 1e6,
        failures.values().stream().mapToLong(Long::longValue).sum(),
        begin.inFlight() + begin.backlog(),
        sum(cores, "rpc:", "sequencer:"),
        sum(cores, "client:"),
        others,
        commit);
  }

  private void printSequencer(SequencerSample begin, SequencerSample end, double seconds) {
    long commits = end.logCommits() - begin.logCommits();
    long sequenced = end.sequenced() - begin.sequenced();
    LatencyHistogram.Snapshot commit =
        SequencerSample.between(begin.logCommitTime(), end.logCommitTime());
    LatencyHistogram.Snapshot checkpoint =
        SequencerSample.between(begin.checkpointTime(), end.checkpointTime());
    LatencyHistogram.Snapshot pause =
        SequencerSample.between(begin.checkpointPause(), end.checkpointPause());
    LatencyHistogram.Snapshot ack = SequencerSample.between(begin.ackLatency(), end.ackLatency());
    out.printf(
        Locale.ROOT,
        "sequencer: %,.0f sequenced/s; %,.0f log commits/s of %.1f records, commit mean %s ms,"
            + " p99 <= %s ms; %d checkpoints, write mean %s ms, max %s ms, state-thread pause"
            + " mean %s ms, max %s ms; submit-to-ack p50 <= %s ms,"
            + " p99 <= %s ms; refused BUSY %d, NONCE_TOO_HIGH %d%n",
        sequenced / seconds,
        commits / seconds,
        commits == 0 ? 0.0 : (double) sequenced / commits,
        millis(commit.count() == 0 ? 0 : commit.sumNanos() / commit.count()),
        millis(commit.quantileNanos(0.99)),
        checkpoint.count(),
        millis(checkpoint.count() == 0 ? 0 : checkpoint.sumNanos() / checkpoint.count()),
        millis(checkpoint.quantileNanos(1.0)),
        millis(pause.count() == 0 ? 0 : pause.sumNanos() / pause.count()),
        millis(pause.quantileNanos(1.0)),
        millis(ack.quantileNanos(0.5)),
        millis(ack.quantileNanos(0.99)),
        end.busy() - begin.busy(),
        end.nonceTooHigh() - begin.nonceTooHigh());
  }

  private void printLatency(String what, Histogram histogram) {
    out.printf(
        Locale.ROOT,
        "  %-14s %9s %9s %9s %9s %9s %8s %8d%n",
        what,
        millis(histogram.getValueAtPercentile(50)),
        millis(histogram.getValueAtPercentile(90)),
        millis(histogram.getValueAtPercentile(99)),
        millis(histogram.getValueAtPercentile(99.9)),
        millis(histogram.getMaxValue()),
        millis((long) histogram.getMean()),
        histogram.getTotalCount());
  }

  /** Cores used by the roles whose names start with one of {@code prefixes}. */
  private static double sum(Map<String, double[]> cores, String... prefixes) {
    double total = 0;
    for (Map.Entry<String, double[]> role : cores.entrySet()) {
      for (String prefix : prefixes) {
        if (role.getKey().startsWith(prefix)) {
          total += role.getValue()[0];
        }
      }
    }
    return total;
  }

  private int serve(BenchmarkNode node) throws InterruptedException {
    out.println("node ready (rate and connection limits lifted for load)");
    out.println("  JSON-RPC (HTTP):      " + node.node().rpcUrl());
    out.println("  JSON-RPC (WebSocket): " + node.node().webSocketUrl());
    out.println("  durability:           " + durability);
    out.println("  data directory:       " + node.dataDirectory());
    out.println("stop with Ctrl-C");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    node.close();
                  } catch (Exception e) {
                    System.err.println("closing the node: " + e.getMessage());
                  }
                  stopped.countDown();
                },
                "load-shutdown"));
    stopped.await();
    return 0;
  }

  private static NodeProbe.Progress awaitApplied(NodeProbe probe, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    NodeProbe.Progress progress = probe.progress();
    while (progress.applied() < progress.nextSequence() && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
      progress = probe.progress();
    }
    return progress;
  }

  /**
   * Over HTTP an account's concurrent records travel on separate connections and can overtake
   * each other; under overload a record can wait longer than the sequencer's 2 s nonce hold behind
   * its own successors, which are then refused NONCE_TOO_HIGH and leave a gap no later record of
   * that account can cross. A gateway sends its records one after another there, as the SDK's
   * documentation asks. A WebSocket keeps their order, so they may be pipelined up to the hold.
   */
  private static int defaultWindow(RecordTransport.Kind kind, OptionalDouble offered) {
    if (kind == RecordTransport.Kind.HTTP) {
      return 1;
    }
    return offered.isPresent() ? 64 : 8;
  }

  private RecordTransport.Kind transportKind() {
    return switch (transport.toLowerCase(Locale.ROOT)) {
      case "http" -> RecordTransport.Kind.HTTP;
      case "ws", "websocket" -> RecordTransport.Kind.WS;
      default ->
          throw new ParameterException(
              spec.commandLine(), "--transport is http or ws, got " + transport);
    };
  }

  private OptionalDouble offeredRate() {
    if (rate.equalsIgnoreCase("max")) {
      return OptionalDouble.empty();
    }
    try {
      double value = Double.parseDouble(rate.replace("_", "").replace(",", ""));
      if (value > 0) {
        return OptionalDouble.of(value);
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new ParameterException(
        spec.commandLine(), "--rate is records per second (> 0) or 'max', got " + rate);
  }

  private static URI webSocketOf(URI http) {
    String scheme = "https".equalsIgnoreCase(http.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + "://" + http.getHost() + ":" + http.getPort() + "/ws");
  }

  private static Duration seconds(double seconds) {
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  private static String trim(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String describe(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /**
   * The node's progress, the sequencer's counters, the CPU clocks and the records the clients have
   * out or waiting, at one moment.
   */
  private record Sample(
      NodeProbe.Progress progress,
      Optional<SequencerSample> sequencer,
      ThreadCpu cpu,
      int inFlight,
      int backlog) {
    static Sample take(NodeProbe probe, List<LoadClient> clients) {
      return new Sample(
          probe.progress(),
          probe.sample(),
          ThreadCpu.snapshot(),
          clients.stream().mapToInt(LoadClient::inFlight).sum(),
          clients.stream().mapToInt(LoadClient::backlog).sum());
    }
  }

  /** The samples at the start and the end of the measurement window, taken by the timer. */
  private static final class WindowSamples {
    final AtomicReference<Sample> begin = new AtomicReference<>();
    final AtomicReference<Sample> end = new AtomicReference<>();
  }
}
