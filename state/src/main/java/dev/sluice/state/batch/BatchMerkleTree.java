package dev.sluice.state.batch;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The binary Merkle tree a batch commits to its records and its per-record state roots with
 * (docs/protocol.md §5.1): {@code recordsRoot} and {@code rootsRoot}.
 *
 * <p>The leaves are padded with {@code 0x00…00} to the next power of two and every node is {@code
 * keccak(left ‖ right)}; one leaf is its own root. Unlike the state tree (§3) nodes carry no
 * domain prefix, which is why {@link #verify} insists on the proof length the leaf count implies.
 *
 * <p>Padding is not materialised: a subtree made only of padding hashes to a per-level constant,
 * so a tree costs one hash per real node, about {@code leafCount} hashes, whatever the padding.
 * The tree keeps every level (64 bytes per leaf in all) to answer proofs without rehashing.
 */
public final class BatchMerkleTree {
  /**
   * The most leaves a tree takes: far beyond a batch's 65,536, and small enough that a level
   * fits one array.
   */
  public static final int MAX_LEAVES = 1 << 26;

  /** {@code PADDING[level]}: the hash of a subtree of {@code 2^level} zero leaves. */
  private static final Bytes32[] PADDING = paddingHashes();

  /**
   * {@code levels[0]} holds the leaves, {@code levels[depth]} the root, each as concatenated
   * 32-byte nodes; a level holds only the nodes with a real leaf below them.
   */
  private final byte[][] levels;

  private final int leafCount;

  private BatchMerkleTree(byte[][] levels, int leafCount) {
    this.levels = levels;
    this.leafCount = leafCount;
  }

  /**
   * Builds the tree over {@code leaves}, in order.
   *
   * @throws IllegalArgumentException if {@code leaves} is empty (a batch has at least one record)
   *     or holds more than {@link #MAX_LEAVES}
   */
  public static BatchMerkleTree of(List<Bytes32> leaves) {
    int count = leaves.size();
    if (count == 0 || count > MAX_LEAVES) {
      throw new IllegalArgumentException(
          "a Merkle tree takes 1 to " + MAX_LEAVES + " leaves, got " + count);
    }
    int depth = depth(count);
    byte[][] levels = new byte[depth + 1][];
    byte[] level = new byte[count * Bytes32.SIZE];
    for (int i = 0; i < count; i++) {
      Objects.requireNonNull(leaves.get(i), "leaf").copyTo(level, i * Bytes32.SIZE);
    }
    levels[0] = level;
    byte[] pair = new byte[2 * Bytes32.SIZE];
    for (int height = 1; height <= depth; height++) {
      byte[] children = levels[height - 1];
      int childCount = children.length / Bytes32.SIZE;
      int nodeCount = (childCount + 1) / 2;
      byte[] nodes = new byte[nodeCount * Bytes32.SIZE];
      // Whole pairs sit next to each other, so each parent hashes a 64-byte slice in place.
      int wholePairs = childCount / 2;
      for (int i = 0; i < wholePairs; i++) {
        byte[] hash = Keccak.hash(children, i * 2 * Bytes32.SIZE, 2 * Bytes32.SIZE);
        System.arraycopy(hash, 0, nodes, i * Bytes32.SIZE, Bytes32.SIZE);
      }
      if (childCount % 2 == 1) {
        // The last child's sibling is all padding.
        System.arraycopy(children, (childCount - 1) * Bytes32.SIZE, pair, 0, Bytes32.SIZE);
        PADDING[height - 1].copyTo(pair, Bytes32.SIZE);
        byte[] hash = Keccak.hash(pair);
        System.arraycopy(hash, 0, nodes, wholePairs * Bytes32.SIZE, Bytes32.SIZE);
      }
      levels[height] = nodes;
    }
    return new BatchMerkleTree(levels, count);
  }

  /** The root of the tree over {@code leaves}; see {@link #of}. */
  public static Bytes32 rootOf(List<Bytes32> leaves) {
    return of(leaves).root();
  }

  /** The root: {@code recordsRoot} or {@code rootsRoot} when built over a batch's leaves. */
  public Bytes32 root() {
    return Bytes32.wrap(levels[depth()], 0);
  }

  /** The number of leaves given, before padding. */
  public int leafCount() {
    return leafCount;
  }

  /** The number of levels above the leaves: {@code log2} of the padded size. */
  public int depth() {
    return levels.length - 1;
  }

  /** Leaf {@code index} as given to {@link #of}. */
  public Bytes32 leaf(int index) {
    Objects.checkIndex(index, leafCount);
    return Bytes32.wrap(levels[0], index * Bytes32.SIZE);
  }

  /**
   * The inclusion proof for leaf {@code index}: the {@link #depth()} siblings on its path, from
   * the leaf level up.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= index < leafCount()}
   */
  public List<Bytes32> proof(int index) {
    Objects.checkIndex(index, leafCount);
    int depth = depth();
    List<Bytes32> siblings = new ArrayList<>(depth);
    for (int height = 0; height < depth; height++) {
      int sibling = (index >>> height) ^ 1;
      byte[] level = levels[height];
      siblings.add(
          sibling < level.length / Bytes32.SIZE
              ? Bytes32.wrap(level, sibling * Bytes32.SIZE)
              : PADDING[height]);
    }
    return List.copyOf(siblings);
  }

  /**
   * Whether {@code proof} shows that {@code leaf} is leaf {@code index} of a tree of {@code
   * leafCount} leaves with root {@code root}.
   *
   * <p>False, rather than an exception, for any claim that is not a valid proof: an index outside
   * {@code [0, leafCount)}, which would otherwise let padding be "proven" as a record, and a proof
   * of another length than the leaf count implies, which would otherwise let an inner node be
   * passed off as a leaf.
   */
  public static boolean verify(
      Bytes32 root, int leafCount, int index, Bytes32 leaf, List<Bytes32> proof) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(leaf, "leaf");
    if (leafCount < 1 || index < 0 || index >= leafCount || proof.size() != depth(leafCount)) {
      return false;
    }
    byte[] pair = new byte[2 * Bytes32.SIZE];
    byte[] node = leaf.toArray();
    for (int height = 0; height < proof.size(); height++) {
      Bytes32 sibling = proof.get(height);
      if (((index >>> height) & 1) == 0) {
        System.arraycopy(node, 0, pair, 0, Bytes32.SIZE);
        sibling.copyTo(pair, Bytes32.SIZE);
      } else {
        sibling.copyTo(pair, 0);
        System.arraycopy(node, 0, pair, Bytes32.SIZE, Bytes32.SIZE);
      }
      node = Keccak.hash(pair);
    }
    return Bytes32.adopt(node).equals(root);
  }

  /** {@code log2} of {@code leafCount} rounded up to a power of two. */
  static int depth(int leafCount) {
    return leafCount <= 1 ? 0 : Integer.SIZE - Integer.numberOfLeadingZeros(leafCount - 1);
  }

  private static Bytes32[] paddingHashes() {
    Bytes32[] hashes = new Bytes32[depth(MAX_LEAVES)];
    hashes[0] = Bytes32.ZERO;
    for (int level = 1; level < hashes.length; level++) {
      hashes[level] = Keccak.hash32(hashes[level - 1].toArray(), hashes[level - 1].toArray());
    }
    return hashes;
  }
}
