package dev.sluice.state.smt;

import static dev.sluice.state.smt.TreeFixtures.emptyTree;
import static dev.sluice.state.smt.TreeFixtures.keyWithBit;
import static dev.sluice.state.smt.TreeFixtures.nearKey;
import static dev.sluice.state.smt.TreeFixtures.randomKey;
import static dev.sluice.state.smt.TreeFixtures.value;
import static dev.sluice.state.smt.TreeFixtures.valueHash;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparseMerkleTreeTest {

  @Test
  void emptyTreeHasTheZeroRootAndNoKeys() {
    SparseMerkleTree tree = emptyTree();
    Bytes32 key = keyWithBit(3);

    assertEquals(Bytes32.ZERO, tree.root());
    assertEquals(Optional.empty(), tree.get(key));
    assertEquals(Optional.empty(), tree.valueHash(key));
  }

  @Test
  void aSingleLeafTreeHasTheLeafHashAsRoot() {
    SparseMerkleTree tree = emptyTree();
    Bytes32 key = keyWithBit(200);

    tree.put(key, value(1));

    assertEquals(ReferenceRoot.leaf(key, valueHash(value(1))), tree.root());
    assertArrayEquals(value(1), tree.get(key).orElseThrow());
    assertEquals(Optional.of(valueHash(value(1))), tree.valueHash(key));
  }

  /**
   * Keys a = 00…, b = 01… and c = 1…: a and b part at bit 1, c at bit 0. The root is written out
   * from the §3 formulas, byte by byte, so the spec and the code are pinned together.
   */
  @Test
  void threeKeyTreeMatchesTheRootComputedByHandFromTheSpec() {
    Bytes32 a = Bytes32.ZERO;
    Bytes32 b = keyWithBit(1);
    Bytes32 c = keyWithBit(0);
    byte[] va = {0x0a};
    byte[] vb = {0x0b};
    byte[] vc = {};
    SparseMerkleTree tree = emptyTree();
    tree.put(a, va);
    tree.put(b, vb);
    tree.put(c, vc);

    byte[] leafA = Keccak.hash(new byte[] {0x00}, new byte[32], Keccak.hash(va));
    byte[] leafB = Keccak.hash(new byte[] {0x00}, b.toArray(), Keccak.hash(vb));
    byte[] leafC = Keccak.hash(new byte[] {0x00}, c.toArray(), Keccak.hash(vc));
    byte[] left = Keccak.hash(new byte[] {0x01}, leafA, leafB);
    byte[] root = Keccak.hash(new byte[] {0x01}, left, leafC);
    assertEquals(Bytes32.wrap(root), tree.root());

    // Deleting b leaves a alone under the left child of the root, so a rises to depth 1.
    tree.delete(b);
    assertEquals(Bytes32.wrap(Keccak.hash(new byte[] {0x01}, leafA, leafC)), tree.root());
    // Deleting c leaves a alone in the tree: it rises to the root.
    tree.delete(c);
    assertEquals(Bytes32.wrap(leafA), tree.root());
    tree.delete(a);
    assertEquals(Bytes32.ZERO, tree.root());
  }

  /** Two keys differing only in bit 255 sit at depth 256, under 255 single-child nodes. */
  @Test
  void keysDifferingOnlyInTheLastBitSplitAtTheBottom() {
    Bytes32 zero = Bytes32.ZERO;
    Bytes32 one = keyWithBit(255);
    SparseMerkleTree tree = emptyTree();
    tree.put(zero, value(0));
    Bytes32 singleLeafRoot = tree.root();
    tree.put(one, value(1));

    Bytes32 expected =
        ReferenceRoot.internal(
            ReferenceRoot.leaf(zero, valueHash(value(0))),
            ReferenceRoot.leaf(one, valueHash(value(1))));
    for (int depth = 254; depth >= 0; depth--) {
      expected = ReferenceRoot.internal(expected, Bytes32.ZERO);
    }
    assertEquals(expected, tree.root());
    assertEquals(256, tree.prove(one).depth());
    assertArrayEquals(value(0), tree.get(zero).orElseThrow());
    assertArrayEquals(value(1), tree.get(one).orElseThrow());

    // The remaining leaf climbs all 256 levels back to the root.
    tree.delete(one);
    assertEquals(singleLeafRoot, tree.root());
  }

  @Test
  void keysSharingLongPrefixesMatchTheReferenceRoot() {
    long seed = TestSeeds.seed("keysSharingLongPrefixesMatchTheReferenceRoot");
    Random random = new Random(seed);
    for (int round = 0; round < 20; round++) {
      Bytes32 base = randomKey(random);
      int sharedBits = random.nextInt(256);
      SparseMerkleTree tree = emptyTree();
      Map<Bytes32, Bytes32> contents = new HashMap<>();
      for (int i = 0; i < 12; i++) {
        Bytes32 key = nearKey(random, base, sharedBits);
        tree.put(key, value(i));
        contents.put(key, valueHash(value(i)));
      }
      assertEquals(ReferenceRoot.of(contents), tree.root(), TestSeeds.replay(seed));
    }
  }

  @Test
  void rootDoesNotDependOnInsertionOrder() {
    long seed = TestSeeds.seed("rootDoesNotDependOnInsertionOrder");
    Random random = new Random(seed);
    for (int round = 0; round < 10; round++) {
      Map<Bytes32, byte[]> contents = new LinkedHashMap<>();
      int size = 1 + random.nextInt(200);
      Bytes32 base = randomKey(random);
      for (int i = 0; i < size; i++) {
        // Mix unrelated keys with clustered ones so both shallow and deep splits occur.
        Bytes32 key = random.nextBoolean() ? randomKey(random) : nearKey(random, base, 240);
        contents.put(key, value(random.nextInt(50)));
      }
      Map<Bytes32, Bytes32> valueHashes = new HashMap<>();
      contents.forEach((key, preimage) -> valueHashes.put(key, valueHash(preimage)));
      Bytes32 expected = ReferenceRoot.of(valueHashes);

      List<Bytes32> keys = new ArrayList<>(contents.keySet());
      for (int shuffle = 0; shuffle < 4; shuffle++) {
        Collections.shuffle(keys, random);
        SparseMerkleTree tree = emptyTree();
        for (Bytes32 key : keys) {
          tree.put(key, contents.get(key));
        }
        assertEquals(expected, tree.root(), TestSeeds.replay(seed));
      }
    }
  }

  @Test
  void deleteRestoresThePreviousRootDownToTheEmptyTree() {
    long seed = TestSeeds.seed("deleteRestoresThePreviousRootDownToTheEmptyTree");
    Random random = new Random(seed);
    for (int round = 0; round < 10; round++) {
      SparseMerkleTree tree = emptyTree();
      List<Bytes32> keys = new ArrayList<>();
      List<Bytes32> roots = new ArrayList<>();
      Bytes32 base = randomKey(random);
      int size = 1 + random.nextInt(150);
      for (int i = 0; i < size; i++) {
        Bytes32 key = random.nextInt(3) == 0 ? nearKey(random, base, 250) : randomKey(random);
        if (tree.valueHash(key).isPresent()) {
          continue;
        }
        roots.add(tree.root());
        keys.add(key);
        tree.put(key, value(i));
      }
      for (int i = keys.size() - 1; i >= 0; i--) {
        tree.delete(keys.get(i));
        assertEquals(roots.get(i), tree.root(), TestSeeds.replay(seed));
      }
      assertEquals(Bytes32.ZERO, tree.root(), TestSeeds.replay(seed));
    }
  }

  @Test
  void deletingInAnyOrderMatchesTheReferenceRoot() {
    long seed = TestSeeds.seed("deletingInAnyOrderMatchesTheReferenceRoot");
    Random random = new Random(seed);
    SparseMerkleTree tree = emptyTree();
    Map<Bytes32, Bytes32> contents = new HashMap<>();
    Bytes32 base = randomKey(random);
    for (int i = 0; i < 120; i++) {
      Bytes32 key = random.nextBoolean() ? nearKey(random, base, 230) : randomKey(random);
      tree.put(key, value(i));
      contents.put(key, valueHash(value(i)));
    }
    List<Bytes32> keys = new ArrayList<>(contents.keySet());
    Collections.shuffle(keys, random);
    for (Bytes32 key : keys) {
      tree.delete(key);
      contents.remove(key);
      assertEquals(ReferenceRoot.of(contents), tree.root(), TestSeeds.replay(seed));
    }
  }

  @Test
  void deletingAnAbsentKeyChangesNothing() {
    SparseMerkleTree tree = emptyTree();
    tree.delete(keyWithBit(7));
    assertEquals(Bytes32.ZERO, tree.root());

    // 00… and 01… part at bit 1, leaving the right half of the root empty.
    tree.put(Bytes32.ZERO, value(0));
    tree.put(keyWithBit(1), value(1));
    Bytes32 root = tree.root();
    tree.delete(keyWithBit(0)); // its path ends in the empty right half
    assertEquals(root, tree.root());
    tree.delete(keyWithBit(2)); // its path ends in the leaf of 00…
    assertEquals(root, tree.root());
  }

  @Test
  void overwritingReplacesTheValueAndWritingTheSameValueChangesNothing() {
    SparseMerkleTree tree = emptyTree();
    Bytes32 key = keyWithBit(42);
    tree.put(keyWithBit(41), value(0));
    tree.put(key, value(1));
    Bytes32 first = tree.root();

    tree.put(key, value(1));
    assertEquals(first, tree.root());

    tree.put(key, value(2));
    assertNotEquals(first, tree.root());
    assertArrayEquals(value(2), tree.get(key).orElseThrow());

    tree.put(key, value(1));
    assertEquals(first, tree.root());
  }

  @Test
  void storedPreimagesAreCopies() {
    SparseMerkleTree tree = emptyTree();
    Bytes32 key = keyWithBit(5);
    byte[] preimage = {1, 2, 3};
    tree.put(key, preimage);
    preimage[0] = 9;

    byte[] read = tree.get(key).orElseThrow();
    assertArrayEquals(new byte[] {1, 2, 3}, read);
    read[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, tree.get(key).orElseThrow());
  }

  @Test
  void anEmptyPreimageIsAValue() {
    SparseMerkleTree tree = emptyTree();
    Bytes32 key = keyWithBit(5);
    tree.put(key, new byte[0]);

    assertArrayEquals(new byte[0], tree.get(key).orElseThrow());
    assertEquals(Optional.of(Keccak.hash32(new byte[0])), tree.valueHash(key));
  }

  @Test
  void aViewAtAnEarlierRootSeesThatRootAndDoesNotMoveWithTheTree() {
    SparseMerkleTree tree = emptyTree();
    tree.put(keyWithBit(0), value(0));
    Bytes32 earlier = tree.root();
    tree.put(keyWithBit(1), value(1));
    tree.delete(keyWithBit(0));

    SparseMerkleTree view = tree.at(earlier);
    assertEquals(earlier, view.root());
    assertArrayEquals(value(0), view.get(keyWithBit(0)).orElseThrow());
    assertTrue(view.get(keyWithBit(1)).isEmpty());

    view.put(keyWithBit(2), value(2));
    assertTrue(tree.get(keyWithBit(2)).isEmpty());
    assertTrue(tree.get(keyWithBit(0)).isEmpty());
  }
}
