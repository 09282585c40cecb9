package dev.sluice.devnet.bench;

import dev.sluice.devnet.bench.BenchCommand.BenchSettings;
import dev.sluice.devnet.bench.BenchCommand.Part;
import dev.sluice.state.batch.BatchCodec;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Markdown report of one {@code sluice bench} invocation: the conditions (commit, machine,
 * load, parameters, what each system's acknowledgement means), a table per workload, the Sluice ÷
 * Anvil ratios, and where the figures stand against the project's targets. Parts that did not run
 * say so instead of showing numbers.
 */
final class BenchReport {
  private final BenchSettings settings;
  private final String commit;
  private final Instant started;
  private final double loadAtStart;
  private double loadAtEnd = Double.NaN;
  private String acknowledgements = "";
  private Optional<ComparisonTable> sweep = Optional.empty();
  private Optional<ComparisonTable> burst = Optional.empty();
  private Optional<ComparisonTable> streams = Optional.empty();
  private Optional<ComparisonTable> tree = Optional.empty();
  private Map<Long, Double> fillSeconds = Map.of();
  private Optional<String> l1 = Optional.empty();
  private Optional<BatchCostProbe.Result> l1Result = Optional.empty();
  private Optional<WatcherReplayProbe.Result> replay = Optional.empty();

  BenchReport(BenchSettings settings, String commit, Instant started, double loadAtStart) {
    this.settings = settings;
    this.commit = commit;
    this.started = started;
    this.loadAtStart = loadAtStart;
  }

  void acknowledgements(BenchTarget... targets) {
    StringBuilder text = new StringBuilder();
    for (BenchTarget target : targets) {
      text.append("- **")
          .append(target.name())
          .append("**: ")
          .append(target.acknowledgement())
          .append(".\n");
    }
    acknowledgements = text.toString();
  }

  void sweep(ComparisonTable table) {
    sweep = Optional.of(table);
  }

  void burst(ComparisonTable table) {
    burst = Optional.of(table);
  }

  void streams(ComparisonTable table) {
    streams = Optional.of(table);
  }

  void treeSizes(ComparisonTable table, Map<Long, Double> fillSeconds) {
    this.tree = Optional.of(table);
    this.fillSeconds = new java.util.LinkedHashMap<>(fillSeconds); // in the order filled
  }

  void l1(BatchCostProbe.Result result, long anvilGas, long anvilBytes, long anvilTransactions) {
    l1Result = Optional.of(result);
    StringBuilder text = new StringBuilder();
    text.append("| system | L1 bytes per record | L1 gas per record | how |\n");
    text.append("| --- | ---: | ---: | --- |\n");
    String sizes =
        result.calldata().stream()
            .map(b -> String.format(Locale.ROOT, "%,d", b.records()))
            .collect(Collectors.joining(", "));
    Spread calldataBytes =
        Spread.of(
            result.calldata().stream()
                .skip(1)
                .map(b -> b.dataBytes() / (double) b.records())
                .toList());
    text.append(
        String.format(
            Locale.ROOT,
            "| sluice, zstd batches in calldata | %s | %s | batches of %s records cut by the"
                + " sequencer's BatchBuilder (at most %,d data bytes), posted by BatchPoster to"
                + " SluiceRollup on Anvil; figures of the batches after the first |\n",
            calldataBytes.format(1),
            Spread.of(
                    BatchCostProbe.Result.perRecord(
                        result.calldata().subList(1, result.calldata().size()),
                        BatchCostProbe.PostedBatch::gasUsed))
                .format(0),
            sizes,
            result.config().maxDataBytes()));
    Spread blobBytes =
        Spread.of(
            result.blobs().stream().map(b -> b.blobGasUsed() / (double) b.records()).toList());
    text.append(
        String.format(
            Locale.ROOT,
            "| sluice, zstd batches in blobs | %s in blobs | %s, plus %s blob gas | the next"
                + " batches, posted by BatchPoster to the same rollup with their data in blobs (a"
                + " blob is 131,072 bytes and 131,072 blob gas) |\n",
            blobBytes.format(1),
            Spread.of(
                    BatchCostProbe.Result.perRecord(
                        result.blobs(), BatchCostProbe.PostedBatch::gasUsed))
                .format(0),
            blobBytes.format(0)));
    if (anvilTransactions > 0) {
      text.append(
          String.format(
              Locale.ROOT,
              "| anvil, DataRegistry.append per record | %s | %s | mean over the %,d appends of"
                  + " this run (signed transaction bytes; receipt gasUsed) |\n",
              Spread.number(anvilBytes / (double) anvilTransactions, 1),
              Spread.number(anvilGas / (double) anvilTransactions, 0),
              anvilTransactions));
    }
    text.append('\n');
    text.append(
        String.format(
            Locale.ROOT,
            "Batch data per record by codec (the same batches' records and post-state roots):"
                + " none %s B, zstd %s B, deflate %s B; the signed record alone is %s B, of which"
                + " 65 are the signature, and each record's 32-byte post-state root travels"
                + " beside it.%n",
            Spread.number(result.dataBytesPerRecord().get(BatchCodec.NONE), 1),
            Spread.number(result.dataBytesPerRecord().get(BatchCodec.ZSTD), 1),
            Spread.number(result.dataBytesPerRecord().get(BatchCodec.DEFLATE), 1),
            Spread.number(result.rawBytesPerRecord(), 1)));
    l1 = Optional.of(text.toString());
  }

  void replay(WatcherReplayProbe.Result result) {
    this.replay = Optional.of(result);
  }

  void finish(double loadAtEnd) {
    this.loadAtEnd = loadAtEnd;
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Measured at commit `%s` on %s: %d processors, load average %.2f at the start and %.2f"
                + " at the end (the machine is shared), JDK %s. %s.%n%n",
            commit,
            started,
            Runtime.getRuntime().availableProcessors(),
            loadAtStart,
            loadAtEnd,
            Runtime.version().feature(),
            capitalise(settings.describe())));
    out.append("Acknowledgements:\n\n").append(acknowledgements).append('\n');
    sweep.ifPresent(
        t -> {
          out.append("#### Steady rate sweep\n\n");
          out.append(
              "Open loop at each offered rate (latency from each record's due time), and"
                  + " closed loop (`max`: each client sends its next record on the last one's"
                  + " acknowledgement; latency from send). Many streams: every client writes its"
                  + " own stream.\n\n");
          out.append(t.markdown()).append('\n');
        });
    if (sweep.isPresent() || streams.isPresent() || burst.isPresent()) {
      out.append("#### Sluice ÷ Anvil\n\n");
      out.append("| workload | throughput ratio, median (range over run pairings) |\n");
      out.append("| --- | ---: |\n");
      sweep.ifPresent(
          t ->
              out.append("| max, many streams | ")
                  .append(
                      ComparisonTable.ratio(
                          t.achieved("max", "sluice"), t.achieved("max", "anvil")))
                  .append(" |\n"));
      streams.ifPresent(
          t ->
              out.append("| max, one hot stream | ")
                  .append(
                      ComparisonTable.ratio(
                          t.achieved("one hot stream, max", "sluice"),
                          t.achieved("one hot stream, max", "anvil")))
                  .append(" |\n"));
      burst.ifPresent(
          t -> {
            String label = new RunShape.Burst(settings.burstRecords()).label();
            out.append("| ")
                .append(label)
                .append(", records/s to clear it | ")
                .append(
                    ComparisonTable.ratio(t.achieved(label, "sluice"), t.achieved(label, "anvil")))
                .append(" |\n");
          });
      out.append('\n');
    }
    burst.ifPresent(
        t -> {
          out.append("#### Burst\n\n");
          out.append(
              "All records of the burst due at one instant on an idle system, spread over the"
                  + " clients; records/s is the burst over the time until its last"
                  + " acknowledgement, latency from the burst's instant.\n\n");
          out.append(t.markdown()).append('\n');
        });
    streams.ifPresent(
        t -> {
          out.append("#### Many streams against one hot stream\n\n");
          out.append(
              "Closed loop. Hot stream: every client writes the same stream, created by client 0,"
                  + " which granted the others (on both systems).\n\n");
          out.append(t.markdown()).append('\n');
        });
    tree.ifPresent(
        t -> {
          out.append("#### State size (Sluice)\n\n");
          out.append(
              "A fresh node whose tree was first filled with N random leaves (TreePrefill), then"
                  + " the many-stream workload. Anvil is not run here: filling its state is a"
                  + " different problem and its per-transaction cost dominates anyway. Fill"
                  + " times: ");
          fillSeconds.forEach(
              (leaves, seconds) ->
                  out.append(String.format(Locale.ROOT, "%,d leaves %.1f s; ", leaves, seconds)));
          out.append("\n\n").append(t.markdown()).append('\n');
        });
    out.append("#### L1 cost per record\n\n");
    out.append(l1.orElse(settings.runs(Part.L1) ? "not measured yet\n" : "not run\n")).append('\n');
    out.append("#### Watcher replay speed\n\n");
    if (replay.isPresent()) {
      List<Double> rates = replay.get().recordsPerSecond();
      out.append(
          String.format(
              Locale.ROOT,
              "A fresh watcher (empty data directory) catches up from L1 alone on the batches the"
                  + " L1 cost workload posted (%,d records, calldata and blobs): reading, decoding,"
                  + " re-executing every record with sender recovery and checking every root."
                  + " %d runs, each from scratch; the first includes the JIT's warm-up.%n%n",
              replay.get().records(),
              rates.size()));
      out.append("| run | records/s |\n| --- | ---: |\n");
      for (int i = 0; i < rates.size(); i++) {
        out.append("| ")
            .append(i + 1)
            .append(i == 0 ? " (cold)" : "")
            .append(" | ")
            .append(Spread.number(rates.get(i), 0))
            .append(" |\n");
      }
      out.append('\n');
    } else {
      out.append(settings.runs(Part.REPLAY) ? "not measured\n\n" : "not run\n\n");
    }
    out.append("#### Targets\n\n");
    out.append(targets());
    return out.toString();
  }

  private String targets() {
    StringBuilder out = new StringBuilder();
    out.append("| target | measured here | met |\n| --- | --- | --- |\n");
    // Durable acknowledgements, sustained.
    Spread max = sweep.map(t -> t.achieved("max", "sluice")).orElse(Spread.NONE);
    Optional<ComparisonTable.Row> at20k = row(sweep, "20,000/s", "sluice");
    String sustained =
        at20k
            .map(
                r ->
                    "open loop at 20,000/s: "
                        + r.achieved().format(0)
                        + " achieved, "
                        + r.runs().stream().filter(RunResult::complete).count()
                        + " of "
                        + r.runs().size()
                        + " runs complete; max "
                        + max.format(0))
            .orElse(
                max.isEmpty()
                    ? "not measured"
                    : "max " + max.format(0) + " (20,000/s not run: above 1.5× the max)");
    boolean sustainedMet =
        at20k.isPresent()
            && at20k.get().achieved().median() >= 19_800
            && at20k.get().runs().stream().allMatch(RunResult::complete);
    out.append("| ≥ 20,000 records/s sustained, durable acks | ")
        .append(sustained)
        .append(" | ")
        .append(verdict(!max.isEmpty(), sustainedMet))
        .append(" |\n");
    // p99 at 10k/s.
    Optional<ComparisonTable.Row> at10k = row(sweep, "10,000/s", "sluice");
    Spread p99 = at10k.map(r -> r.spread(RunResult::p99)).orElse(Spread.NONE);
    out.append("| p99 ack ≤ 5 ms at 10,000 records/s | ")
        .append(
            !p99.isEmpty()
                ? "p99 " + p99.format(2) + " ms"
                : max.isEmpty()
                    ? "not measured"
                    : "10,000/s not run: above 1.5× the max (WebSocket runs: \"Sequencer end to"
                        + " end\")")
        .append(" | ")
        .append(verdict(!p99.isEmpty(), p99.median() <= 5.0))
        .append(" |\n");
    // Tree size.
    String treeText = "not measured";
    String treeVerdict = "—";
    if (tree.isPresent() && settings.treeSizes().size() >= 2) {
      long smallest = settings.treeSizes().stream().mapToLong(Long::longValue).min().orElseThrow();
      long largest = settings.treeSizes().stream().mapToLong(Long::longValue).max().orElseThrow();
      Spread small =
          tree.get().achieved(String.format(Locale.ROOT, "%,d leaves, max", smallest), "sluice");
      Spread large =
          tree.get().achieved(String.format(Locale.ROOT, "%,d leaves, max", largest), "sluice");
      if (!small.isEmpty() && !large.isEmpty()) {
        double ratio = small.median() / large.median();
        treeVerdict = ratio > 2.0 ? "no" : largest >= 10_000_000L ? "yes" : "not shown at 10^7";
        treeText =
            String.format(
                Locale.ROOT,
                "max at %,d leaves ÷ at %,d: %.2f×%s",
                smallest,
                largest,
                ratio,
                largest < 10_000_000L ? " (10^7 not run in this invocation)" : "");
      }
    }
    out.append("| throughput at 10^7 entries within 2× of 10^4 | ")
        .append(treeText)
        .append(" | ")
        .append(treeVerdict)
        .append(" |\n");
    // Ratio to Anvil.
    Spread anvilMax = sweep.map(t -> t.achieved("max", "anvil")).orElse(Spread.NONE);
    boolean ratioMeasured = !max.isEmpty() && !anvilMax.isEmpty();
    out.append("| Sluice ≥ 10× Anvil on the same records | ")
        .append(ratioMeasured ? "max: " + ComparisonTable.ratio(max, anvilMax) : "not measured")
        .append(" | ")
        .append(verdict(ratioMeasured, ratioMeasured && max.median() >= 10 * anvilMax.median()))
        .append(" |\n");
    // L1 bytes.
    out.append("| L1 bytes per IoT record ≤ ⅓ of its raw encoding | ");
    if (l1Result.isPresent()) {
      double bytes = l1Result.get().dataBytesPerRecord().get(BatchCodec.ZSTD);
      double raw = l1Result.get().rawBytesPerRecord();
      out.append(
              String.format(
                  Locale.ROOT,
                  "%.1f of %.1f bytes (%.2f of raw; the 65-byte signature and the 32-byte"
                      + " post-state root do not compress)",
                  bytes,
                  raw,
                  bytes / raw))
          .append(" | ")
          .append(verdict(true, bytes <= raw / 3))
          .append(" |\n");
    } else {
      out.append("not measured | — |\n");
    }
    return out.toString();
  }

  private static Optional<ComparisonTable.Row> row(
      Optional<ComparisonTable> table, String workload, String system) {
    return table.flatMap(
        t ->
            t.rows().stream()
                .filter(r -> r.workload().equals(workload) && r.system().equals(system))
                .filter(r -> !r.runs().isEmpty())
                .findFirst());
  }

  private static String verdict(boolean measured, boolean met) {
    return !measured ? "—" : met ? "yes" : "no";
  }

  private static String capitalise(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
