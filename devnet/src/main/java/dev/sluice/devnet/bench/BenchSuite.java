package dev.sluice.devnet.bench;

import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupContract;
import dev.sluice.devnet.ScratchDirectories;
import dev.sluice.devnet.bench.BenchCommand.BenchSettings;
import dev.sluice.devnet.bench.BenchCommand.Part;
import dev.sluice.devnet.load.BenchmarkNode;
import dev.sluice.sequencer.Durability;
import dev.sluice.sequencer.SequencerStatus;
import dev.sluice.sequencer.batch.BatchConfig;
import dev.sluice.state.record.Eip712Domain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The workloads of {@link BenchCommand}, run against the targets in interleaved rounds: in every
 * round each workload point runs on every target in turn, and the order of the targets is reversed
 * every other round, so slow drift of the shared machine falls on both alike.
 */
final class BenchSuite {
  /** Records signed beforehand for a closed-loop run, until one has been measured. */
  private static final Map<String, Double> FIRST_GUESS =
      Map.of("sluice", 20_000.0, "sluice (receipt)", 10_000.0, "anvil", 2_000.0);

  /** A rate above this multiple of a system's measured max is not run: it would only queue. */
  private static final double RATE_SKIP_FACTOR = 1.5;

  private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);
  private static final long PAYLOADS_PER_RUN = 10_000_000L;

  private final BenchSettings settings;
  private final PrintStream out;
  private final BenchReport report;
  private final String commit;
  private final Map<String, Double> expectedMax = new HashMap<>(FIRST_GUESS);
  private final Map<String, List<RunResult>> maxRuns = new HashMap<>();

  BenchSuite(BenchSettings settings, PrintStream out, BenchReport report, String commit) {
    this.settings = settings;
    this.out = out;
    this.report = report;
    this.commit = commit;
  }

  /** Sweep, burst and streams on the shared node and Anvil, interleaved round by round. */
  void sideBySide(SluiceTarget sluice, AnvilTarget anvil) throws Exception {
    PayloadSource many = new PayloadSource(PayloadSource.Layout.MANY_STREAMS, settings.seed());
    PayloadSource hot = new PayloadSource(PayloadSource.Layout.HOT_STREAM, settings.seed());
    List<BenchTarget> sweepTargets = new ArrayList<>(List.of(sluice, anvil));
    if (settings.receipts()) {
      sweepTargets.add(1, sluice.receiptView());
    }
    List<BenchTarget> pair = List.of(sluice, anvil);
    Results sweep = new Results();
    Results burst = new Results();
    Results streams = new Results();
    Map<String, String> skipped = new LinkedHashMap<>();
    if (settings.runs(Part.STREAMS)) {
      for (BenchTarget target : pair) {
        target.setUp(hot);
      }
    }
    // The receipt view shares the node: priming the node once is enough.
    for (BenchTarget target : pair) {
      prime(target, many);
    }
    // Every point runs all its rounds before the next point, so that whether a rate is above a
    // system's capacity is decided on all of its max runs.
    if (settings.runs(Part.SWEEP) || settings.runs(Part.STREAMS)) {
      for (int round = 0; round < settings.rounds(); round++) {
        for (BenchTarget target : ordered(sweepTargets, round % 2 == 1)) {
          RunResult result = run(target, many, closedLoop(target), "sweep", round, 0);
          sweep.add("max", target.name(), result);
          maxRuns.computeIfAbsent(target.name(), k -> new ArrayList<>()).add(result);
          // Closed-loop runs sign three times what the system managed (the hot stream or a
          // quieter moment may go faster), so they do not run dry.
          expectedMax.put(target.name(), Math.max(2000, result.achieved() * 3));
        }
      }
    }
    if (settings.runs(Part.SWEEP)) {
      for (int p = 0; p < settings.rates().size(); p++) {
        double rate = settings.rates().get(p);
        RunShape shape = new RunShape.OpenLoop(rate, settings.warmup(), settings.window());
        for (int round = 0; round < settings.rounds(); round++) {
          for (BenchTarget target : ordered(sweepTargets, round % 2 == 1)) {
            if (target.name().equals("sluice (receipt)") && p > 0) {
              continue; // the stronger acknowledgement is shown at the lowest rate and at max
            }
            double capacity =
                Spread.of(results(target.name()).stream().map(RunResult::achieved).toList())
                    .median();
            if (rate > RATE_SKIP_FACTOR * capacity) {
              skipped.put(
                  shape.label() + "|" + target.name(),
                  String.format(
                      Locale.ROOT,
                      "not run: above %.1f× this system's max (%,.0f/s)",
                      RATE_SKIP_FACTOR,
                      capacity));
              continue;
            }
            sweep.add(
                shape.label(), target.name(), run(target, many, shape, "sweep", round, p + 1));
          }
        }
      }
    }
    if (settings.runs(Part.BURST)) {
      RunShape shape = new RunShape.Burst(settings.burstRecords());
      for (int round = 0; round < settings.rounds(); round++) {
        for (BenchTarget target : ordered(pair, round % 2 == 1)) {
          burst.add(
              shape.label(),
              target.name(),
              run(target, many, shape, "burst", round, 0, burstDrain(target)));
        }
      }
    }
    if (settings.runs(Part.STREAMS)) {
      for (int round = 0; round < settings.rounds(); round++) {
        for (BenchTarget target : ordered(pair, round % 2 == 1)) {
          RunShape shape = closedLoop(target);
          streams.add(
              "one hot stream, max",
              target.name(),
              run(target, hot, shape, "hot stream", round, 0));
        }
      }
    }
    if (settings.runs(Part.SWEEP)) {
      ComparisonTable table = new ComparisonTable("offered");
      sweep.fill(table, skipped);
      report.sweep(table);
    }
    if (settings.runs(Part.BURST)) {
      ComparisonTable table = new ComparisonTable("burst");
      burst.fill(table, Map.of());
      report.burst(table);
    }
    if (settings.runs(Part.STREAMS)) {
      ComparisonTable table = new ComparisonTable("streams");
      for (BenchTarget target : pair) {
        table.add(
            settings.clients() + " streams (one per client), max",
            target.name(),
            results(target.name()));
      }
      streams.fill(table, Map.of());
      report.streams(table);
    }
  }

  /** Sluice's batch cost on a real SluiceRollup, and the registry's gas per transaction. */
  void l1Cost(
      SluiceTarget sluice,
      AnvilTarget anvil,
      L1Client proposer,
      RollupContract rollup,
      String l1RpcUrl)
      throws Exception {
    int batches = 3;
    BatchConfig config =
        settings.batchRecords() > 0
            ? BatchConfig.defaults().withMaxRecords(settings.batchRecords())
            : BatchConfig.defaults();
    // Enough applied records for the calldata and the blob batches: the data limit at ~100 bytes
    // per record, or the count.
    long needed = 2L * batches * Math.min(config.maxRecords(), config.maxDataBytes() / 100 + 1);
    PayloadSource many = new PayloadSource(PayloadSource.Layout.MANY_STREAMS, settings.seed());
    // When the other workloads did not leave enough records, closed-loop runs add them.
    for (int fill = 0; awaitApplied(sluice) + 1 < needed; fill++) {
      if (fill == 50) {
        throw new IllegalStateException(
            "the node did not reach the " + needed + " records the L1 cost probe needs");
      }
      RunShape more =
          new RunShape.ClosedLoop(Duration.ZERO, Duration.ofSeconds(2), expectedMax.get("sluice"));
      run(sluice, many, more, "l1 fill", 0, fill);
    }
    if (anvil.receipts() == 0) {
      RunShape some = new RunShape.OpenLoop(200, Duration.ZERO, Duration.ofSeconds(2));
      run(anvil, many, some, "l1 fill", 0, 0);
    }
    awaitApplied(sluice);
    out.printf(
        Locale.ROOT,
        "l1: BatchPoster posts %d batches cut by BatchBuilder (%s) to SluiceRollup %s, in calldata"
            + " and then in blobs%n",
        batches,
        config,
        rollup.address());
    BatchCostProbe.Result result =
        BatchCostProbe.measure(
            sluice.sequencer(), sluice.domain(), proposer, rollup, config, batches);
    report.l1(result, anvil.gasUsed(), anvil.transactionBytes(), anvil.receipts());
    if (settings.runs(Part.REPLAY)) {
      out.println("replay: fresh watchers catch up from L1 on those batches");
      report.replay(WatcherReplayProbe.measure(l1RpcUrl, rollup, Math.max(2, settings.rounds())));
    }
  }

  /** Sluice alone at growing state sizes, each on a fresh node whose tree was filled first. */
  void treeSizes(Eip712Domain domain, List<GatewayKey> keys) throws Exception {
    ComparisonTable table = new ComparisonTable("state");
    Map<Long, Double> fillSeconds = new LinkedHashMap<>();
    PayloadSource many = new PayloadSource(PayloadSource.Layout.MANY_STREAMS, settings.seed());
    for (long leaves : settings.treeSizes()) {
      Path directory = ScratchDirectories.create("sluice-bench-tree");
      long start = System.nanoTime();
      try {
        TreePrefill.fill(directory, leaves, settings.seed(), out);
      } catch (RuntimeException e) {
        try {
          ScratchDirectories.delete(directory); // the node that would delete it never starts
        } catch (IOException notDeleted) {
          e.addSuppressed(notDeleted);
        }
        throw e;
      }
      fillSeconds.put(leaves, (System.nanoTime() - start) / 1e9);
      try (SluiceTarget sluice = SluiceTarget.over(BenchmarkNode.startOnScratch(domain, Durability.SYNC, directory, 0), keys)) {
        prime(sluice, many);
        List<RunResult> max = new ArrayList<>();
        List<RunResult> steady = new ArrayList<>();
        RunShape rate =
            new RunShape.OpenLoop(settings.treeRate(), settings.warmup(), settings.window());
        for (int round = 0; round < settings.rounds(); round++) {
          RunResult result = run(sluice, many, closedLoop(sluice), "state " + leaves, round, 0);
          max.add(result);
          expectedMax.put(sluice.name(), Math.max(2000, result.achieved() * 3));
          double capacity = Spread.of(max.stream().map(RunResult::achieved).toList()).median();
          if (settings.treeRate() <= RATE_SKIP_FACTOR * capacity) {
            steady.add(run(sluice, many, rate, "state " + leaves, round, 1));
          }
        }
        String label = String.format(Locale.ROOT, "%,d leaves", leaves);
        table.add(label + ", max", sluice.name(), max);
        if (steady.isEmpty()) {
          table.note(
              label + ", " + rate.label(),
              sluice.name(),
              String.format(
                  Locale.ROOT,
                  "not run: above %.1f× the max at this size (%,.0f/s)",
                  RATE_SKIP_FACTOR,
                  table.achieved(label + ", max", sluice.name()).median()));
        } else {
          table.add(label + ", " + rate.label(), sluice.name(), steady);
        }
      }
    }
    report.treeSizes(table, fillSeconds);
  }

  /**
   * An unrecorded closed-loop run before the first measured one: a cold JVM (interpreted code,
   * empty caches, new connections) would otherwise make the first round measure the JIT.
   */
  private void prime(BenchTarget target, PayloadSource source) throws Exception {
    if (settings.prime().isZero()) {
      return;
    }
    run(
        target,
        source,
        new RunShape.ClosedLoop(
            Duration.ZERO, settings.prime(), expectedMax.get(target.name()) / 2),
        "prime",
        0,
        0);
  }

  /** Time for a burst to clear: twice what the system's measured max needs, at least the drain. */
  private Duration burstDrain(BenchTarget target) {
    double capacity =
        Spread.of(results(target.name()).stream().map(RunResult::achieved).toList()).median();
    if (Double.isNaN(capacity) || capacity <= 0) {
      return settings.drain().multipliedBy(6);
    }
    Duration needed = Duration.ofMillis((long) (2000.0 * settings.burstRecords() / capacity));
    Duration longest = Duration.ofMinutes(3);
    return needed.compareTo(settings.drain()) < 0
        ? settings.drain()
        : needed.compareTo(longest) > 0 ? longest : needed;
  }

  private RunShape closedLoop(BenchTarget target) {
    return new RunShape.ClosedLoop(
        settings.warmup(), settings.window(), expectedMax.getOrDefault(target.name(), 10_000.0));
  }

  private List<RunResult> results(String system) {
    return maxRuns.getOrDefault(system, List.of());
  }

  /** Prepares (signs) and runs one shape on one target, logs it, and lets the node catch up. */
  private RunResult run(
      BenchTarget target, PayloadSource source, RunShape shape, String part, int round, int point)
      throws Exception {
    return run(target, source, shape, part, round, point, settings.drain());
  }

  private RunResult run(
      BenchTarget target,
      PayloadSource source,
      RunShape shape,
      String part,
      int round,
      int point,
      Duration drain)
      throws Exception {
    int perClient = shape.recordsPerClient(settings.clients());
    // The same (part, round, point) gets the same payloads on every target.
    long base = payloadBase(part, round, point);
    long signStart = System.nanoTime();
    BenchTarget.PreparedRun prepared =
        target.prepare(source.payloads(settings.clients(), base, perClient));
    double signSeconds = (System.nanoTime() - signStart) / 1e9;
    RunResult result = LoadDriver.run(prepared, settings.clients(), shape, drain);
    out.printf(
        Locale.ROOT,
        "run: part=%s workload=%s round=%d system=%s achieved=%.0f offered=%.0f p50=%.3f p99=%.3f"
            + " p999=%.3f max=%.3f acked=%d due=%d errors=%d exhausted=%d clients=%d"
            + " signed_in=%.1fs load=%.2f commit=%s%s%n",
        part.replace(' ', '_'),
        shape.label().replace(" ", ""),
        round + 1,
        target.name().replace(' ', '_'),
        result.achieved(),
        result.offered(),
        result.p50(),
        result.p99(),
        result.p999(),
        result.max(),
        result.acked(),
        result.due(),
        result.errors(),
        result.exhausted(),
        settings.clients(),
        signSeconds,
        BenchCommand.loadAverage(),
        commit,
        result.firstError().map(e -> " first_error=" + e).orElse(""));
    if (target instanceof SluiceTarget sluice) {
      awaitApplied(sluice);
    }
    Thread.sleep(200);
    return result;
  }

  private final Map<String, Long> bases = new HashMap<>();

  private long payloadBase(String part, int round, int point) {
    return bases.computeIfAbsent(
        part + "|" + round + "|" + point, k -> (long) (bases.size() + 1) * PAYLOADS_PER_RUN);
  }

  /**
   * Waits until the node has applied every record it sequenced, so a run's leftover work does not
   * fall on the next run (which may be the other system's).
   *
   * @return the last applied sequence
   */
  private long awaitApplied(SluiceTarget sluice) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    SequencerStatus status = sluice.sequencer().status();
    while (status.appliedSequence() + 1 < status.nextSequence()
        && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
      status = sluice.sequencer().status();
    }
    return status.appliedSequence();
  }

  private static List<BenchTarget> ordered(List<BenchTarget> targets, boolean reversed) {
    if (!reversed) {
      return targets;
    }
    List<BenchTarget> copy = new ArrayList<>(targets);
    Collections.reverse(copy);
    return copy;
  }

  /** Run results by workload point and system, in the order first seen. */
  private static final class Results {
    private final Map<String, Map<String, List<RunResult>>> byPoint = new LinkedHashMap<>();

    void add(String point, String system, RunResult result) {
      byPoint
          .computeIfAbsent(point, k -> new LinkedHashMap<>())
          .computeIfAbsent(system, k -> new ArrayList<>())
          .add(result);
    }

    void fill(ComparisonTable table, Map<String, String> notes) {
      Map<String, List<String>> noted = new LinkedHashMap<>();
      notes
          .keySet()
          .forEach(
              key -> {
                String[] parts = key.split("\\|", 2);
                noted.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
              });
      for (var point : byPoint.entrySet()) {
        for (var system : point.getValue().entrySet()) {
          table.add(point.getKey(), system.getKey(), system.getValue());
        }
        for (String system : noted.getOrDefault(point.getKey(), List.of())) {
          if (!point.getValue().containsKey(system)) {
            table.note(point.getKey(), system, notes.get(point.getKey() + "|" + system));
          }
        }
      }
      for (var entry : noted.entrySet()) {
        if (!byPoint.containsKey(entry.getKey())) {
          for (String system : entry.getValue()) {
            table.note(entry.getKey(), system, notes.get(entry.getKey() + "|" + system));
          }
        }
      }
    }
  }
}
