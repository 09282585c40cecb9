package dev.sluice.bridge.watcher;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupArtifact;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.TestSequencer;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.stf.StateKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Watcher figures on a real Anvil (docs/benchmarks.md, "Watcher"): how fast a fresh watcher
 * replays a chain of batches of IoT readings from L1 (records/s), how long a wrong batch stays on
 * L1 from its inclusion to its reversion by a running watcher, and the gas of that proof.
 *
 * <p>Run: {@code scripts/bench-watcher [batches=10] [recordsPerBatch=1000] [pollMillis=100]}. Not
 * part of the test suite.
 */
public final class WatcherBenchmark {
  private static final long L2_CHAIN_ID = 4242;
  private static final BigInteger BOND = BigInteger.TEN.pow(18);
  private static final int DEVICES = 200;

  public static void main(String[] args) throws Exception {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int perBatch = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    long pollMillis = args.length > 2 ? Long.parseLong(args[2]) : 100;
    Path dir = Files.createTempDirectory("sluice-watcher-bench");
    try (AnvilProcess anvil =
            AnvilProcess.start(
                AnvilProcess.findBinary(Path.of("").toAbsolutePath()),
                List.of("--no-request-size-limit"),
                AnvilProcess.DEFAULT_START_TIMEOUT);
        L1Client proposer =
            L1Client.connect(anvil.rpcUrl(), AnvilProcess.DEV_KEYS.get(0), Duration.ofSeconds(60))) {
      RollupContract rollup =
          RollupContract.deploy(
              proposer, RollupArtifact.load(), proposer.address(), BOND, Duration.ofHours(1), L2_CHAIN_ID);
      rollup.depositBond(BOND);
      Eip712Domain domain = new Eip712Domain(L2_CHAIN_ID, rollup.address());
      TestSequencer sequencer = new TestSequencer(domain).withCodec(BatchCodec.ZSTD);
      List<RecordSigner> devices = new ArrayList<>();
      for (int i = 0; i < DEVICES; i++) {
        devices.add(RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(1_000 + i)));
      }
      Random random = new Random(1);
      List<dev.sluice.state.batch.Batch> posted = new ArrayList<>();
      long dataBytes = 0;
      long started = System.nanoTime();
      for (int b = 0; b < batches; b++) {
        for (int r = 0; r < perBatch; r++) {
          submitReading(sequencer, devices, random);
        }
        TestSequencer.Sealed sealed = sequencer.seal();
        dataBytes += sealed.data().length;
        posted.add(sealed.posted());
        rollup.appendBatch(sealed.header(), sealed.data());
      }
      System.out.printf(
          Locale.ROOT,
          "posted %d batches of %d readings (%d devices), %.0f bytes of calldata per record, in %.1f s%n",
          batches,
          perBatch,
          DEVICES,
          (double) dataBytes / ((long) batches * perBatch),
          (System.nanoTime() - started) / 1e9);

      // Twice, each time a fresh watcher with an empty store: the first run includes the JIT's
      // warm-up, the second is what a long-running process does.
      WatcherConfig config = null;
      for (String run : List.of("cold JVM", "warm JVM")) {
        config =
            new WatcherConfig(
                anvil.rpcUrl(), rollup.address(), dir.resolve("watcher-" + run.charAt(0)),
                AnvilProcess.DEV_KEYS.get(1), 0, Duration.ofMillis(pollMillis), 0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Watcher watcher = Watcher.open(config, registry)) {
          long replayStart = System.nanoTime();
          while (!watcher.status().caughtUp()) {
            watcher.poll();
          }
          double seconds = (System.nanoTime() - replayStart) / 1e9;
          long records = watcher.status().recordsVerified();
          double replaySeconds =
              registry.get("sluice.watcher.batch.replay").timer().totalTime(TimeUnit.NANOSECONDS)
                  / 1e9;
          System.out.printf(
              Locale.ROOT,
              "watcher catch-up from L1 (%s): %d records in %.2f s = %.0f records/s"
                  + " (re-execution alone, sender recovery included: %.2f s = %.0f records/s)%n",
              run,
              records,
              seconds,
              records / seconds,
              replaySeconds,
              records / replaySeconds);
        }
      }

      breakDown(domain, posted);

      // A running watcher against a wrong batch: inclusion to reversion, and the proof's gas.
      try (Watcher watcher = Watcher.start(config, new SimpleMeterRegistry())) {
        for (int r = 0; r < perBatch; r++) {
          submitReading(sequencer, devices, random);
          if (r == perBatch / 2) {
            sequencer.tamper(state -> state.put(StateKeys.account(devices.getFirst().address()), new byte[8]));
          }
        }
        TestSequencer.Sealed bad = sequencer.seal();
        long count = rollup.batchCount();
        rollup.appendBatch(bad.header(), bad.data());
        long included = System.nanoTime();
        long deadline = included + TimeUnit.SECONDS.toNanos(120);
        while (rollup.batchCount() > count && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        long reverted = System.nanoTime();
        if (rollup.batchCount() > count) {
          throw new IllegalStateException("the wrong batch was not reverted in 120 s: " + watcher.status());
        }
        // The revert shows on L1 as soon as the proof is mined; the report follows its receipt.
        while (watcher.status().challenges().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        ChallengeReport report = watcher.status().challenges().getLast();
        System.out.printf(
            Locale.ROOT,
            "wrong batch (record %d of %d): included → reverted in %.0f ms (poll interval %d ms);"
                + " proveFraud used %d gas%n",
            report.recordIndex(),
            perBatch,
            (reverted - included) / 1e6,
            pollMillis,
            report.gasUsed());
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  /**
   * The two parts of re-execution on their own, on one thread each: sender recovery, and the
   * state transition with a root per record over an in-memory tree.
   */
  private static void breakDown(Eip712Domain domain, List<dev.sluice.state.batch.Batch> batches) {
    dev.sluice.state.record.SenderRecovery recovery =
        dev.sluice.state.record.SenderRecovery.fastestAvailable();
    List<dev.sluice.state.stf.RecoveredRecord> recovered = new ArrayList<>();
    long started = System.nanoTime();
    for (dev.sluice.state.batch.Batch batch : batches) {
      for (var record : batch.records()) {
        recovered.add(dev.sluice.state.stf.RecoveredRecord.recover(record.signed(), domain, recovery));
      }
    }
    double recoverySeconds = (System.nanoTime() - started) / 1e9;
    var tree =
        new dev.sluice.state.smt.SparseMerkleTree(
            new dev.sluice.state.smt.TreeNodeStore(new dev.sluice.state.store.InMemoryKeyValueStore()),
            dev.sluice.state.smt.SmtHashing.EMPTY);
    started = System.nanoTime();
    for (var record : recovered) {
      dev.sluice.state.stf.StateTransition.apply(new dev.sluice.state.stf.TreeStateAccess(tree), record);
      tree.root();
    }
    double stfSeconds = (System.nanoTime() - started) / 1e9;
    // The replayer as the watcher runs it, over an in-memory tree: recovery on a small pool,
    // application in order.
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    double pipelineSeconds;
    double poolRecoverySeconds;
    try {
      BatchReplayer replayer = new BatchReplayer(domain, recovery, pool);
      var pipelined =
          new dev.sluice.state.smt.SparseMerkleTree(
              new dev.sluice.state.smt.TreeNodeStore(new dev.sluice.state.store.InMemoryKeyValueStore()),
              dev.sluice.state.smt.SmtHashing.EMPTY);
      started = System.nanoTime();
      List<BatchReplayer.Recovery> ahead = new ArrayList<>();
      for (int i = 0; i < batches.size(); i++) {
        for (int j = ahead.size(); j < Math.min(batches.size(), i + 4); j++) {
          ahead.add(replayer.recoverAhead(batches.get(j)));
        }
        var verdict = replayer.replay(ahead.get(i), pipelined);
        pipelined = ((BatchReplayer.Valid) verdict).state();
      }
      pipelineSeconds = (System.nanoTime() - started) / 1e9;
      started = System.nanoTime();
      List<BatchReplayer.Recovery> recoveries = new ArrayList<>();
      for (var batch : batches) {
        recoveries.add(replayer.recoverAhead(batch));
      }
      for (var r : recoveries) {
        r.chunks().forEach(java.util.concurrent.CompletableFuture::join);
      }
      poolRecoverySeconds = (System.nanoTime() - started) / 1e9;
    } finally {
      pool.shutdownNow();
    }
    System.out.printf(
        Locale.ROOT,
        "one thread each: sender recovery (%s) %.0f records/s, state transition with per-record"
            + " roots %.0f records/s; recovery on %d threads %.0f records/s; both pipelined (in"
            + " memory) %.0f records/s; %d processors%n",
        recovery.name(),
        recovered.size() / recoverySeconds,
        recovered.size() / stfSeconds,
        threads,
        recovered.size() / poolRecoverySeconds,
        recovered.size() / pipelineSeconds,
        Runtime.getRuntime().availableProcessors());
  }

  /** A temperature reading from one of the devices, each writing its own stream. */
  private static void submitReading(TestSequencer sequencer, List<RecordSigner> devices, Random random) {
    int device = random.nextInt(devices.size());
    String stream = String.format(Locale.ROOT, "site-%d/dev-%03d/temp", device % 7, device);
    String value =
        String.format(
            Locale.ROOT, "{\"c\":%.2f,\"rh\":%d,\"bat\":%d}", 15 + 10 * random.nextDouble(),
            30 + random.nextInt(50), 2_900 + random.nextInt(300));
    sequencer.submit(
        devices.get(device),
        nonce ->
            Record.put(
                nonce,
                stream,
                "last".getBytes(StandardCharsets.US_ASCII),
                value.getBytes(StandardCharsets.US_ASCII)));
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
