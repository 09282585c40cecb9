package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A proof for one key against a tree root (docs/protocol.md §3.1), and the root computations of
 * §3.2 that a verifier makes from it without the tree.
 *
 * <p>The methods read nothing but the record's fields, in the order the L1 verifier does, so the
 * two implementations can be compared line by line; shared test vectors are generated from this
 * class. Absent fields are {@link Bytes32#ZERO}.
 *
 * @param siblings {@code siblings[i]} is the hash of the sibling of the path node at depth {@code
 *     i + 1}; the proof's depth {@code d} is the list's size
 * @param terminalIsLeaf whether the path ends in a leaf at depth {@code d} (otherwise it ends in an
 *     empty subtree there)
 * @param leafKey the key of that leaf when {@code terminalIsLeaf}
 * @param leafValueHash the value hash of that leaf when {@code terminalIsLeaf}
 * @param siblingKind what {@code siblings[d−1]} is, opened: {@link SiblingKind#LEAF} with {@code
 *     siblingFirst} the leaf's key and {@code siblingSecond} its value hash, {@link
 *     SiblingKind#INTERNAL} with the node's left and right child hashes, or {@link
 *     SiblingKind#NONE} (both zero) when the proof does not open it
 * @param siblingFirst the first half of the opened sibling node
 * @param siblingSecond the second half of the opened sibling node
 */
public record SmtProof(
    List<Bytes32> siblings,
    boolean terminalIsLeaf,
    Bytes32 leafKey,
    Bytes32 leafValueHash,
    SiblingKind siblingKind,
    Bytes32 siblingFirst,
    Bytes32 siblingSecond) {

  /** The deepest a proof can go: one level per key bit. */
  public static final int MAX_DEPTH = 256;

  /**
   * What the deepest sibling is. A hash alone does not tell a leaf from an internal node, and a
   * deletion must know (a leaf sibling rises, an internal one stays), so proofs open it. The
   * ordinals are the wire codes of docs/protocol.md §3.1.
   */
  public enum SiblingKind {
    NONE,
    LEAF,
    INTERNAL;

    public int code() {
      return ordinal();
    }

    public static SiblingKind ofCode(int code) {
      if (code < 0 || code > 2) {
        throw new IllegalArgumentException("unknown sibling kind " + code);
      }
      return values()[code];
    }
  }

  /**
   * Copies {@code siblings}. Any depth is accepted here so that a malformed proof read from the
   * outside can still be handed to {@link #verify}, which rejects it.
   */
  public SmtProof {
    siblings = List.copyOf(siblings);
    Objects.requireNonNull(leafKey, "leafKey");
    Objects.requireNonNull(leafValueHash, "leafValueHash");
    Objects.requireNonNull(siblingKind, "siblingKind");
    Objects.requireNonNull(siblingFirst, "siblingFirst");
    Objects.requireNonNull(siblingSecond, "siblingSecond");
  }

  /** The number of siblings, which is the depth of the path's terminal node. */
  public int depth() {
    return siblings.size();
  }

  /** Whether the proof opens {@code siblings[d−1]}. */
  public boolean opensSibling() {
    return siblingKind != SiblingKind.NONE;
  }

  /**
   * The root this proof hashes up to for {@code key}: the terminal node hashed with every sibling,
   * the bits of {@code key} choosing the sides.
   *
   * @throws IllegalArgumentException if the proof is deeper than {@value #MAX_DEPTH}
   */
  public Bytes32 impliedRoot(Bytes32 key) {
    requireDepthInRange();
    Bytes32 terminal = terminalIsLeaf ? SmtHashing.leaf(leafKey, leafValueHash) : SmtHashing.EMPTY;
    return hashUp(key, terminal, depth());
  }

  /**
   * Whether this is a valid proof for {@code key} against {@code root} (§3.1): at most {@value
   * #MAX_DEPTH} siblings; hashing up reaches {@code root}; a terminal leaf shares its first {@code
   * d} bits with {@code key}; and a sibling leaf, when given, hashes to {@code siblings[d−1]}. A
   * sibling leaf on a proof of depth 0 has nothing to match and is rejected.
   *
   * <p>A valid proof proves membership or non-membership; {@link #valueHashOf} tells which.
   */
  public boolean verify(Bytes32 root, Bytes32 key) {
    int depth = depth();
    if (depth > MAX_DEPTH) {
      return false;
    }
    if (terminalIsLeaf
        ? firstDifferingBit(leafKey, key) < depth
        : !leafKey.isZero() || !leafValueHash.isZero()) {
      return false;
    }
    if (!opensSibling()) {
      if (!siblingFirst.isZero() || !siblingSecond.isZero()) {
        return false;
      }
    } else if (depth == 0 || !openedSibling().equals(siblings.get(depth - 1))) {
      return false;
    }
    return impliedRoot(key).equals(root);
  }

  /**
   * The value hash of {@code key} if this proof shows it present (terminal leaf with that key), or
   * empty if it shows it absent. Meaningful only for a proof that {@link #verify verifies}.
   */
  public Optional<Bytes32> valueHashOf(Bytes32 key) {
    return provesMembershipOf(key) ? Optional.of(leafValueHash) : Optional.empty();
  }

  /**
   * The root after writing {@code newValueHash} at {@code key} (§3.2): the leaf is replaced, placed
   * in the empty subtree, or, when the terminal leaf holds another key, split from it at the first
   * bit where the two keys differ. Meaningful only for a proof that verifies for {@code key}.
   *
   * @throws IllegalArgumentException if the proof is deeper than {@value #MAX_DEPTH}, or its
   *     terminal leaf does not share the first {@code d} bits with {@code key}
   */
  public Bytes32 rootAfterPut(Bytes32 key, Bytes32 newValueHash) {
    requireDepthInRange();
    int depth = depth();
    Bytes32 node = SmtHashing.leaf(key, newValueHash);
    if (terminalIsLeaf && !leafKey.equals(key)) {
      int split = firstDifferingBit(key, leafKey);
      if (split < depth) {
        throw new IllegalArgumentException(
            "the terminal leaf's key leaves the path of the key at bit " + split);
      }
      node = SmtHashing.internal(key.bit(split), node, SmtHashing.leaf(leafKey, leafValueHash));
      // Between the old leaf's depth and the split, the two leaves are alone in each subtree.
      for (int i = split - 1; i >= depth; i--) {
        node = SmtHashing.internal(key.bit(i), node, SmtHashing.EMPTY);
      }
    }
    return hashUp(key, node, depth);
  }

  /**
   * The root after deleting {@code key} (§3.2). Non-membership leaves the root unchanged. A deleted
   * leaf at depth 0 leaves the empty tree. Otherwise a sibling leaf takes the parent's place and
   * keeps rising while the sibling above is empty, and an internal sibling gets an empty sibling.
   * Meaningful only for a proof that verifies for {@code key}.
   *
   * @throws IllegalArgumentException if the proof is deeper than {@value #MAX_DEPTH}, or it proves
   *     membership below the root without opening {@code siblings[d−1]}: guessing the sibling's
   *     kind would let a forged witness compute a wrong root
   */
  public Bytes32 rootAfterDelete(Bytes32 key) {
    requireDepthInRange();
    int depth = depth();
    if (!provesMembershipOf(key)) {
      return impliedRoot(key);
    }
    if (depth == 0) {
      return SmtHashing.EMPTY;
    }
    if (!opensSibling()) {
      throw new IllegalArgumentException(
          "a deletion proof must open siblings[d-1] to show whether it is a leaf");
    }
    if (siblingKind == SiblingKind.INTERNAL) {
      return hashUp(key, SmtHashing.EMPTY, depth);
    }
    int level = depth - 1;
    while (level > 0 && siblings.get(level - 1).isZero()) {
      level--;
    }
    return hashUp(key, siblings.get(depth - 1), level);
  }

  private Bytes32 openedSibling() {
    return siblingKind == SiblingKind.LEAF
        ? SmtHashing.leaf(siblingFirst, siblingSecond)
        : SmtHashing.internal(siblingFirst, siblingSecond);
  }

  private boolean provesMembershipOf(Bytes32 key) {
    return terminalIsLeaf && leafKey.equals(key);
  }

  /** Hashes {@code node}, sitting at depth {@code depth} on the path of {@code key}, to the root. */
  private Bytes32 hashUp(Bytes32 key, Bytes32 node, int depth) {
    for (int i = depth - 1; i >= 0; i--) {
      node = SmtHashing.internal(key.bit(i), node, siblings.get(i));
    }
    return node;
  }

  private void requireDepthInRange() {
    if (depth() > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "a proof has at most " + MAX_DEPTH + " siblings, got " + depth());
    }
  }

  /** The index of the first bit where {@code a} and {@code b} differ, or 256 if they are equal. */
  static int firstDifferingBit(Bytes32 a, Bytes32 b) {
    for (int i = 0; i < Bytes32.SIZE; i++) {
      int diff = (a.get(i) ^ b.get(i)) & 0xff;
      if (diff != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(diff) - 24;
      }
    }
    return 8 * Bytes32.SIZE;
  }
}
