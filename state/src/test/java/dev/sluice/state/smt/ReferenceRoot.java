package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The root of a key set computed straight from the definition in docs/protocol.md §3: split the
 * keys by bit, a single key is its leaf, no key is zero. Hashes with {@link Keccak} directly so it
 * shares no code with the tree.
 */
final class ReferenceRoot {
  private ReferenceRoot() {}

  static Bytes32 of(Map<Bytes32, Bytes32> valueHashes) {
    return subtree(new ArrayList<>(new TreeMap<>(valueHashes).entrySet()), 0);
  }

  private static Bytes32 subtree(List<Map.Entry<Bytes32, Bytes32>> entries, int depth) {
    if (entries.isEmpty()) {
      return Bytes32.ZERO;
    }
    if (entries.size() == 1) {
      Map.Entry<Bytes32, Bytes32> only = entries.getFirst();
      return leaf(only.getKey(), only.getValue());
    }
    List<Map.Entry<Bytes32, Bytes32>> left = new ArrayList<>();
    List<Map.Entry<Bytes32, Bytes32>> right = new ArrayList<>();
    for (Map.Entry<Bytes32, Bytes32> entry : entries) {
      (entry.getKey().bit(depth) == 0 ? left : right).add(entry);
    }
    return internal(subtree(left, depth + 1), subtree(right, depth + 1));
  }

  static Bytes32 leaf(Bytes32 key, Bytes32 valueHash) {
    return Keccak.hash32(new byte[] {0x00}, key.toArray(), valueHash.toArray());
  }

  static Bytes32 internal(Bytes32 left, Bytes32 right) {
    return Keccak.hash32(new byte[] {0x01}, left.toArray(), right.toArray());
  }
}
