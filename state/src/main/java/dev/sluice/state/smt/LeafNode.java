package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;

/**
 * A leaf written since the last flush, with the preimage of its value hash, so that reading it back
 * and flushing it need no lookup by value hash. Immutable apart from its lazily computed hash.
 */
final class LeafNode extends TreeNode {
  final Bytes32 key;
  final Bytes32 valueHash;

  /** Owned by the node store's side of the tree: never changed and never handed out. */
  final byte[] preimage;

  LeafNode(Bytes32 key, Bytes32 valueHash, byte[] preimage) {
    this.key = key;
    this.valueHash = valueHash;
    this.preimage = preimage;
  }

  @Override
  byte[] encode() {
    return SmtHashing.leafNode(key, valueHash);
  }
}
