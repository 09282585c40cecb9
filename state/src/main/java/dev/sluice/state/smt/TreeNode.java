package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;

/**
 * A node a tree holds in memory: one it created by a write since it was last flushed. Nodes that
 * are only stored are known by hash and read through {@link TreeNodeStore}.
 *
 * <p>The hash is computed when a root or a proof first needs it, not at each write, so the writes
 * of one record share the upper levels of their paths and those are hashed once. Hashing
 * <em>freezes</em> a node: its hash may now have been handed out (as a root that {@link
 * SparseMerkleTree#at} can reopen, or inside a proof), so it never changes again, and a write
 * through it copies it. An unfrozen node is owned by exactly one parent (or one tree's root) and
 * changes in place. The children of a frozen node are frozen, since hashing goes bottom-up.
 */
abstract sealed class TreeNode permits InternalNode, LeafNode {
  /** The node's hash as four Keccak lanes (see {@link Bytes32#lane}), once frozen. */
  long hash0;

  long hash1;
  long hash2;
  long hash3;

  private boolean frozen;
  private boolean flushed;

  /** Whether the hash is known, and the node therefore immutable. */
  final boolean isFrozen() {
    return frozen;
  }

  /** Records the node's hash; from now on the node does not change. */
  final void freeze(long lane0, long lane1, long lane2, long lane3) {
    hash0 = lane0;
    hash1 = lane1;
    hash2 = lane2;
    hash3 = lane3;
    frozen = true;
  }

  /** Whether the node was put into a flush batch, with everything below it. */
  final boolean isFlushed() {
    return flushed;
  }

  final void markFlushed() {
    flushed = true;
  }

  /** The hash of a frozen node. */
  final Bytes32 hash() {
    return Bytes32.ofLanes(hash0, hash1, hash2, hash3);
  }

  /** The node's 65-byte encoding (see {@link SmtHashing}), as stored under its hash. */
  abstract byte[] encode();
}
