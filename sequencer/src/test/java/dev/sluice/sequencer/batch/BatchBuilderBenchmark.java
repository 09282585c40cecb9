package dev.sluice.sequencer.batch;

import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.sequencer.Durability;
import dev.sluice.sequencer.HistoricalState;
import dev.sluice.sequencer.PipelinedSequencer;
import dev.sluice.sequencer.SequencerConfig;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.smt.SmtHashing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * What batch building and historical state cost on a real sequencer over LevelDB: the time to cut
 * a full batch per codec (records of about 120 bytes, as a sensor reading), the time of a poll
 * that finds nothing due, and the time to rebuild the state after a record from the nearest
 * checkpoint, by distance from it.
 *
 * <p>Not a unit test. Run from the repository root:
 *
 * <pre>
 * . scripts/java-env.sh
 * ./mvnw -q -pl sequencer -am test-compile
 * ./mvnw -q -pl sequencer dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=sequencer/target/bench-classpath.txt
 * java --enable-native-access=ALL-UNNAMED -Xmx1g \
 *     -cp sequencer/target/test-classes:sequencer/target/classes:$(cat sequencer/target/bench-classpath.txt) \
 *     dev.sluice.sequencer.batch.BatchBuilderBenchmark [records=20000]
 * </pre>
 */
public final class BatchBuilderBenchmark {
  private static final int SIGNERS = 200;
  private static final int IN_FLIGHT = 1_024;
  private static final int CHECKPOINT_RECORDS = 4_096;

  private BatchBuilderBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Path directory = Files.createTempDirectory("sluice-batch-bench");
    SequencerConfig config =
        SequencerConfig.builder(RecordFixtures.DOMAIN)
            .durability(Durability.ASYNC)
            .checkpointRecords(1 << 30)
            .checkpointInterval(Duration.ofHours(1))
            .build();
    try (PipelinedSequencer sequencer = PipelinedSequencer.open(config, directory)) {
      sequencer.start().get();
      long start = System.nanoTime();
      fill(sequencer, count);
      System.out.printf(
          Locale.ROOT,
          "%d records sequenced and applied in %.1f s%n",
          count,
          (System.nanoTime() - start) / 1e9);

      for (BatchCodec codec : BatchCodec.values()) {
        cutBatches(sequencer, codec, count);
      }
      polls(sequencer, count);
      historicalStates(sequencer.historicalState(), count);
    } finally {
      try (var paths = Files.walk(directory)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static void fill(PipelinedSequencer sequencer, int count) {
    Random random = new Random(1);
    RecordSigner[] signers = new RecordSigner[SIGNERS];
    long[] nonces = new long[SIGNERS];
    for (int i = 0; i < SIGNERS; i++) {
      signers[i] = RecordFixtures.signer(10_000 + i);
    }
    List<CompletableFuture<Acknowledgement>> window = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int signer = i % SIGNERS;
      byte[] value = String.format(Locale.ROOT, "%.2f", 15 + random.nextDouble() * 10).getBytes();
      SignedRecord record =
          signers[signer].sign(
              Record.put(
                  nonces[signer]++,
                  "sensors/site-" + (signer % 20),
                  ("device-" + signer).getBytes(StandardCharsets.US_ASCII),
                  value));
      window.add(sequencer.submit(record));
      if (window.size() == IN_FLIGHT) {
        window.forEach(CompletableFuture::join);
        window.clear();
      }
      if ((i + 1) % CHECKPOINT_RECORDS == 0) {
        // Checkpoints at exactly 4095, 8191, …, so replay distances are known.
        window.forEach(CompletableFuture::join);
        window.clear();
        sequencer.receiptOf(i).join();
        sequencer.checkpoint().join();
      }
    }
    window.forEach(CompletableFuture::join);
    sequencer.receiptOf(count - 1).join();
  }

  /** Cuts consecutive batches, by size, from the start of the log with a fresh builder. */
  private static void cutBatches(PipelinedSequencer sequencer, BatchCodec codec, int count) {
    BatchBuilder builder =
        new BatchBuilder(
            sequencer,
            RecordFixtures.DOMAIN,
            BatchConfig.defaults().withCodec(codec),
            BatchFaultInjection.none(),
            InstantSource.system());
    long first = 0;
    Bytes32 root = SmtHashing.EMPTY;
    int batches = 0;
    long records = 0;
    long bytes = 0;
    long nanos = 0;
    List<Long> rebuildNanos = new ArrayList<>();
    while (first < count && batches < 12) {
      long start = System.nanoTime();
      BatchContents batch = builder.next(first, root).orElseThrow();
      long took = System.nanoTime() - start;
      if (batches >= 2) {
        // The first cuts warm the JIT.
        nanos += took;
        records += batch.recordCount();
        bytes += batch.dataLength();
        long rebuild = System.nanoTime();
        builder.build(batch.firstSequence(), batch.recordCount(), batch.preStateRoot());
        rebuildNanos.add(System.nanoTime() - rebuild);
      }
      batches++;
      first += batch.recordCount();
      root = batch.postStateRoot();
    }
    int measured = batches - 2;
    System.out.printf(
        Locale.ROOT,
        "%-7s cut: %5.0f records/batch, %6.0f data bytes/batch (%.1f bytes/record),"
            + " %6.1f ms per cut (read + encode + roots), %5.1f ms per rebuild%n",
        codec,
        (double) records / measured,
        (double) bytes / measured,
        (double) bytes / records,
        nanos / 1e6 / measured,
        rebuildNanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6);
  }

  /** A poll that finds records waiting but none due, after the waiting ones were read once. */
  private static void polls(PipelinedSequencer sequencer, int count) {
    BatchBuilder builder =
        new BatchBuilder(
            sequencer,
            RecordFixtures.DOMAIN,
            BatchConfig.defaults().withMaxAge(Duration.ofDays(1)),
            BatchFaultInjection.none(),
            InstantSource.system());
    long first = count - 200;
    Bytes32 root = sequencer.receipt(first - 1).orElseThrow().postStateRoot();
    builder.next(first, root);
    int polls = 20_000;
    long start = System.nanoTime();
    for (int i = 0; i < polls; i++) {
      if (builder.next(first, root).isPresent()) {
        throw new IllegalStateException("nothing should be due");
      }
    }
    System.out.printf(
        Locale.ROOT,
        "poll with 200 records waiting, none due: %.1f µs%n",
        (System.nanoTime() - start) / 1e3 / polls);
  }

  private static void historicalStates(HistoricalState history, int count) {
    // Warm up.
    history.stateAfter(Math.min(count - 1, 500));
    int[] distances = {0, 1, 100, 1_000, CHECKPOINT_RECORDS - 1};
    long lastCheckpoint = (count / CHECKPOINT_RECORDS) * (long) CHECKPOINT_RECORDS - 1;
    for (int distance : distances) {
      // Checkpoints every 4096 records: at 4095, 8191, …
      long base = Math.max(CHECKPOINT_RECORDS - 1, lastCheckpoint - CHECKPOINT_RECORDS);
      long sequence = Math.min(count - 1, base + distance);
      long start = System.nanoTime();
      history.stateAfter(sequence);
      System.out.printf(
          Locale.ROOT,
          "state after record %d (%d records after a checkpoint): %.1f ms%n",
          sequence,
          distance,
          (System.nanoTime() - start) / 1e6);
    }
  }
}
