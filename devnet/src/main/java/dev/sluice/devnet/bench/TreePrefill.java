package dev.sluice.devnet.bench;

import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SortedTreeLoader;
import dev.sluice.state.store.KeyValueStore;
import dev.sluice.state.store.LevelDbKeyValueStore;
import dev.sluice.state.store.LevelDbOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Gives a fresh node's data directory a state tree of N leaves before the node starts, so the
 * benchmark can measure how the pipeline behaves as its state grows without pushing millions of
 * records through it first.
 *
 * <p>The leaves are random 32-byte keys with 48-byte random values. The keys the workload's records
 * touch (accounts, streams, entries) are keccak hashes like any other, so only the number of leaves
 * shapes their paths, and the state transition function never reads a leaf it did not write.
 *
 * <p>The keys are drawn in ascending order (their first eight bytes drawn and sorted, the rest
 * drawn per key) and written by a {@link SortedTreeLoader}: one pass, no reads, memory for the
 * eight-byte prefixes only (80 MB at 10^7 leaves). Inserting them one by one instead reads most of
 * each path from LevelDB once the tree outgrows the node cache, and slowed below 0.25 M leaves a
 * minute past 6 M leaves.
 *
 * <p>The tree goes into the node's LevelDB database ({@code <data>/db}) and is made the node's
 * starting state by the sequencer's checkpoint head ({@code 0x20 0x03} = sequence u64 big-endian ‖
 * root, docs/sequencer.md): a checkpoint "at sequence −1", which recovery opens as the state before
 * the first record and replays the (empty) log after.
 */
final class TreePrefill {
  private static final byte[] HEAD_KEY = {0x20, 0x03};
  private static final int WRITES_PER_BATCH = 100_000;
  private static final int VALUE_BYTES = 48;

  /** A large memtable: the load writes a few GB of random keys, and LevelDB compacts less. */
  private static final int WRITE_BUFFER_BYTES = 256 << 20;

  private static final long PROGRESS_NANOS = 10_000_000_000L;

  private TreePrefill() {}

  /**
   * Writes {@code leaves} random leaves into the database of the data directory {@code
   * dataDirectory}, which must be new.
   *
   * @return the root of the filled tree
   */
  static Bytes32 fill(Path dataDirectory, long leaves, long seed, PrintStream log) {
    if (leaves < 0 || leaves > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("leaves must be in [0, 2^31 - 9], got " + leaves);
    }
    long start = System.nanoTime();
    LevelDbOptions options = LevelDbOptions.defaults().withWriteBufferSize(WRITE_BUFFER_BYTES);
    try (LevelDbKeyValueStore store =
        LevelDbKeyValueStore.open(dataDirectory.resolve("db"), options)) {
      if (store.get(HEAD_KEY).isPresent()) {
        throw new IllegalStateException(dataDirectory + " already holds a sequencer state");
      }
      SplittableRandom random = new SplittableRandom(seed);
      long[] prefixes = sortedDistinctPrefixes((int) leaves, random);
      SortedTreeLoader loader = new SortedTreeLoader(store, WRITES_PER_BATCH);
      long lastLog = start;
      for (long prefix : prefixes) {
        byte[] key = new byte[Bytes32.SIZE];
        random.nextBytes(key);
        long bigEndian = prefix ^ Long.MIN_VALUE;
        for (int i = 0; i < Long.BYTES; i++) {
          key[i] = (byte) (bigEndian >>> (56 - 8 * i));
        }
        byte[] value = new byte[VALUE_BYTES];
        random.nextBytes(value);
        loader.add(Bytes32.adopt(key), value);
        long now = System.nanoTime();
        if (now - lastLog > PROGRESS_NANOS) {
          log.printf(
              Locale.ROOT,
              "  prefill: %,d of %,d leaves (%,.0f leaves/s)%n",
              loader.leaves(),
              leaves,
              loader.leaves() / ((now - start) / 1e9));
          lastLog = now;
        }
      }
      Bytes32 root = loader.finish();
      try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
        byte[] head = new byte[8 + Bytes32.SIZE];
        for (int i = 0; i < 8; i++) {
          head[i] = (byte) 0xff; // sequence -1, big-endian
        }
        root.copyTo(head, 8);
        batch.put(HEAD_KEY, head);
        batch.commit(true);
      }
      log.printf(
          Locale.ROOT,
          "  prefill: %,d leaves (%,d nodes) in %.1f s, root %s%n",
          leaves,
          loader.nodesWritten(),
          (System.nanoTime() - start) / 1e9,
          root.toHex());
      return root;
    }
  }

  /**
   * {@code count} distinct random 64-bit key prefixes in ascending unsigned order, each stored
   * with its sign bit flipped so that a signed sort orders them unsigned.
   */
  private static long[] sortedDistinctPrefixes(int count, SplittableRandom random) {
    long[] prefixes = new long[count];
    int filled = 0;
    while (filled < count) {
      for (int i = filled; i < count; i++) {
        prefixes[i] = random.nextLong();
      }
      Arrays.sort(prefixes);
      // Drop repeats (in about one run in 400,000 at 10^7 leaves) and draw again for the gap.
      filled = prefixes.length == 0 ? 0 : 1;
      for (int i = 1; i < count; i++) {
        if (prefixes[i] != prefixes[filled - 1]) {
          prefixes[filled++] = prefixes[i];
        }
      }
    }
    return prefixes;
  }
}
