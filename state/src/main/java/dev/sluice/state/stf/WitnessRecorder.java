package dev.sluice.state.stf;

import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SparseMerkleTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies accesses to a tree like {@link TreeStateAccess} and keeps the proof of each one: the
 * state witness a fraud proof carries for one record.
 */
public final class WitnessRecorder implements StateAccess {
  private static final byte[] NO_PREIMAGE = new byte[0];

  private final SparseMerkleTree tree;
  private final List<StateWitness> witnesses = new ArrayList<>();

  public WitnessRecorder(SparseMerkleTree tree) {
    this.tree = tree;
  }

  @Override
  public Optional<byte[]> get(Bytes32 treeKey) {
    Optional<byte[]> preimage = tree.get(treeKey);
    witnesses.add(
        new StateWitness(
            StateWitness.Kind.GET, treeKey, tree.prove(treeKey), preimage.orElse(NO_PREIMAGE)));
    return preimage;
  }

  @Override
  public boolean contains(Bytes32 treeKey) {
    witnesses.add(new StateWitness(StateWitness.Kind.GET, treeKey, tree.prove(treeKey), NO_PREIMAGE));
    return tree.valueHash(treeKey).isPresent();
  }

  @Override
  public void put(Bytes32 treeKey, byte[] preimage) {
    witnesses.add(new StateWitness(StateWitness.Kind.PUT, treeKey, tree.prove(treeKey), NO_PREIMAGE));
    tree.put(treeKey, preimage);
  }

  @Override
  public void delete(Bytes32 treeKey) {
    witnesses.add(
        new StateWitness(StateWitness.Kind.DELETE, treeKey, tree.prove(treeKey), NO_PREIMAGE));
    tree.delete(treeKey);
  }

  /** The witnesses recorded so far, in access order. */
  public List<StateWitness> witnesses() {
    return List.copyOf(witnesses);
  }
}
