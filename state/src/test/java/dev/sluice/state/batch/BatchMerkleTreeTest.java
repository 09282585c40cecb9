package dev.sluice.state.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchMerkleTreeTest {
  private static final Bytes32 ZERO = Bytes32.ZERO;
  private static final Bytes32 A = filled(0x11);
  private static final Bytes32 B = filled(0x22);
  private static final Bytes32 C = filled(0x33);
  private static final Bytes32 D = filled(0x44);
  private static final Bytes32 E = filled(0x55);

  @Test
  void aSingleLeafIsTheRoot() {
    BatchMerkleTree tree = BatchMerkleTree.of(List.of(A));

    assertEquals(A, tree.root());
    assertEquals(0, tree.depth());
    assertEquals(List.of(), tree.proof(0));
    assertTrue(BatchMerkleTree.verify(A, 1, 0, A, List.of()));
  }

  @Test
  void twoLeavesHashTogether() {
    BatchMerkleTree tree = BatchMerkleTree.of(List.of(A, B));

    assertEquals(node(A, B), tree.root());
    assertEquals(List.of(B), tree.proof(0));
    assertEquals(List.of(A), tree.proof(1));
  }

  @Test
  void threeLeavesArePaddedToFour() {
    BatchMerkleTree tree = BatchMerkleTree.of(List.of(A, B, C));

    assertEquals(node(node(A, B), node(C, ZERO)), tree.root());
    assertEquals(List.of(ZERO, node(A, B)), tree.proof(2));
    assertEquals(List.of(A, node(C, ZERO)), tree.proof(1));
  }

  @Test
  void fiveLeavesArePaddedToEight() {
    BatchMerkleTree tree = BatchMerkleTree.of(List.of(A, B, C, D, E));

    Bytes32 left = node(node(A, B), node(C, D));
    Bytes32 right = node(node(E, ZERO), node(ZERO, ZERO));
    assertEquals(node(left, right), tree.root());
    assertEquals(3, tree.depth());
    assertEquals(List.of(ZERO, node(ZERO, ZERO), left), tree.proof(4));
    assertEquals(List.of(D, node(A, B), right), tree.proof(2));
  }

  @Test
  void rootsMatchAnIndependentKeccak() {
    // Computed outside this code base, from the §5.1 definition.
    assertEquals(
        Bytes32.fromHex("3e92e0db88d6afea9edc4eedf62fffa4d92bcdfc310dccbe943747fe8302e871"),
        BatchMerkleTree.rootOf(List.of(A, B)));
    assertEquals(
        Bytes32.fromHex("4d04a272938848c4439dc587b627fb4d5775a206798033f9b410d2a40e1dc89d"),
        BatchMerkleTree.rootOf(List.of(A, B, C)));
    assertEquals(
        Bytes32.fromHex("5eb5be7d2b693616e6954dd14999a6066807e73982904bf699aa0e368c421bb0"),
        BatchMerkleTree.rootOf(List.of(A, B, C, D, E)));
  }

  @Test
  void anEmptyListHasNoRoot() {
    assertThrows(IllegalArgumentException.class, () -> BatchMerkleTree.of(List.of()));
  }

  @Test
  void proofIndexMustBeALeaf() {
    BatchMerkleTree tree = BatchMerkleTree.of(List.of(A, B, C));

    assertThrows(IndexOutOfBoundsException.class, () -> tree.proof(3));
    assertThrows(IndexOutOfBoundsException.class, () -> tree.proof(-1));
  }

  @Test
  void depthIsLog2OfThePaddedSize() {
    assertEquals(0, BatchMerkleTree.depth(1));
    assertEquals(1, BatchMerkleTree.depth(2));
    assertEquals(2, BatchMerkleTree.depth(3));
    assertEquals(2, BatchMerkleTree.depth(4));
    assertEquals(3, BatchMerkleTree.depth(5));
    assertEquals(16, BatchMerkleTree.depth(65_536));
    assertEquals(17, BatchMerkleTree.depth(65_537));
  }

  @Test
  void rootsMatchAnExplicitlyPaddedTree() {
    Random random = new Random(0x5eed);
    for (int size = 1; size <= 300; size++) {
      List<Bytes32> leaves = randomLeaves(random, size);

      assertEquals(paddedRoot(leaves), BatchMerkleTree.rootOf(leaves), "size " + size);
    }
  }

  @Test
  void everyProofVerifiesAndTamperedOnesFail() {
    Random random = new Random(0xba7c4);
    for (int size = 1; size <= 300; size++) {
      List<Bytes32> leaves = randomLeaves(random, size);
      BatchMerkleTree tree = BatchMerkleTree.of(leaves);
      Bytes32 root = tree.root();
      for (int index = 0; index < size; index++) {
        Bytes32 leaf = leaves.get(index);
        List<Bytes32> proof = tree.proof(index);
        String where = "size " + size + ", index " + index;

        assertEquals(leaf, tree.leaf(index), where);
        assertEquals(tree.depth(), proof.size(), where);
        assertTrue(BatchMerkleTree.verify(root, size, index, leaf, proof), where);

        // One tampering per proof, taking turns, keeps 45,150 proofs quick to check.
        switch (index % 3) {
          case 0 ->
              assertFalse(
                  BatchMerkleTree.verify(root, size, index, flip(leaf, random), proof), where);
          case 1 -> {
            if (!proof.isEmpty()) {
              List<Bytes32> tampered = new ArrayList<>(proof);
              int level = random.nextInt(proof.size());
              tampered.set(level, flip(proof.get(level), random));
              assertFalse(BatchMerkleTree.verify(root, size, index, leaf, tampered), where);
            }
          }
          default -> {
            int otherIndex = index ^ (1 << random.nextInt(Math.max(1, tree.depth())));
            if (otherIndex < size && !leaves.get(otherIndex).equals(leaf)) {
              assertFalse(BatchMerkleTree.verify(root, size, otherIndex, leaf, proof), where);
            }
          }
        }
      }
      if (Integer.bitCount(size) != 1) {
        // Appending a zero leaf short of the next power of two leaves the root alone, so this
        // is a genuine proof of the padding leaf at index size; only the index check stops it.
        BatchMerkleTree padded = BatchMerkleTree.of(append(leaves, ZERO));
        assertEquals(root, padded.root());
        assertFalse(BatchMerkleTree.verify(root, size, size, ZERO, padded.proof(size)));
        assertTrue(BatchMerkleTree.verify(root, size + 1, size, ZERO, padded.proof(size)));
      }
    }
  }

  @Test
  void everyTamperingOfASmallTreeFails() {
    List<Bytes32> leaves = List.of(A, B, C, D, E);
    BatchMerkleTree tree = BatchMerkleTree.of(leaves);
    Random random = new Random(5);
    for (int index = 0; index < leaves.size(); index++) {
      List<Bytes32> proof = tree.proof(index);
      for (int level = 0; level < proof.size(); level++) {
        List<Bytes32> tampered = new ArrayList<>(proof);
        tampered.set(level, flip(proof.get(level), random));
        assertFalse(BatchMerkleTree.verify(tree.root(), 5, index, leaves.get(index), tampered));
      }
      for (int other = 0; other < 8; other++) {
        if (other != index) {
          assertFalse(BatchMerkleTree.verify(tree.root(), 5, other, leaves.get(index), proof));
        }
      }
      assertFalse(BatchMerkleTree.verify(tree.root(), 5, index, ZERO, proof));
      assertFalse(
          BatchMerkleTree.verify(tree.root(), 5, index, leaves.get(index), proof.subList(1, 3)));
    }
  }

  @Test
  void paddingCannotBeProvenAsALeaf() {
    List<Bytes32> leaves = List.of(A, B, C);
    BatchMerkleTree tree = BatchMerkleTree.of(leaves);
    // The zero leaf at index 3 is genuinely in the padded tree: siblings C, then node(A, B).
    List<Bytes32> paddingProof = List.of(C, node(A, B));

    assertFalse(BatchMerkleTree.verify(tree.root(), 3, 3, ZERO, paddingProof));
    assertTrue(BatchMerkleTree.verify(tree.root(), 4, 3, ZERO, paddingProof));
    assertFalse(BatchMerkleTree.verify(tree.root(), 3, -1, ZERO, paddingProof));
    assertFalse(BatchMerkleTree.verify(tree.root(), 0, 0, A, paddingProof));
  }

  @Test
  void anInnerNodeCannotBeProvenAsALeaf() {
    BatchMerkleTree tree = BatchMerkleTree.of(List.of(A, B, C, D));

    // node(A, B) with sibling node(C, D) hashes to the root, but a 4-leaf proof has 2 siblings.
    assertFalse(BatchMerkleTree.verify(tree.root(), 4, 0, node(A, B), List.of(node(C, D))));
    assertFalse(BatchMerkleTree.verify(tree.root(), 4, 0, A, append(tree.proof(0), ZERO)));
  }

  @Test
  void aFullBatchBuildsAndProves() {
    List<Bytes32> leaves = randomLeaves(new Random(65_536), BatchHeader.MAX_RECORD_COUNT);
    BatchMerkleTree tree = BatchMerkleTree.of(leaves);

    assertEquals(16, tree.depth());
    assertEquals(paddedRoot(leaves), tree.root());
    for (int index : new int[] {0, 1, 32_767, 32_768, 65_534, 65_535}) {
      assertTrue(
          BatchMerkleTree.verify(
              tree.root(), leaves.size(), index, leaves.get(index), tree.proof(index)));
    }
  }

  @Test
  void oneLeafPastAPowerOfTwoAddsALevel() {
    List<Bytes32> leaves = randomLeaves(new Random(17), 17);
    BatchMerkleTree tree = BatchMerkleTree.of(leaves);

    assertEquals(5, tree.depth());
    assertEquals(
        node(paddedRoot(leaves.subList(0, 16)), subtreeOfOne(leaves.get(16))), tree.root());
  }

  /** The root of leaf followed by 15 zero leaves, built level by level. */
  private static Bytes32 subtreeOfOne(Bytes32 leaf) {
    Bytes32 node = leaf;
    Bytes32 padding = ZERO;
    for (int level = 0; level < 4; level++) {
      node = node(node, padding);
      padding = node(padding, padding);
    }
    return node;
  }

  /** §5.1 read literally: pad to a power of two, then hash pairs level by level. */
  private static Bytes32 paddedRoot(List<Bytes32> leaves) {
    int padded = 1;
    while (padded < leaves.size()) {
      padded *= 2;
    }
    List<Bytes32> level = new ArrayList<>(leaves);
    while (level.size() < padded) {
      level.add(ZERO);
    }
    while (level.size() > 1) {
      List<Bytes32> parents = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        parents.add(node(level.get(i), level.get(i + 1)));
      }
      level = parents;
    }
    return level.get(0);
  }

  private static Bytes32 node(Bytes32 left, Bytes32 right) {
    return Keccak.hash32(left.toArray(), right.toArray());
  }

  private static Bytes32 filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return Bytes32.wrap(bytes);
  }

  private static List<Bytes32> randomLeaves(Random random, int count) {
    List<Bytes32> leaves = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      leaves.add(Bytes32.wrap(bytes));
    }
    return leaves;
  }

  private static Bytes32 flip(Bytes32 value, Random random) {
    byte[] bytes = value.toArray();
    int bit = random.nextInt(256);
    bytes[bit >>> 3] ^= (byte) (1 << (bit & 7));
    return Bytes32.wrap(bytes);
  }

  private static List<Bytes32> append(List<Bytes32> list, Bytes32 element) {
    List<Bytes32> longer = new ArrayList<>(list);
    longer.add(element);
    return longer;
  }
}
