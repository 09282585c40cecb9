package dev.sluice.sequencer;

import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.SignedRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Throughput and acknowledgement latency of the whole pipeline on LevelDB: pre-signed records from
 * many signers, submitted with a bounded number in flight, under {@link Durability#SYNC} and {@link
 * Durability#ASYNC}, saturated (many in flight) and lightly loaded (few in flight). Each run starts
 * from an empty data directory; a first run warms the JIT and is not reported.
 *
 * <p>"ckpt" columns are the checkpoint writes (on the checkpoint writer's thread); "pause" columns
 * are how long each checkpoint stopped the state thread from applying records.
 *
 * <p>Not a unit test. Run from the repository root: {@code scripts/bench-sequencer
 * SequencerBenchmark [records=60000] [signers=600]}.
 */
public final class SequencerBenchmark {
  private static final int SATURATED = 2048;
  private static final int MODERATE = 64;
  private static final int LIGHT = 8;

  private SequencerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
    int signers = args.length > 1 ? Integer.parseInt(args[1]) : 600;
    long start = System.nanoTime();
    List<SignedRecord> workload = presign(records, signers);
    System.out.printf(
        Locale.ROOT,
        "%d records from %d signers pre-signed in %.1f s; sender recovery: %s; %d processors%n",
        records,
        signers,
        (System.nanoTime() - start) / 1e9,
        SenderRecovery.fastestAvailable().name(),
        Runtime.getRuntime().availableProcessors());

    run("warm-up", Durability.ASYNC, SATURATED, workload.subList(0, Math.min(records, 20_000)));
    System.out.println();
    System.out.println(
        "group commit interval: 1 ms for SYNC, 0 for ASYNC unless the label says otherwise;"
            + " latencies from submit to acknowledgement; checkpoint every 4096 records or 1 s");
    System.out.println(
        "durability in-flight  acked/s  applied/s    p50 µs    p90 µs    p99 µs  p99.9 µs    max µs"
            + "  recs/commit  commit mean µs  commit max µs  ckpt mean ms  ckpt max ms"
            + "  pause mean ms  pause max ms");
    for (Durability durability : Durability.values()) {
      run(durability.name(), durability, SATURATED, workload);
      run(durability.name(), durability, MODERATE, workload.subList(0, Math.min(records, 20_000)));
      run(durability.name(), durability, LIGHT, workload.subList(0, Math.min(records, 10_000)));
      // The other group commit policy at light load: SYNC without a least interval between
      // commits, ASYNC with one.
      Duration other = durability == Durability.SYNC ? Duration.ZERO : Duration.ofMillis(1);
      run(
          durability.name() + " " + other.toMillis() + "ms",
          durability,
          other,
          LIGHT,
          workload.subList(0, Math.min(records, 10_000)));
    }
  }

  /** Signs {@code records} PUTs round-robin over {@code signers}, in parallel. */
  private static List<SignedRecord> presign(int records, int signers) {
    int perSigner = (records + signers - 1) / signers;
    List<List<SignedRecord>> bySigner =
        IntStream.range(0, signers)
            .parallel()
            .mapToObj(
                s -> {
                  RecordSigner signer = RecordFixtures.signer(50_000 + s);
                  List<SignedRecord> own = new ArrayList<>(perSigner);
                  for (int n = 0; n < perSigner; n++) {
                    byte[] value =
                        ("{\"t\":" + (20 + n % 10) + ".5,\"seq\":" + n + "}")
                            .getBytes(StandardCharsets.UTF_8);
                    own.add(
                        signer.sign(
                            Record.put(
                                n,
                                "sensor/" + s,
                                ("k" + n % 16).getBytes(StandardCharsets.UTF_8),
                                value)));
                  }
                  return own;
                })
            .toList();
    List<SignedRecord> interleaved = new ArrayList<>(records);
    for (int n = 0; n < perSigner && interleaved.size() < records; n++) {
      for (int s = 0; s < signers && interleaved.size() < records; s++) {
        interleaved.add(bySigner.get(s).get(n));
      }
    }
    return interleaved;
  }

  private static void run(
      String label, Durability durability, int inFlight, List<SignedRecord> records)
      throws Exception {
    run(label, durability, null, inFlight, records);
  }

  private static void run(
      String label,
      Durability durability,
      Duration groupCommitInterval,
      int inFlight,
      List<SignedRecord> records)
      throws Exception {
    Path directory = Files.createTempDirectory("sluice-sequencer-bench");
    SequencerConfig.Builder builder =
        SequencerConfig.builder(RecordFixtures.DOMAIN).durability(durability);
    if (groupCommitInterval != null) {
      builder.groupCommitInterval(groupCommitInterval);
    }
    SequencerConfig config = builder.build();
    Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    try (PipelinedSequencer sequencer = PipelinedSequencer.open(config, directory)) {
      sequencer.start().get(60, TimeUnit.SECONDS);
      Semaphore window = new Semaphore(inFlight);
      long start = System.nanoTime();
      CompletableFuture<Acknowledgement> last = null;
      for (SignedRecord record : records) {
        window.acquire();
        long submitted = System.nanoTime();
        last = sequencer.submit(record);
        last.whenComplete(
            (ack, failure) -> {
              if (failure == null) {
                latency.recordValue(System.nanoTime() - submitted);
              } else {
                String why =
                    failure instanceof SubmissionRejectedException rejected
                        ? rejected.reason().name()
                        : failure.toString();
                refused.computeIfAbsent(why, reason -> new AtomicLong()).incrementAndGet();
              }
              window.release();
            });
      }
      window.acquire(inFlight);
      long acked = System.nanoTime();
      sequencer.receiptOf(sequencer.status().nextSequence() - 1).get(60, TimeUnit.SECONDS);
      long applied = System.nanoTime();
      SequencerMetrics metrics = sequencer.metrics();
      if (label.equals("warm-up")) {
        return;
      }
      System.out.printf(
          Locale.ROOT,
          "%-10s %9d %8.0f %10.0f %9.0f %9.0f %9.0f %9.0f %9.0f %12.1f %14.0f %14.0f %13.1f"
              + " %12.1f %14.2f %13.2f%s%n",
          label,
          inFlight,
          records.size() / ((acked - start) / 1e9),
          records.size() / ((applied - start) / 1e9),
          latency.getValueAtPercentile(50) / 1e3,
          latency.getValueAtPercentile(90) / 1e3,
          latency.getValueAtPercentile(99) / 1e3,
          latency.getValueAtPercentile(99.9) / 1e3,
          latency.getMaxValue() / 1e3,
          (double) metrics.sequencedRecords() / metrics.logCommits(),
          metrics.logCommitTime().sumNanos() / 1e3 / metrics.logCommits(),
          metrics.logCommitTime().maxNanos() / 1e3,
          metrics.checkpointTime().sumNanos() / 1e6 / Math.max(1, metrics.checkpointTime().count()),
          metrics.checkpointTime().maxNanos() / 1e6,
          metrics.checkpointPause().sumNanos()
              / 1e6
              / Math.max(1, metrics.checkpointPause().count()),
          metrics.checkpointPause().maxNanos() / 1e6,
          refused.isEmpty() ? "" : "  refused: " + refused);
    } finally {
      deleteRecursively(directory);
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
