package dev.sluice.state.stf;

import dev.sluice.state.Bytes32;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** State as a plain map, logging each access so tests can check the order §2.1 fixes. */
final class MapStateAccess implements StateAccess {
  final Map<Bytes32, byte[]> leaves = new HashMap<>();
  final List<String> accesses = new ArrayList<>();

  @Override
  public Optional<byte[]> get(Bytes32 treeKey) {
    accesses.add("get " + treeKey);
    return Optional.ofNullable(leaves.get(treeKey)).map(byte[]::clone);
  }

  @Override
  public boolean contains(Bytes32 treeKey) {
    accesses.add("contains " + treeKey);
    return leaves.containsKey(treeKey);
  }

  @Override
  public void put(Bytes32 treeKey, byte[] preimage) {
    accesses.add("put " + treeKey);
    leaves.put(treeKey, preimage.clone());
  }

  @Override
  public void delete(Bytes32 treeKey) {
    accesses.add("delete " + treeKey);
    leaves.remove(treeKey);
  }
}
