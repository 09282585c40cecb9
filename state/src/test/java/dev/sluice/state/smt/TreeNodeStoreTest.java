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
import dev.sluice.state.Keccak;
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

class TreeNodeStoreTest {

  @Test
  void nothingReachesTheStoreUntilTheFlushedBatchIsCommitted() {
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    SparseMerkleTree tree = new SparseMerkleTree(new TreeNodeStore(store), SmtHashing.EMPTY);
    tree.put(keyWithBit(0), value(0));
    tree.put(keyWithBit(1), value(1));
    assertTrue(entries(store).isEmpty());

    try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
      assertEquals(3, tree.flushTo(batch));
      assertTrue(entries(store).isEmpty());
      SparseMerkleTree early = new SparseMerkleTree(new TreeNodeStore(store), tree.root());
      assertThrows(IllegalStateException.class, () -> early.get(keyWithBit(0)));
      batch.commit(false);
    }

    SparseMerkleTree reopened = new SparseMerkleTree(new TreeNodeStore(store), tree.root());
    assertArrayEquals(value(0), reopened.get(keyWithBit(0)).orElseThrow());
    assertArrayEquals(value(1), reopened.get(keyWithBit(1)).orElseThrow());
  }

  /** Pins the layout of docs/protocol.md §3.3 and {@link TreeNodeStore}. */
  @Test
  void nodesAreStoredByHashAndPreimagesByValueHash() {
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    SparseMerkleTree tree = new SparseMerkleTree(new TreeNodeStore(store), SmtHashing.EMPTY);
    Bytes32 a = Bytes32.ZERO;
    Bytes32 b = keyWithBit(0);
    tree.put(a, value(0));
    tree.put(b, value(1));
    flush(store, tree);

    Bytes32 leafA = ReferenceRoot.leaf(a, valueHash(value(0)));
    Bytes32 leafB = ReferenceRoot.leaf(b, valueHash(value(1)));
    Map<String, byte[]> expected = new HashMap<>();
    expected.put(hex(0x01, tree.root()), concat(0x01, leafA, leafB));
    expected.put(hex(0x01, leafA), concat(0x00, a, valueHash(value(0))));
    expected.put(hex(0x01, leafB), concat(0x00, b, valueHash(value(1))));
    expected.put(hex(0x02, valueHash(value(0))), value(0));
    expected.put(hex(0x02, valueHash(value(1))), value(1));

    Map<String, byte[]> actual = entries(store);
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((key, bytes) -> assertArrayEquals(bytes, actual.get(key), key));
    actual.forEach(
        (key, bytes) -> {
          if (key.startsWith("01")) {
            assertEquals(key.substring(2), Keccak.hash32(bytes).toHex().substring(2));
          }
        });
  }

  @Test
  void aFlushStoresOnlyTheNodesOfTheFlushedRoot() {
    long seed = TestSeeds.seed("aFlushStoresOnlyTheNodesOfTheFlushedRoot");
    Random random = new Random(seed);
    List<Bytes32> keys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      keys.add(randomKey(random));
    }
    InMemoryKeyValueStore churned = new InMemoryKeyValueStore();
    SparseMerkleTree tree = new SparseMerkleTree(new TreeNodeStore(churned), SmtHashing.EMPTY);
    for (int i = 0; i < 1_000; i++) {
      tree.put(keys.get(random.nextInt(keys.size())), value(i));
    }
    flush(churned, tree);

    // The same final contents written once each, into a store of their own.
    InMemoryKeyValueStore direct = new InMemoryKeyValueStore();
    SparseMerkleTree copy = new SparseMerkleTree(new TreeNodeStore(direct), SmtHashing.EMPTY);
    for (Bytes32 key : keys) {
      tree.get(key).ifPresent(preimage -> copy.put(key, preimage));
    }
    flush(direct, copy);

    assertEquals(tree.root(), copy.root(), TestSeeds.replay(seed));
    assertEquals(entries(direct).keySet(), entries(churned).keySet(), TestSeeds.replay(seed));
  }

  @Test
  void everyFlushedRootStaysReadableAfterMoreWritesAndAfterReopening() {
    long seed = TestSeeds.seed("everyFlushedRootStaysReadableAfterMoreWritesAndAfterReopening");
    Random random = new Random(seed);
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    SparseMerkleTree tree = new SparseMerkleTree(new TreeNodeStore(store, 16), SmtHashing.EMPTY);
    Bytes32 base = randomKey(random);
    List<Bytes32> keys = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      keys.add(random.nextBoolean() ? randomKey(random) : nearKey(random, base, 230));
    }
    Map<Bytes32, Map<Bytes32, byte[]>> snapshots = new LinkedHashMap<>();
    Map<Bytes32, byte[]> contents = new HashMap<>();
    Map<String, byte[]> storedSoFar = new HashMap<>();
    for (int checkpoint = 0; checkpoint < 12; checkpoint++) {
      for (int i = 0; i < 25; i++) {
        Bytes32 key = keys.get(random.nextInt(keys.size()));
        if (random.nextInt(3) == 0) {
          tree.delete(key);
          contents.remove(key);
        } else {
          byte[] preimage = value(random.nextInt(1_000));
          tree.put(key, preimage);
          contents.put(key, preimage);
        }
        if (i % 5 == 0) {
          // Unflushed roots are readable too, through the in-memory nodes.
          assertContents(tree.at(tree.root()), keys, contents, seed);
        }
      }
      snapshots.put(tree.root(), new HashMap<>(contents));
      flush(store, tree);

      // Nothing stored earlier is ever changed or removed.
      Map<String, byte[]> stored = entries(store);
      storedSoFar.forEach(
          (key, bytes) -> assertArrayEquals(bytes, stored.get(key), TestSeeds.replay(seed)));
      storedSoFar = stored;
      for (Map.Entry<Bytes32, Map<Bytes32, byte[]>> snapshot : snapshots.entrySet()) {
        assertContents(tree.at(snapshot.getKey()), keys, snapshot.getValue(), seed);
      }
    }

    for (int cachedNodes : new int[] {0, 3, TreeNodeStore.DEFAULT_CACHED_NODES}) {
      TreeNodeStore reopened = new TreeNodeStore(store, cachedNodes);
      for (Map.Entry<Bytes32, Map<Bytes32, byte[]>> snapshot : snapshots.entrySet()) {
        SparseMerkleTree historical = new SparseMerkleTree(reopened, snapshot.getKey());
        assertContents(historical, keys, snapshot.getValue(), seed);
      }
    }
  }

  @Test
  void aMissingNodeIsReportedAsAnIllegalState() {
    TreeNodeStore nodes = new TreeNodeStore(new InMemoryKeyValueStore());
    SparseMerkleTree tree = new SparseMerkleTree(nodes, keyWithBit(4));

    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> tree.get(keyWithBit(0)));
    assertTrue(thrown.getMessage().contains(keyWithBit(4).toHex()), thrown.getMessage());
  }

  @Test
  void aFlushForgetsTheNodesOfUnflushedRoots() {
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    TreeNodeStore nodes = new TreeNodeStore(store, 0);
    SparseMerkleTree tree = new SparseMerkleTree(nodes, SmtHashing.EMPTY);
    tree.put(keyWithBit(0), value(0));
    tree.put(keyWithBit(1), value(1));
    Bytes32 intermediate = tree.root();
    tree.put(keyWithBit(1), value(2));
    assertTrue(nodes.dirtyNodeCount() > 0);

    flush(store, tree);

    assertEquals(0, nodes.dirtyNodeCount());
    assertThrows(IllegalStateException.class, () -> tree.at(intermediate).get(keyWithBit(1)));
    assertEquals(Optional.empty(), nodes.preimage(valueHash(value(1))));
    assertArrayEquals(value(2), nodes.preimage(valueHash(value(2))).orElseThrow());
  }

  private static void assertContents(
      SparseMerkleTree tree, List<Bytes32> keys, Map<Bytes32, byte[]> contents, long seed) {
    for (Bytes32 key : keys) {
      byte[] expected = contents.get(key);
      Optional<byte[]> actual = tree.get(key);
      assertEquals(expected != null, actual.isPresent(), TestSeeds.replay(seed));
      if (expected != null) {
        assertArrayEquals(expected, actual.get(), TestSeeds.replay(seed));
      }
      SmtProof proof = tree.prove(key);
      assertTrue(proof.verify(tree.root(), key), TestSeeds.replay(seed));
      assertEquals(
          Optional.ofNullable(expected).map(TreeFixtures::valueHash),
          proof.valueHashOf(key),
          TestSeeds.replay(seed));
    }
  }

  private static void flush(KeyValueStore store, SparseMerkleTree tree) {
    try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
      tree.flushTo(batch);
      batch.commit(false);
    }
  }

  private static Map<String, byte[]> entries(KeyValueStore store) {
    Map<String, byte[]> entries = new HashMap<>();
    try (KeyValueStore.Cursor cursor = store.scan(new byte[0])) {
      cursor.forEachRemaining(entry -> entries.put(hexOf(entry.key()), entry.value()));
    }
    return entries;
  }

  private static String hex(int prefix, Bytes32 hash) {
    return String.format("%02x", prefix) + hash.toHex().substring(2);
  }

  private static String hexOf(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static byte[] concat(int kind, Bytes32 first, Bytes32 second) {
    byte[] bytes = new byte[65];
    bytes[0] = (byte) kind;
    first.copyTo(bytes, 1);
    second.copyTo(bytes, 33);
    return bytes;
  }
}
