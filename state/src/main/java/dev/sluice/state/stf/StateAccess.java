package dev.sluice.state.stf;

import dev.sluice.state.Bytes32;
import java.util.Optional;

/**
 * The state as the transition function sees it: leaf preimages by tree key. Each call is one
 * "state access" of docs/protocol.md §2.1, so an implementation can record a proof per call (the
 * fraud-proof witness) or simply read and write the tree.
 */
public interface StateAccess {

  /** The preimage stored under {@code treeKey}, if the leaf is present. */
  Optional<byte[]> get(Bytes32 treeKey);

  /**
   * Whether the leaf {@code treeKey} is present. A read of its own kind because its witness needs
   * no preimage: an entry's value can be 60 KiB of calldata that a DELETE never looks at.
   */
  boolean contains(Bytes32 treeKey);

  void put(Bytes32 treeKey, byte[] preimage);

  void delete(Bytes32 treeKey);
}
