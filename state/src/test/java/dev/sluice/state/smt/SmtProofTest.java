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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmtProofTest {

  @Test
  void theEmptyTreeProvesEveryKeyAbsentWithTheEmptyProof() {
    SparseMerkleTree tree = emptyTree();
    Bytes32 key = keyWithBit(17);
    SmtProof proof = tree.prove(key);

    assertEquals(
        new SmtProof(List.of(), false, Bytes32.ZERO, Bytes32.ZERO, SmtProof.SiblingKind.NONE, Bytes32.ZERO, Bytes32.ZERO),
        proof);
    assertTrue(proof.verify(Bytes32.ZERO, key));
    assertEquals(Optional.empty(), proof.valueHashOf(key));
    assertFalse(proof.verify(keyWithBit(1), key));
  }

  @Test
  void aSingleLeafTreeProvesWithTheLeafAtDepthZero() {
    SparseMerkleTree tree = emptyTree();
    Bytes32 key = keyWithBit(17);
    tree.put(key, value(1));

    SmtProof member = tree.prove(key);
    assertEquals(0, member.depth());
    assertTrue(member.verify(tree.root(), key));
    assertEquals(Optional.of(valueHash(value(1))), member.valueHashOf(key));

    Bytes32 other = keyWithBit(18);
    SmtProof absent = tree.prove(other);
    assertEquals(0, absent.depth());
    assertTrue(absent.terminalIsLeaf());
    assertTrue(absent.verify(tree.root(), other));
    assertEquals(Optional.empty(), absent.valueHashOf(other));
  }

  @Test
  void everyProofVerifiesAndAgreesWithTheTree() {
    long seed = TestSeeds.seed("everyProofVerifiesAndAgreesWithTheTree");
    Random random = new Random(seed);
    int members = 0;
    int absentAtEmpty = 0;
    int absentAtLeaf = 0;
    int withSiblingLeaf = 0;
    for (int round = 0; round < 8; round++) {
      SparseMerkleTree tree = emptyTree();
      List<Bytes32> present = new ArrayList<>();
      Bytes32 base = randomKey(random);
      int size = round == 0 ? 1 : random.nextInt(300);
      for (int i = 0; i < size; i++) {
        Bytes32 key = random.nextBoolean() ? randomKey(random) : nearKey(random, base, 200);
        tree.put(key, value(i));
        present.add(key);
      }
      List<Bytes32> probes = new ArrayList<>(present);
      for (int i = 0; i < size + 20; i++) {
        probes.add(random.nextBoolean() ? randomKey(random) : nearKey(random, base, 200));
      }
      for (Bytes32 key : probes) {
        SmtProof proof = tree.prove(key);
        assertTrue(proof.verify(tree.root(), key), () -> key + " " + TestSeeds.replay(seed));
        assertEquals(tree.valueHash(key), proof.valueHashOf(key), TestSeeds.replay(seed));
        if (proof.valueHashOf(key).isPresent()) {
          members++;
        } else if (proof.terminalIsLeaf()) {
          absentAtLeaf++;
        } else {
          absentAtEmpty++;
        }
        if (proof.siblingKind() == SmtProof.SiblingKind.LEAF) {
          withSiblingLeaf++;
        }
      }
    }
    assertTrue(members > 0 && absentAtEmpty > 0 && absentAtLeaf > 0 && withSiblingLeaf > 0);
  }

  @Test
  void aProofThatEndsInAnotherKeysLeafProvesEveryKeyOnItsPathAbsent() {
    SparseMerkleTree tree = emptyTree();
    tree.put(Bytes32.ZERO, value(0));
    tree.put(keyWithBit(0), value(1));
    SmtProof proof = tree.prove(Bytes32.ZERO);
    assertEquals(1, proof.depth());

    // 0x00…01 shares bit 0 with the proven key, so the same proof shows it absent.
    Bytes32 neighbour = keyWithBit(255);
    assertTrue(proof.verify(tree.root(), neighbour));
    assertEquals(Optional.empty(), proof.valueHashOf(neighbour));
    assertEquals(Optional.empty(), tree.valueHash(neighbour));
  }

  @Test
  void tamperedProofsFail() {
    long seed = TestSeeds.seed("tamperedProofsFail");
    Random random = new Random(seed);
    SparseMerkleTree tree = emptyTree();
    Bytes32 base = randomKey(random);
    List<Bytes32> keys = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Bytes32 key = random.nextBoolean() ? randomKey(random) : nearKey(random, base, 220);
      tree.put(key, value(i));
      keys.add(key);
    }
    for (int i = 0; i < 100; i++) {
      keys.add(random.nextBoolean() ? randomKey(random) : nearKey(random, base, 220));
    }
    Collections.shuffle(keys, random);
    Bytes32 root = tree.root();
    for (Bytes32 key : keys) {
      SmtProof proof = tree.prove(key);
      String replay = key + " " + TestSeeds.replay(seed);
      int depth = proof.depth();
      assertTrue(proof.verify(root, key), replay);

      assertFalse(proof.verify(flipBit(root, random.nextInt(256)), key), replay);
      assertFalse(withTerminal(proof, !proof.terminalIsLeaf()).verify(root, key), replay);
      assertFalse(
          withSiblings(proof, append(proof.siblings(), Bytes32.ZERO)).verify(root, key), replay);
      assertFalse(
          withSiblings(proof, prepend(randomKey(random), proof.siblings())).verify(root, key),
          replay);
      if (depth > 0) {
        // A key leaving the path above the terminal node (one that stays on it is rightly proven
        // absent by the same proof: see the test above).
        assertFalse(proof.verify(root, flipBit(key, random.nextInt(depth))), replay);
        int index = random.nextInt(depth);
        List<Bytes32> flipped = new ArrayList<>(proof.siblings());
        flipped.set(index, flipBit(flipped.get(index), random.nextInt(256)));
        assertFalse(withSiblings(proof, flipped).verify(root, key), replay);
        assertFalse(withSiblings(proof, proof.siblings().subList(1, depth)).verify(root, key));
        assertFalse(withSiblings(proof, proof.siblings().subList(0, depth - 1)).verify(root, key));
      }
      if (proof.terminalIsLeaf()) {
        Bytes32 leafKey = proof.leafKey();
        Bytes32 leafValueHash = proof.leafValueHash();
        assertFalse(withLeaf(proof, leafKey, flipBit(leafValueHash, 0)).verify(root, key), replay);
        if (depth < 256) {
          // A leaf key still on the path, so only the hash can catch it.
          Bytes32 onPath = flipBit(leafKey, depth + random.nextInt(256 - depth));
          assertFalse(withLeaf(proof, onPath, leafValueHash).verify(root, key), replay);
        }
        if (depth > 0) {
          Bytes32 offPath = flipBit(leafKey, random.nextInt(depth));
          assertFalse(withLeaf(proof, offPath, leafValueHash).verify(root, key), replay);
        }
      }
      if (proof.opensSibling()) {
        SmtProof.SiblingKind kind = proof.siblingKind();
        assertFalse(
            withSibling(proof, kind, proof.siblingFirst(), flipBit(proof.siblingSecond(), 7))
                .verify(root, key),
            replay);
        assertFalse(
            withSibling(proof, kind, flipBit(proof.siblingFirst(), 255), proof.siblingSecond())
                .verify(root, key),
            replay);
        // The same halves under the other kind: the domain byte tells a leaf from an internal node.
        SmtProof.SiblingKind other =
            kind == SmtProof.SiblingKind.LEAF ? SmtProof.SiblingKind.INTERNAL : SmtProof.SiblingKind.LEAF;
        assertFalse(
            withSibling(proof, other, proof.siblingFirst(), proof.siblingSecond()).verify(root, key),
            replay);
        assertFalse(
            withSibling(proof, SmtProof.SiblingKind.NONE, proof.siblingFirst(), proof.siblingSecond())
                .verify(root, key),
            replay + ": halves without a kind");
      }
    }
  }

  @Test
  void anOpenedSiblingOnAProofOfDepthZeroIsRejected() {
    SparseMerkleTree tree = emptyTree();
    Bytes32 key = keyWithBit(3);
    tree.put(key, value(0));
    SmtProof proof = tree.prove(key);

    SmtProof padded = withSibling(proof, SmtProof.SiblingKind.LEAF, key, valueHash(value(0)));
    assertFalse(padded.verify(tree.root(), key));
  }

  @Test
  void leafFieldsOnAnEmptyTerminalAreRejected() {
    SparseMerkleTree tree = emptyTree();
    tree.put(Bytes32.ZERO, value(0));
    tree.put(keyWithBit(1), value(1));
    Bytes32 absent = keyWithBit(0); // the root's right half is empty
    SmtProof proof = tree.prove(absent);
    assertFalse(proof.terminalIsLeaf());
    assertTrue(proof.verify(tree.root(), absent));

    assertFalse(withLeaf(proof, keyWithBit(5), Bytes32.ZERO).verify(tree.root(), absent));
  }

  @Test
  void aProofDeeperThanTheKeyIsRejected() {
    Bytes32 key = keyWithBit(3);
    SmtProof tooDeep =
        new SmtProof(
            Collections.nCopies(257, Bytes32.ZERO),
            false,
            Bytes32.ZERO,
            Bytes32.ZERO,
            SmtProof.SiblingKind.NONE,
            Bytes32.ZERO,
            Bytes32.ZERO);

    assertFalse(tooDeep.verify(Bytes32.ZERO, key));
    assertThrows(IllegalArgumentException.class, () -> tooDeep.impliedRoot(key));
    assertThrows(IllegalArgumentException.class, () -> tooDeep.rootAfterPut(key, Bytes32.ZERO));
    assertThrows(IllegalArgumentException.class, () -> tooDeep.rootAfterDelete(key));
  }

  @Test
  void theSiblingListIsCopied() {
    List<Bytes32> siblings = new ArrayList<>(List.of(keyWithBit(1)));
    SmtProof proof =
        new SmtProof(siblings, false, Bytes32.ZERO, Bytes32.ZERO, SmtProof.SiblingKind.NONE, Bytes32.ZERO, Bytes32.ZERO);
    siblings.add(keyWithBit(2));

    assertEquals(1, proof.depth());
    assertThrows(UnsupportedOperationException.class, () -> proof.siblings().add(Bytes32.ZERO));
  }

  static Bytes32 flipBit(Bytes32 value, int bit) {
    byte[] bytes = value.toArray();
    bytes[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
    return Bytes32.adopt(bytes);
  }

  private static List<Bytes32> append(List<Bytes32> list, Bytes32 last) {
    List<Bytes32> result = new ArrayList<>(list);
    result.add(last);
    return result;
  }

  private static List<Bytes32> prepend(Bytes32 first, List<Bytes32> list) {
    List<Bytes32> result = new ArrayList<>();
    result.add(first);
    result.addAll(list);
    return result;
  }

  static SmtProof withSiblings(SmtProof p, List<Bytes32> siblings) {
    return new SmtProof(
        siblings,
        p.terminalIsLeaf(),
        p.leafKey(),
        p.leafValueHash(),
        p.siblingKind(),
        p.siblingFirst(),
        p.siblingSecond());
  }

  private static SmtProof withTerminal(SmtProof p, boolean terminalIsLeaf) {
    return new SmtProof(
        p.siblings(),
        terminalIsLeaf,
        p.leafKey(),
        p.leafValueHash(),
        p.siblingKind(),
        p.siblingFirst(),
        p.siblingSecond());
  }

  private static SmtProof withLeaf(SmtProof p, Bytes32 leafKey, Bytes32 leafValueHash) {
    return new SmtProof(
        p.siblings(),
        p.terminalIsLeaf(),
        leafKey,
        leafValueHash,
        p.siblingKind(),
        p.siblingFirst(),
        p.siblingSecond());
  }

  static SmtProof withSibling(
      SmtProof p, SmtProof.SiblingKind kind, Bytes32 siblingFirst, Bytes32 siblingSecond) {
    return new SmtProof(
        p.siblings(),
        p.terminalIsLeaf(),
        p.leafKey(),
        p.leafValueHash(),
        kind,
        siblingFirst,
        siblingSecond);
  }
}
