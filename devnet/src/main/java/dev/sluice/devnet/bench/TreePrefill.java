package dev.sluice.devnet.bench;

import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.store.KeyValueStore;
import dev.sluice.state.store.LevelDbKeyValueStore;
import java.io.PrintStream;
import java.nio.file.Path;
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
 * <p>The tree is written through {@link TreeNodeStore} into the node's LevelDB database ({@code
 * <data>/db}) and made the node's starting state by the sequencer's checkpoint head ({@code 0x20
 * 0x03} = sequence u64 big-endian ‖ root, docs/sequencer.md): a checkpoint "at sequence −1", which
 * recovery opens as the state before the first record and replays the (empty) log after.
 */
final class TreePrefill {
  private static final byte[] HEAD_KEY = {0x20, 0x03};
  private static final int FLUSH_EVERY = 100_000;
  private static final int VALUE_BYTES = 48;

  private TreePrefill() {}

  /**
   * Writes {@code leaves} random leaves into the database of the data directory {@code
   * dataDirectory}, which must be new.
   *
   * @return the root of the filled tree
   */
  static Bytes32 fill(Path dataDirectory, long leaves, long seed, PrintStream log) {
    if (leaves < 0) {
      throw new IllegalArgumentException("leaves must be >= 0, got " + leaves);
    }
    long start = System.nanoTime();
    try (LevelDbKeyValueStore store = LevelDbKeyValueStore.open(dataDirectory.resolve("db"))) {
      if (store.get(HEAD_KEY).isPresent()) {
        throw new IllegalStateException(dataDirectory + " already holds a sequencer state");
      }
      SparseMerkleTree tree = new SparseMerkleTree(new TreeNodeStore(store), Bytes32.ZERO);
      SplittableRandom random = new SplittableRandom(seed);
      long lastLog = start;
      for (long i = 0; i < leaves; i++) {
        byte[] key = new byte[Bytes32.SIZE];
        random.nextBytes(key);
        byte[] value = new byte[VALUE_BYTES];
        random.nextBytes(value);
        tree.put(Bytes32.wrap(key), value);
        if ((i + 1) % FLUSH_EVERY == 0) {
          flush(store, tree, null);
          long now = System.nanoTime();
          if (now - lastLog > 10_000_000_000L) {
            log.printf(Locale.ROOT, "  prefill: %,d of %,d leaves%n", i + 1, leaves);
            lastLog = now;
          }
        }
      }
      Bytes32 root = tree.root();
      flush(store, tree, root);
      log.printf(
          Locale.ROOT,
          "  prefill: %,d leaves in %.1f s, root %s%n",
          leaves,
          (System.nanoTime() - start) / 1e9,
          root.toHex());
      return root;
    }
  }

  private static void flush(KeyValueStore store, SparseMerkleTree tree, Bytes32 head) {
    try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
      tree.flushTo(batch);
      if (head != null) {
        byte[] value = new byte[8 + Bytes32.SIZE];
        for (int i = 0; i < 8; i++) {
          value[i] = (byte) 0xff; // sequence -1, big-endian
        }
        head.copyTo(value, 8);
        batch.put(HEAD_KEY, value);
      }
      batch.commit(true);
    }
  }
}
