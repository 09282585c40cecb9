package dev.sluice.state.smt;

import static dev.sluice.state.smt.TreeFixtures.emptyTree;
import static dev.sluice.state.smt.TreeFixtures.keyWithBit;
import static dev.sluice.state.smt.TreeFixtures.nearKey;
import static dev.sluice.state.smt.TreeFixtures.randomKey;
import static dev.sluice.state.smt.TreeFixtures.value;
import static dev.sluice.state.smt.TreeFixtures.valueHash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Bytes32;
import dev.sluice.state.store.InMemoryKeyValueStore;
import dev.sluice.state.store.KeyValueStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The L1 verifier computes post-state roots from proofs alone (§3.2); these tests hold those roots
 * equal to the ones the tree computes from its nodes, for proofs taken just before each write.
 */
class SmtProofUpdateTest {

  /** The kinds of write the random runs must all reach for the comparison to mean something. */
  enum Case {
    PUT_INTO_EMPTY_SUBTREE,
    PUT_SPLITTING_A_LEAF,
    PUT_REPLACING_A_VALUE,
    PUT_OF_THE_SAME_VALUE,
    DELETE_OF_AN_ABSENT_KEY,
    DELETE_OF_THE_LAST_KEY,
    DELETE_RAISING_A_SIBLING_LEAF,
    DELETE_RAISING_A_SIBLING_LEAF_PAST_EMPTY_SIBLINGS,
    DELETE_BESIDE_AN_INTERNAL_SIBLING,
  }

  @Test
  void rootsFromProofsMatchTheTreeOverRandomWrites() {
    Map<Case, Integer> seen = new EnumMap<>(Case.class);
    for (int run = 0; run < 4; run++) {
      long seed = TestSeeds.seed("rootsFromProofsMatchTheTreeOverRandomWrites");
      // Alternate runs keep to a handful of keys, so the tree often shrinks to one key and to none.
      randomWrites(seed, 1_500, run % 2 == 0 ? 66 : 4, seen);
    }
    System.out.println("rootsFromProofsMatchTheTreeOverRandomWrites: " + seen);
    for (Case kind : Case.values()) {
      assertTrue(seen.getOrDefault(kind, 0) > 0, () -> "never exercised " + kind + ": " + seen);
    }
  }

  private static void randomWrites(
      long seed, int operations, int universeSize, Map<Case, Integer> seen) {
    Random random = new Random(seed);
    String replay = TestSeeds.replay(seed);
    // A small key universe makes overwrites and deletes of present keys common; the clusters
    // share long prefixes so splits and collapses span many levels.
    List<Bytes32> universe = new ArrayList<>();
    for (int cluster = 0; cluster < 3; cluster++) {
      Bytes32 base = randomKey(random);
      int sharedBits = 64 * cluster + 100;
      for (int i = 0; i < 12; i++) {
        universe.add(nearKey(random, base, sharedBits));
      }
    }
    for (int i = 0; i < 30; i++) {
      universe.add(randomKey(random));
    }
    Collections.shuffle(universe, random);
    universe = universe.subList(0, universeSize);
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    SparseMerkleTree tree = new SparseMerkleTree(new TreeNodeStore(store), SmtHashing.EMPTY);
    Map<Bytes32, Bytes32> model = new HashMap<>();

    for (int op = 0; op < operations; op++) {
      // Now and then a key from outside the universe, in the large runs only: it is never
      // deleted, and would keep the small ones from emptying.
      boolean fresh = universeSize > 10 && random.nextInt(20) == 0;
      Bytes32 key = fresh ? randomKey(random) : universe.get(random.nextInt(universe.size()));
      Bytes32 before = tree.root();
      SmtProof proof = tree.prove(key);
      String where = "operation " + op + " on " + key + ", " + replay;
      assertTrue(proof.verify(before, key), where);
      assertEquals(Optional.ofNullable(model.get(key)), proof.valueHashOf(key), where);

      Bytes32 expected;
      if (random.nextInt(100) < 55) {
        byte[] preimage = value(random.nextInt(4));
        Bytes32 valueHash = valueHash(preimage);
        seen.merge(putCase(proof, key, valueHash), 1, Integer::sum);
        expected = proof.rootAfterPut(key, valueHash);
        tree.put(key, preimage);
        model.put(key, valueHash);
      } else {
        seen.merge(deleteCase(proof, key), 1, Integer::sum);
        expected = proof.rootAfterDelete(key);
        tree.delete(key);
        model.remove(key);
      }
      assertEquals(expected, tree.root(), where);

      if (op % 100 == 99) {
        assertEquals(ReferenceRoot.of(model), tree.root(), where);
      }
      if (op % 500 == 499) {
        // Carry on from the store through a fresh node store with a tiny cache, so that the
        // remaining operations read committed nodes rather than the in-memory ones.
        try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
          tree.flushTo(batch);
          batch.commit(false);
        }
        tree = new SparseMerkleTree(new TreeNodeStore(store, random.nextInt(8)), tree.root());
      }
    }
  }

  private static Case putCase(SmtProof proof, Bytes32 key, Bytes32 valueHash) {
    if (!proof.terminalIsLeaf()) {
      return Case.PUT_INTO_EMPTY_SUBTREE;
    }
    if (!proof.leafKey().equals(key)) {
      return Case.PUT_SPLITTING_A_LEAF;
    }
    return proof.leafValueHash().equals(valueHash)
        ? Case.PUT_OF_THE_SAME_VALUE
        : Case.PUT_REPLACING_A_VALUE;
  }

  private static Case deleteCase(SmtProof proof, Bytes32 key) {
    int depth = proof.depth();
    if (proof.valueHashOf(key).isEmpty()) {
      return Case.DELETE_OF_AN_ABSENT_KEY;
    }
    if (depth == 0) {
      return Case.DELETE_OF_THE_LAST_KEY;
    }
    if (proof.siblingKind() == SmtProof.SiblingKind.INTERNAL) {
      return Case.DELETE_BESIDE_AN_INTERNAL_SIBLING;
    }
    return depth >= 2 && proof.siblings().get(depth - 2).isZero()
        ? Case.DELETE_RAISING_A_SIBLING_LEAF_PAST_EMPTY_SIBLINGS
        : Case.DELETE_RAISING_A_SIBLING_LEAF;
  }

  /**
   * a = 0x00…, b = 0x01… (bits 0–6 shared with a) and c = 0x80…: deleting b lifts a from depth 8
   * past six empty siblings to depth 1, beside c.
   */
  @Test
  void aRaisedSiblingLeafClimbsPastEveryEmptySibling() {
    Bytes32 a = Bytes32.ZERO;
    Bytes32 b = keyWithBit(7);
    Bytes32 c = keyWithBit(0);
    SparseMerkleTree tree = emptyTree();
    tree.put(a, value(0));
    tree.put(b, value(1));
    tree.put(c, value(2));

    SmtProof proof = tree.prove(b);
    assertEquals(8, proof.depth());
    assertEquals(SmtProof.SiblingKind.LEAF, proof.siblingKind());
    assertEquals(a, proof.siblingFirst());
    Bytes32 leafA = ReferenceRoot.leaf(a, valueHash(value(0)));
    Bytes32 leafC = ReferenceRoot.leaf(c, valueHash(value(2)));
    Bytes32 expected = ReferenceRoot.internal(leafA, leafC);

    assertEquals(expected, proof.rootAfterDelete(b));
    tree.delete(b);
    assertEquals(expected, tree.root());
  }

  @Test
  void deletingTheOnlyKeyFromItsProofEmptiesTheTree() {
    SparseMerkleTree tree = emptyTree();
    Bytes32 key = keyWithBit(9);
    tree.put(key, value(0));

    assertEquals(Bytes32.ZERO, tree.prove(key).rootAfterDelete(key));
  }

  @Test
  void aPutIntoTheEmptyTreeFromItsProofIsTheLeaf() {
    SparseMerkleTree tree = emptyTree();
    Bytes32 key = keyWithBit(9);
    SmtProof proof = tree.prove(key);

    assertEquals(ReferenceRoot.leaf(key, valueHash(value(0))), proof.rootAfterPut(key, valueHash(value(0))));
  }

  @Test
  void aPutBesideALeafThatLeavesThePathEarlierIsRefused() {
    SparseMerkleTree tree = emptyTree();
    tree.put(Bytes32.ZERO, value(0));
    tree.put(keyWithBit(0), value(1));
    SmtProof proof = tree.prove(Bytes32.ZERO);

    // keyWithBit(0) goes right at depth 0 but the proof's leaf sits on the left.
    assertThrows(
        IllegalArgumentException.class,
        () -> proof.rootAfterPut(keyWithBit(0), valueHash(value(2))));
  }

  /**
   * A hash does not say whether it is a leaf's, so a deletion proof must open its deepest sibling:
   * one that does not is refused rather than guessed, and one that claims the wrong kind does not
   * verify. Otherwise a forged witness could compute a wrong root for an honest deletion.
   */
  @Test
  void aDeletionProofThatDoesNotOpenItsSiblingIsRefused() {
    SparseMerkleTree tree = emptyTree();
    tree.put(Bytes32.ZERO, value(0));
    tree.put(keyWithBit(0), value(1));
    SmtProof proof = tree.prove(Bytes32.ZERO);
    assertEquals(SmtProof.SiblingKind.LEAF, proof.siblingKind());
    SmtProof stripped =
        SmtProofTest.withSibling(proof, SmtProof.SiblingKind.NONE, Bytes32.ZERO, Bytes32.ZERO);

    assertTrue(stripped.verify(tree.root(), Bytes32.ZERO), "an unopened sibling is allowed for reads");
    assertThrows(IllegalArgumentException.class, () -> stripped.rootAfterDelete(Bytes32.ZERO));
    SmtProof misnamed =
        SmtProofTest.withSibling(
            proof, SmtProof.SiblingKind.INTERNAL, proof.siblingFirst(), proof.siblingSecond());
    assertFalse(misnamed.verify(tree.root(), Bytes32.ZERO));
    tree.delete(Bytes32.ZERO);
    assertEquals(tree.root(), proof.rootAfterDelete(Bytes32.ZERO));
  }
}
