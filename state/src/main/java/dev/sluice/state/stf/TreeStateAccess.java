package dev.sluice.state.stf;

import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SparseMerkleTree;
import java.util.Optional;

/** The transition function's view of a sparse Merkle tree: how the sequencer applies records. */
public final class TreeStateAccess implements StateAccess {
  private final SparseMerkleTree tree;

  public TreeStateAccess(SparseMerkleTree tree) {
    this.tree = tree;
  }

  @Override
  public Optional<byte[]> get(Bytes32 treeKey) {
    return tree.get(treeKey);
  }

  @Override
  public boolean contains(Bytes32 treeKey) {
    return tree.valueHash(treeKey).isPresent();
  }

  @Override
  public void put(Bytes32 treeKey, byte[] preimage) {
    tree.put(treeKey, preimage);
  }

  @Override
  public void delete(Bytes32 treeKey) {
    tree.delete(treeKey);
  }
}
