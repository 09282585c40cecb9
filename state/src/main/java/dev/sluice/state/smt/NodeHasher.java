package dev.sluice.state.smt;

import dev.sluice.state.KeccakPermutation;

/**
 * Keccak-256 of node encodings given as lanes rather than bytes, and the hashing of in-memory
 * subtrees built on it.
 *
 * <p>An encoding is 65 bytes, {@code kind ‖ first ‖ second}, so it fits in one 136-byte block: its
 * hash is one permutation of a state whose first nine lanes are the encoding and the padding,
 * lane 16 carries the final padding bit, and the rest are zero. The two 32-byte words arrive as
 * lanes already (hashes are kept as lanes throughout the tree), and the kind byte in front shifts
 * every lane of the encoding by one byte, which {@link #digest} does with shifts instead of moving
 * bytes through an array. The digest is lanes 0 to 3 of the state afterwards.
 *
 * <p>Not thread-safe: one per tree, or per thread.
 */
final class NodeHasher {
  /** The first padding byte, right after the 65 bytes of the encoding. */
  private static final long PAD_START = 0x01L << 8;

  /** The last padding bit: the top bit of byte 135, the last of the block (lane 16). */
  private static final long PAD_END = 0x80L << 56;

  /** One per thread for the static hashes of {@link SmtHashing}: the state is reused. */
  private static final ThreadLocal<NodeHasher> LOCAL = ThreadLocal.withInitial(NodeHasher::new);

  private final long[] state = new long[KeccakPermutation.LANES];

  /** This thread's hasher. */
  static NodeHasher local() {
    return LOCAL.get();
  }

  /**
   * Hashes {@code node} and every unfrozen node below it, freezing them. The children of a frozen
   * node are frozen, so the walk stops at the first frozen node on each branch.
   */
  void hash(TreeNode node) {
    if (node.isFrozen()) {
      return;
    }
    if (node instanceof LeafNode leaf) {
      digest(
          SmtHashing.LEAF,
          leaf.key.lane(0),
          leaf.key.lane(1),
          leaf.key.lane(2),
          leaf.key.lane(3),
          leaf.valueHash.lane(0),
          leaf.valueHash.lane(1),
          leaf.valueHash.lane(2),
          leaf.valueHash.lane(3));
    } else {
      InternalNode internal = (InternalNode) node;
      TreeNode left = internal.left;
      TreeNode right = internal.right;
      if (left != null) {
        hash(left);
      }
      if (right != null) {
        hash(right);
      }
      digest(
          SmtHashing.INTERNAL,
          left != null ? left.hash0 : internal.left0,
          left != null ? left.hash1 : internal.left1,
          left != null ? left.hash2 : internal.left2,
          left != null ? left.hash3 : internal.left3,
          right != null ? right.hash0 : internal.right0,
          right != null ? right.hash1 : internal.right1,
          right != null ? right.hash2 : internal.right2,
          right != null ? right.hash3 : internal.right3);
    }
    node.freeze(state[0], state[1], state[2], state[3]);
  }

  /**
   * Hashes the encoding {@code kind ‖ first ‖ second}, each word given as its four lanes; the
   * digest is then {@link #lane}(0) to (3).
   */
  void digest(
      byte kind,
      long first0,
      long first1,
      long first2,
      long first3,
      long second0,
      long second1,
      long second2,
      long second3) {
    long[] a = state;
    a[0] = (kind & 0xffL) | first0 << 8;
    a[1] = first0 >>> 56 | first1 << 8;
    a[2] = first1 >>> 56 | first2 << 8;
    a[3] = first2 >>> 56 | first3 << 8;
    a[4] = first3 >>> 56 | second0 << 8;
    a[5] = second0 >>> 56 | second1 << 8;
    a[6] = second1 >>> 56 | second2 << 8;
    a[7] = second2 >>> 56 | second3 << 8;
    a[8] = second3 >>> 56 | PAD_START;
    for (int i = 9; i < KeccakPermutation.LANES; i++) {
      a[i] = 0;
    }
    a[16] = PAD_END;
    KeccakPermutation.permute(a);
  }

  /** Lane {@code index} (0 to 3) of the last digest. */
  long lane(int index) {
    return state[index];
  }
}
