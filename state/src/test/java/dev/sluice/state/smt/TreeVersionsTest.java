package dev.sluice.state.smt;

import static dev.sluice.state.smt.TreeFixtures.nearKey;
import static dev.sluice.state.smt.TreeFixtures.randomKey;
import static dev.sluice.state.smt.TreeFixtures.value;
import static dev.sluice.state.smt.TreeFixtures.valueHash;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Bytes32;
import dev.sluice.state.store.InMemoryKeyValueStore;
import dev.sluice.state.store.KeyValueStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tree keeps the nodes it writes in memory, changes them in place until a root is handed out
 * and copies them afterwards, and hashes them only when a root or proof needs it. These runs mix
 * writes, roots, proofs, views at earlier roots that write too, and flushes from the tree and from
 * views, and hold every result to the definition of docs/protocol.md §3 ({@link ReferenceRoot}):
 *
 * <ul>
 *   <li>every root handed out is the reference root of the contents at that moment;
 *   <li>every root handed out since the last flush reopens with exactly those contents, however
 *       the tree and its views were written afterwards;
 *   <li>after each flush the store holds exactly the nodes and preimages of the roots flushed so
 *       far, byte for byte, and each of those roots reopens from the store alone.
 * </ul>
 */
class TreeVersionsTest {

  @Test
  void rootsReopenAndFlushesStoreExactlyTheNodesOfTheFlushedRoots() {
    for (int run = 0; run < 8; run++) {
      long seed = TestSeeds.seed("rootsReopenAndFlushesStoreExactlyTheNodesOfTheFlushedRoots");
      // Alternate runs keep to a handful of keys, so the tree often shrinks to one key and to none.
      new Run(seed, run % 2 == 0 ? 48 : 5).go(700);
    }
  }

  /**
   * Thousands of writes with no root in between build one large unfrozen tree, changed in place;
   * the single hash at the end must still be the reference root, before and after a flush.
   */
  @Test
  void aLargeTreeWrittenWithoutIntermediateRootsMatchesTheReference() {
    long seed = TestSeeds.seed("aLargeTreeWrittenWithoutIntermediateRootsMatchesTheReference");
    Random random = new Random(seed);
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    SparseMerkleTree tree =
        new SparseMerkleTree(new TreeNodeStore(store, 1 << 12), SmtHashing.EMPTY);
    Map<Bytes32, Bytes32> contents = new HashMap<>();
    List<Bytes32> keys = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      Bytes32 key = randomKey(random);
      keys.add(key);
      tree.put(key, value(i));
      contents.put(key, valueHash(value(i)));
    }
    assertEquals(ReferenceRoot.of(contents), tree.root(), TestSeeds.replay(seed));
    try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
      tree.flushTo(batch);
      batch.commit(false);
    }
    for (int i = 0; i < keys.size(); i += 2) {
      tree.delete(keys.get(i));
      contents.remove(keys.get(i));
      tree.put(keys.get(i + 1), value(-i));
      contents.put(keys.get(i + 1), valueHash(value(-i)));
    }
    assertEquals(ReferenceRoot.of(contents), tree.root(), TestSeeds.replay(seed));
  }

  private static final class Run {
    private final Random random;
    private final String replay;
    private final List<Bytes32> universe = new ArrayList<>();
    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    private final TreeNodeStore nodes;
    private final SparseMerkleTree tree;
    private final Map<Bytes32, byte[]> contents = new HashMap<>();

    /** Contents by root, for the roots handed out since the last flush. */
    private final Map<Bytes32, Map<Bytes32, byte[]>> unflushed = new LinkedHashMap<>();

    private final Map<Bytes32, Map<Bytes32, byte[]>> flushed = new LinkedHashMap<>();
    private final Map<String, byte[]> expectedStore = new HashMap<>();

    Run(long seed, int universeSize) {
      random = new Random(seed);
      replay = TestSeeds.replay(seed);
      Bytes32 base = randomKey(random);
      for (int i = 0; i < universeSize; i++) {
        // Clustered keys make deep splits and long rises; random ones keep the tree bushy.
        universe.add(random.nextBoolean() ? randomKey(random) : nearKey(random, base, 240));
      }
      // Without a cache every stored node is read back from the store itself.
      nodes = new TreeNodeStore(store, random.nextBoolean() ? 0 : 64);
      tree = new SparseMerkleTree(nodes, SmtHashing.EMPTY);
    }

    void go(int steps) {
      for (int step = 0; step < steps; step++) {
        int action = random.nextInt(100);
        if (action < 40) {
          write(tree, contents);
        } else if (action < 60) {
          handOutRoot(tree, contents);
        } else if (action < 70) {
          proveWithoutAskingForTheRoot();
        } else if (action < 80) {
          readBack(tree, contents);
        } else if (action < 88) {
          writeThroughAView();
        } else if (action < 92) {
          reopenEveryUnflushedRoot();
        } else if (action < 98) {
          flush(tree, contents);
        } else {
          flushAView();
        }
      }
      flush(tree, contents);
    }

    private void write(SparseMerkleTree target, Map<Bytes32, byte[]> state) {
      Bytes32 key = universe.get(random.nextInt(universe.size()));
      if (random.nextInt(3) == 0) {
        target.delete(key);
        state.remove(key);
      } else {
        // Few distinct values, so that leaves share preimages and rewrites repeat old leaves.
        byte[] preimage = value(random.nextInt(20));
        target.put(key, preimage);
        state.put(key, preimage);
      }
    }

    private Bytes32 handOutRoot(SparseMerkleTree target, Map<Bytes32, byte[]> state) {
      Bytes32 root = target.root();
      assertEquals(ReferenceRoot.of(valueHashes(state)), root, replay);
      unflushed.put(root, new HashMap<>(state));
      return root;
    }

    /** A proof hashes the siblings it needs, which freezes them while the path stays writable. */
    private void proveWithoutAskingForTheRoot() {
      Bytes32 key = universe.get(random.nextInt(universe.size()));
      SmtProof proof = tree.prove(key);
      assertTrue(proof.verify(ReferenceRoot.of(valueHashes(contents)), key), replay);
      assertEquals(
          Optional.ofNullable(contents.get(key)).map(TreeFixtures::valueHash),
          proof.valueHashOf(key),
          replay);
    }

    private void readBack(SparseMerkleTree target, Map<Bytes32, byte[]> state) {
      for (Bytes32 key : universe) {
        byte[] expected = state.get(key);
        Optional<byte[]> actual = target.get(key);
        assertEquals(expected != null, actual.isPresent(), replay);
        if (expected != null) {
          assertArrayEquals(expected, actual.get(), replay);
          assertEquals(Optional.of(valueHash(expected)), target.valueHash(key), replay);
        }
      }
    }

    /** Opens an earlier root, checks it, writes through it and hands out the view's roots too. */
    private void writeThroughAView() {
      if (unflushed.isEmpty()) {
        return;
      }
      List<Bytes32> roots = new ArrayList<>(unflushed.keySet());
      Bytes32 root = roots.get(random.nextInt(roots.size()));
      Map<Bytes32, byte[]> state = new HashMap<>(unflushed.get(root));
      SparseMerkleTree view = tree.at(root);
      readBack(view, state);
      for (int i = random.nextInt(6); i >= 0; i--) {
        write(view, state);
        if (random.nextBoolean()) {
          handOutRoot(view, state);
        }
      }
      handOutRoot(view, state);
      readBack(view, state);
    }

    private void reopenEveryUnflushedRoot() {
      for (Map.Entry<Bytes32, Map<Bytes32, byte[]>> version : unflushed.entrySet()) {
        SparseMerkleTree view = tree.at(version.getKey());
        assertEquals(version.getKey(), view.root(), replay);
        readBack(view, version.getValue());
      }
    }

    private void flush(SparseMerkleTree target, Map<Bytes32, byte[]> state) {
      try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
        target.flushTo(batch);
        batch.commit(false);
      }
      assertEquals(0, nodes.dirtyNodeCount(), replay);
      Bytes32 root = target.root();
      Map<Bytes32, byte[]> stored = new HashMap<>();
      assertEquals(ReferenceRoot.withNodes(valueHashes(state), stored), root, replay);
      stored.forEach((hash, encoding) -> expectedStore.put(storeKey(0x01, hash), encoding));
      state
          .values()
          .forEach(preimage -> expectedStore.put(storeKey(0x02, valueHash(preimage)), preimage));
      Map<String, byte[]> actual = entries(store);
      assertEquals(expectedStore.keySet(), actual.keySet(), replay);
      expectedStore.forEach((key, bytes) -> assertArrayEquals(bytes, actual.get(key), replay));

      unflushed.clear();
      flushed.put(root, new HashMap<>(state));
      TreeNodeStore fresh = new TreeNodeStore(store, 0);
      for (Map.Entry<Bytes32, Map<Bytes32, byte[]>> version : flushed.entrySet()) {
        readBack(new SparseMerkleTree(fresh, version.getKey()), version.getValue());
      }
      // The tree carries on from its flushed root, now read through the cache and the store.
      readBack(target, state);
    }

    /** Another tree's flush makes the store forget this tree's roots, not its unflushed nodes. */
    private void flushAView() {
      if (unflushed.isEmpty()) {
        return;
      }
      List<Bytes32> roots = new ArrayList<>(unflushed.keySet());
      Bytes32 root = roots.get(random.nextInt(roots.size()));
      flush(tree.at(root), new HashMap<>(unflushed.get(root)));
      readBack(tree, contents);
    }
  }

  private static Map<Bytes32, Bytes32> valueHashes(Map<Bytes32, byte[]> contents) {
    Map<Bytes32, Bytes32> hashes = new HashMap<>();
    contents.forEach((key, preimage) -> hashes.put(key, valueHash(preimage)));
    return hashes;
  }

  private static String storeKey(int prefix, Bytes32 hash) {
    return String.format("%02x", prefix) + hash.toHex().substring(2);
  }

  private static Map<String, byte[]> entries(KeyValueStore store) {
    Map<String, byte[]> entries = new HashMap<>();
    try (KeyValueStore.Cursor cursor = store.scan(new byte[0])) {
      cursor.forEachRemaining(
          entry -> entries.put(HexFormat.of().formatHex(entry.key()), entry.value()));
    }
    return entries;
  }
}
