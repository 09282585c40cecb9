package dev.sluice.state.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.record.Signature;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.stf.RecoveredRecord;
import dev.sluice.state.stf.StateTransition;
import dev.sluice.state.stf.Status;
import dev.sluice.state.stf.TreeStateAccess;
import dev.sluice.state.store.InMemoryKeyValueStore;
import dev.sluice.state.store.KeyValueStore;
import dev.sluice.state.store.LevelDbKeyValueStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The state core at scale: tree updates, proof generations and STF records per second on a tree of
 * a million keys, in memory and on LevelDB, measured in one run so the figures compare. A warmed-up
 * harness rather than JMH because building the million-key tree dominates and must happen once per
 * store, not once per fork.
 *
 * <p>Run: {@code scripts/bench-state [keys] [rounds] [opsPerRound] [memory|leveldb|both]}; the
 * last argument picks the stores, both by default. The STF round asks for the root after every
 * record, as the sequencer does for its receipts; the update round asks only at its checkpoint,
 * like a bulk import.
 */
public final class StateCoreBenchmark {
  private static final int SENDERS = 10_000;
  private static final int STREAMS = 1_000;

  /**
   * With {@code -Dsluice.bench.cpuTime=true}, times are the CPU time of the whole process (every
   * thread, the garbage collector's included) instead of wall time: on a machine shared with other
   * work, the CPU time a run consumed varies far less than the time it took. Output is the same.
   */
  private static final boolean CPU_TIME = Boolean.getBoolean("sluice.bench.cpuTime");

  /** The node store's read cache in nodes ({@code -Dsluice.bench.cachedNodes}), if not default. */
  private static final String CACHED_NODES = System.getProperty("sluice.bench.cachedNodes");

  public static void main(String[] args) throws IOException {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int ops = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
    String stores = args.length > 3 ? args[3] : "both";
    if (!List.of("memory", "leveldb", "both").contains(stores)) {
      throw new IllegalArgumentException("stores must be memory, leveldb or both: " + stores);
    }
    System.out.printf(
        Locale.ROOT,
        "state core benchmark: %,d keys, %d rounds of %,d operations (first 2 rounds are warm-up),"
            + " %d cores, Java %s%s%n",
        keys, rounds, ops, Runtime.getRuntime().availableProcessors(), Runtime.version(),
        (CACHED_NODES == null ? "" : ", node cache " + CACHED_NODES)
            + (CPU_TIME ? ", rates per second of process CPU time" : ""));
    Path directory = Files.createTempDirectory("sluice-bench-");
    try {
      if (!stores.equals("leveldb")) {
        try (KeyValueStore memory = new InMemoryKeyValueStore()) {
          run("in memory", memory, keys, rounds, ops);
        }
      }
      if (!stores.equals("memory")) {
        try (KeyValueStore leveldb = LevelDbKeyValueStore.open(directory)) {
          run("LevelDB", leveldb, keys, rounds, ops);
        }
      }
    } finally {
      deleteRecursively(directory);
    }
  }

  private static void run(String label, KeyValueStore store, int keys, int rounds, int ops) {
    Random random = new Random(1);
    TreeNodeStore nodes =
        CACHED_NODES == null
            ? new TreeNodeStore(store)
            : new TreeNodeStore(store, Integer.parseInt(CACHED_NODES));
    SparseMerkleTree tree = new SparseMerkleTree(nodes, Bytes32.ZERO);
    long start = clock();
    for (int i = 0; i < keys; i++) {
      tree.put(randomKey(random), randomValue(random));
      if ((i + 1) % 100_000 == 0) {
        checkpoint(store, tree);
        System.out.printf(Locale.ROOT, "  [%s] filled %,d keys%n", label, i + 1);
      }
    }
    checkpoint(store, tree);
    System.out.printf(
        Locale.ROOT, "  [%s] filled in %.1f s%n", label, (clock() - start) / 1e9);

    List<Double> updates = new ArrayList<>();
    List<Double> proofs = new ArrayList<>();
    List<Double> records = new ArrayList<>();
    RecordFeed feed = new RecordFeed();
    for (int round = 0; round < rounds; round++) {
      // Updates: random new keys, with the checkpoint that makes them durable included.
      long t0 = clock();
      for (int i = 0; i < ops; i++) {
        tree.put(randomKey(random), randomValue(random));
      }
      checkpoint(store, tree);
      long t1 = clock();
      // Proofs of random keys, present or not: a proof walks the same path either way.
      for (int i = 0; i < ops; i++) {
        tree.prove(randomKey(random));
      }
      long t2 = clock();
      // STF: PUT records from 10,000 senders into 1,000 streams, signatures already recovered,
      // each followed by its post-state root, which the sequencer puts in the record's receipt.
      List<RecoveredRecord> batch = feed.next(ops);
      long t3 = clock();
      TreeStateAccess state = new TreeStateAccess(tree);
      for (RecoveredRecord record : batch) {
        if (StateTransition.apply(state, record) != Status.APPLIED) {
          throw new IllegalStateException("benchmark record was not applied: " + record.signed().record());
        }
        tree.root();
      }
      checkpoint(store, tree);
      long t4 = clock();
      if (round >= 2) {
        updates.add(ops / ((t1 - t0) / 1e9));
        proofs.add(ops / ((t2 - t1) / 1e9));
        records.add(ops / ((t4 - t3) / 1e9));
      }
    }
    report(label, "SMT updates/s (incl. checkpoint)", updates);
    report(label, "SMT proof generations/s", proofs);
    report(label, "STF records/s (no sig. recovery)", records);
  }

  private static void checkpoint(KeyValueStore store, SparseMerkleTree tree) {
    try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
      tree.flushTo(batch);
      batch.commit(false);
    }
  }

  /** Nanoseconds of wall time or, with {@link #CPU_TIME}, of the process's CPU time. */
  private static long clock() {
    return CPU_TIME
        ? ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
        : System.nanoTime();
  }

  private static void report(String label, String what, List<Double> samples) {
    double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median =
        sorted.length % 2 == 1
            ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    System.out.printf(
        Locale.ROOT,
        "%-10s %-34s median %,10.0f   min %,10.0f   max %,10.0f   (%d rounds)%n",
        label, what, median, sorted[0], sorted[sorted.length - 1], sorted.length);
  }

  /**
   * PUT records with consecutive nonces per sender; the senders are synthetic addresses because
   * the STF takes the recovered sender as input and signing is not what is measured.
   */
  private static final class RecordFeed {
    private final Eip712Domain domain = new Eip712Domain(31337, Address.ZERO);
    private final long[] nonces = new long[SENDERS];
    private final Address[] senders = new Address[SENDERS];
    private final Signature signature;
    private final Random random = new Random(2);

    RecordFeed() {
      for (int i = 0; i < SENDERS; i++) {
        byte[] address = new byte[Address.SIZE];
        random.nextBytes(address);
        senders[i] = Address.wrap(address);
      }
      byte[] rsv = new byte[65];
      rsv[64] = 27;
      signature = Signature.of(rsv);
    }

    List<RecoveredRecord> next(int count) {
      List<RecoveredRecord> records = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int sender = random.nextInt(SENDERS);
        // Each sender owns the stream it writes to, so every record is applied.
        String stream = "iot/" + sender % STREAMS + "/" + sender;
        Record record =
            Record.put(
                nonces[sender]++,
                stream,
                ("sensor-" + random.nextInt(8)).getBytes(StandardCharsets.US_ASCII),
                String.format(Locale.ROOT, "%.2f", random.nextDouble() * 40).getBytes(StandardCharsets.US_ASCII));
        records.add(
            new RecoveredRecord(
                new SignedRecord(record, signature), domain.digest(record), Optional.of(senders[sender])));
      }
      return records;
    }
  }

  private static Bytes32 randomKey(Random random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return Bytes32.wrap(key);
  }

  private static byte[] randomValue(Random random) {
    byte[] value = new byte[32];
    random.nextBytes(value);
    return value;
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

}
