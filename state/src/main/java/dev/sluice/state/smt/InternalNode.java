package dev.sluice.state.smt;

/**
 * An internal node written since the last flush. Each child is either a node in memory ({@link
 * #left}, {@link #right}) or, where that is null, a stored node or the empty subtree known only by
 * its hash, kept here as lanes: a path copied from the store keeps its untouched siblings as
 * hashes and loads nothing more.
 */
final class InternalNode extends TreeNode {
  /** The in-memory left child, or null when the left child is {@link #left0}…{@link #left3}. */
  TreeNode left;

  /** The in-memory right child, or null when the right child is {@link #right0}…{@link #right3}. */
  TreeNode right;

  long left0;
  long left1;
  long left2;
  long left3;
  long right0;
  long right1;
  long right2;
  long right3;

  /** A node with two empty children; the caller sets them. */
  InternalNode() {}

  /** A copy of {@code frozen}, for a write that must leave the original unchanged. */
  InternalNode(InternalNode frozen) {
    left = frozen.left;
    right = frozen.right;
    left0 = frozen.left0;
    left1 = frozen.left1;
    left2 = frozen.left2;
    left3 = frozen.left3;
    right0 = frozen.right0;
    right1 = frozen.right1;
    right2 = frozen.right2;
    right3 = frozen.right3;
  }

  /** The in-memory child on side {@code bit} (0 is left), or null if it is known by hash. */
  TreeNode child(int bit) {
    return bit == 0 ? left : right;
  }

  /** Makes the child on side {@code bit} the in-memory {@code node}. */
  void setChild(int bit, TreeNode node) {
    if (bit == 0) {
      left = node;
    } else {
      right = node;
    }
  }

  /** Makes the child on side {@code bit} the node with hash lanes {@code lane0}…{@code lane3}. */
  void setChild(int bit, long lane0, long lane1, long lane2, long lane3) {
    if (bit == 0) {
      left = null;
      left0 = lane0;
      left1 = lane1;
      left2 = lane2;
      left3 = lane3;
    } else {
      right = null;
      right0 = lane0;
      right1 = lane1;
      right2 = lane2;
      right3 = lane3;
    }
  }

  /** Whether the child on side {@code bit} is the empty subtree. */
  boolean isEmpty(int bit) {
    return bit == 0
        ? left == null && (left0 | left1 | left2 | left3) == 0
        : right == null && (right0 | right1 | right2 | right3) == 0;
  }

  /**
   * Lane {@code index} of the hash of the child on side {@code bit}: the in-memory child's, which
   * must be frozen, or the one kept here.
   */
  long childLane(int bit, int index) {
    TreeNode child = bit == 0 ? left : right;
    if (child != null) {
      return switch (index) {
        case 0 -> child.hash0;
        case 1 -> child.hash1;
        case 2 -> child.hash2;
        default -> child.hash3;
      };
    }
    return switch ((bit << 2) | index) {
      case 0 -> left0;
      case 1 -> left1;
      case 2 -> left2;
      case 3 -> left3;
      case 4 -> right0;
      case 5 -> right1;
      case 6 -> right2;
      default -> right3;
    };
  }

  @Override
  byte[] encode() {
    byte[] encoding = new byte[SmtHashing.NODE_SIZE];
    encoding[0] = SmtHashing.INTERNAL;
    for (int bit = 0; bit < 2; bit++) {
      int offset = bit == 0 ? SmtHashing.FIRST : SmtHashing.SECOND;
      for (int lane = 0; lane < 4; lane++) {
        SmtHashing.setLane(encoding, offset + lane * Long.BYTES, childLane(bit, lane));
      }
    }
    return encoding;
  }
}
