package dev.sluice.state.smt;

import static dev.sluice.state.smt.TreeFixtures.keyWithBit;
import static dev.sluice.state.smt.TreeFixtures.nearKey;
import static dev.sluice.state.smt.TreeFixtures.randomKey;
import static dev.sluice.state.smt.TreeFixtures.value;
import static dev.sluice.state.smt.TreeFixtures.valueHash;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Bytes32;
import dev.sluice.state.store.InMemoryKeyValueStore;
import dev.sluice.state.store.KeyValueStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SortedTreeLoaderTest {

  @Test
  void noLeavesGiveTheEmptyRootAndWriteNothing() {
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    SortedTreeLoader loader = new SortedTreeLoader(store, 10);

    assertEquals(SmtHashing.EMPTY, loader.finish());
    assertEquals(0, count(store, new byte[0]));
  }

  @Test
  void aSingleLeafIsTheRoot() {
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    SortedTreeLoader loader = new SortedTreeLoader(store, 10);
    loader.add(keyWithBit(7), value(1));

    assertEquals(ReferenceRoot.leaf(keyWithBit(7), valueHash(value(1))), loader.finish());
    assertEquals(1, loader.nodesWritten());
  }

  /**
   * Random key sets, some clustered so that keys share long prefixes and the tree has long chains
   * of single-child nodes: the store ends up holding exactly the nodes of the reference tree, and
   * every preimage.
   */
  @Test
  void storesExactlyTheNodesOfTheReferenceTree() {
    long seed = TestSeeds.seed("storesExactlyTheNodesOfTheReferenceTree");
    Random random = new Random(seed);
    for (int round = 0; round < 200; round++) {
      TreeMap<Bytes32, byte[]> leaves = randomLeaves(random, random.nextInt(300));
      InMemoryKeyValueStore store = new InMemoryKeyValueStore();
      SortedTreeLoader loader = new SortedTreeLoader(store, 1 + random.nextInt(50));
      leaves.forEach(loader::add);
      Bytes32 root = loader.finish();

      Map<Bytes32, Bytes32> valueHashes = new HashMap<>();
      leaves.forEach((key, preimage) -> valueHashes.put(key, valueHash(preimage)));
      Map<Bytes32, byte[]> expectedNodes = new HashMap<>();
      assertEquals(
          ReferenceRoot.withNodes(valueHashes, expectedNodes), root, TestSeeds.replay(seed));
      assertEquals(expectedNodes.size(), loader.nodesWritten(), TestSeeds.replay(seed));
      assertEquals(
          expectedNodes.size(),
          count(store, new byte[] {TreeNodeStore.NODE_KEY_PREFIX}),
          TestSeeds.replay(seed));
      for (Map.Entry<Bytes32, byte[]> node : expectedNodes.entrySet()) {
        Bytes32 hash = node.getKey();
        assertArrayEquals(
            node.getValue(),
            store
                .get(TreeNodeStore.nodeKey(hash.lane(0), hash.lane(1), hash.lane(2), hash.lane(3)))
                .orElseThrow(),
            TestSeeds.replay(seed));
      }
      for (byte[] preimage : leaves.values()) {
        assertArrayEquals(
            preimage,
            store.get(TreeNodeStore.preimageKey(valueHash(preimage))).orElseThrow(),
            TestSeeds.replay(seed));
      }
    }
  }

  /**
   * A loaded tree is an ordinary tree: opened by its root it reads, proves and takes further
   * writes, and those move its root exactly as they move the root of a tree built by puts.
   */
  @Test
  void aLoadedTreeBehavesLikeOneBuiltByPuts() {
    long seed = TestSeeds.seed("aLoadedTreeBehavesLikeOneBuiltByPuts");
    Random random = new Random(seed);
    for (int round = 0; round < 20; round++) {
      TreeMap<Bytes32, byte[]> leaves = randomLeaves(random, 1 + random.nextInt(2_000));
      InMemoryKeyValueStore store = new InMemoryKeyValueStore();
      SortedTreeLoader loader = new SortedTreeLoader(store, 1_000);
      leaves.forEach(loader::add);
      Bytes32 root = loader.finish();
      SparseMerkleTree loaded = new SparseMerkleTree(new TreeNodeStore(store, 64), root);
      SparseMerkleTree built = TreeFixtures.emptyTree();
      List<Bytes32> keys = new ArrayList<>(leaves.keySet());
      Collections.shuffle(keys, random);
      keys.forEach(key -> built.put(key, leaves.get(key)));
      assertEquals(built.root(), root, TestSeeds.replay(seed));

      for (int i = 0; i < 20; i++) {
        Bytes32 key = keys.get(random.nextInt(keys.size()));
        assertArrayEquals(leaves.get(key), loaded.get(key).orElseThrow(), TestSeeds.replay(seed));
        assertTrue(loaded.prove(key).verify(root, key), TestSeeds.replay(seed));
        Bytes32 absent = randomKey(random);
        assertTrue(loaded.prove(absent).verify(root, absent), TestSeeds.replay(seed));
      }
      for (int i = 0; i < 50; i++) {
        int op = random.nextInt(3);
        Bytes32 key =
            op == 0 ? randomKey(random) : nearKey(random, keys.get(random.nextInt(keys.size())), 0);
        if (op == 2) {
          loaded.delete(key);
          built.delete(key);
        } else {
          loaded.put(key, value(i));
          built.put(key, value(i));
        }
        assertEquals(built.root(), loaded.root(), TestSeeds.replay(seed));
      }
    }
  }

  @Test
  void refusesKeysOutOfOrderAndRepeatedKeys() {
    SortedTreeLoader loader = new SortedTreeLoader(new InMemoryKeyValueStore(), 10);
    loader.add(keyWithBit(9), value(1));

    assertThrows(IllegalArgumentException.class, () -> loader.add(keyWithBit(9), value(2)));
    assertThrows(IllegalArgumentException.class, () -> loader.add(keyWithBit(12), value(2)));
    // The refused keys changed nothing: the next key in order still loads the right tree.
    loader.add(keyWithBit(4), value(3));
    Bytes32 root = loader.finish();
    assertEquals(
        ReferenceRoot.of(
            Map.of(keyWithBit(9), valueHash(value(1)), keyWithBit(4), valueHash(value(3)))),
        root);
  }

  @Test
  void takesNothingAfterFinishing() {
    SortedTreeLoader loader = new SortedTreeLoader(new InMemoryKeyValueStore(), 10);
    loader.finish();

    assertThrows(IllegalStateException.class, () -> loader.add(keyWithBit(1), value(1)));
    assertThrows(IllegalStateException.class, loader::finish);
  }

  /** Random leaves; about half the sets clustered around a few keys, for long shared prefixes. */
  private static TreeMap<Bytes32, byte[]> randomLeaves(Random random, int count) {
    TreeMap<Bytes32, byte[]> leaves = new TreeMap<>();
    List<Bytes32> centres = new ArrayList<>();
    boolean clustered = random.nextBoolean();
    for (int i = 0; i < 1 + random.nextInt(4); i++) {
      centres.add(randomKey(random));
    }
    while (leaves.size() < count) {
      Bytes32 key =
          clustered
              ? nearKey(random, centres.get(random.nextInt(centres.size())), random.nextInt(250))
              : randomKey(random);
      byte[] preimage = new byte[random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(64)];
      random.nextBytes(preimage);
      leaves.put(key, preimage);
    }
    return leaves;
  }

  private static int count(KeyValueStore store, byte[] prefix) {
    int count = 0;
    try (KeyValueStore.Cursor cursor = store.scan(prefix)) {
      while (cursor.hasNext()) {
        cursor.next();
        count++;
      }
    }
    return count;
  }
}
