package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The root of a key set computed straight from the definition in docs/protocol.md §3: split the
 * keys by bit, a single key is its leaf, no key is zero. Hashes with BouncyCastle's Keccak so it
 * shares no code with the tree, nor with the Keccak the tree uses.
 */
final class ReferenceRoot {
  private ReferenceRoot() {}

  static Bytes32 of(Map<Bytes32, Bytes32> valueHashes) {
    return subtree(new ArrayList<>(new TreeMap<>(valueHashes).entrySet()), 0, null);
  }

  /**
   * The root of {@code valueHashes}, putting the encoding of every node of the tree into {@code
   * nodes} by hash: what a store holding that root must hold.
   */
  static Bytes32 withNodes(Map<Bytes32, Bytes32> valueHashes, Map<Bytes32, byte[]> nodes) {
    return subtree(new ArrayList<>(new TreeMap<>(valueHashes).entrySet()), 0, nodes);
  }

  private static Bytes32 subtree(
      List<Map.Entry<Bytes32, Bytes32>> entries, int depth, Map<Bytes32, byte[]> nodes) {
    if (entries.isEmpty()) {
      return Bytes32.ZERO;
    }
    if (entries.size() == 1) {
      Map.Entry<Bytes32, Bytes32> only = entries.getFirst();
      return node(0x00, only.getKey(), only.getValue(), nodes);
    }
    List<Map.Entry<Bytes32, Bytes32>> left = new ArrayList<>();
    List<Map.Entry<Bytes32, Bytes32>> right = new ArrayList<>();
    for (Map.Entry<Bytes32, Bytes32> entry : entries) {
      (entry.getKey().bit(depth) == 0 ? left : right).add(entry);
    }
    return node(
        0x01, subtree(left, depth + 1, nodes), subtree(right, depth + 1, nodes), nodes);
  }

  static Bytes32 leaf(Bytes32 key, Bytes32 valueHash) {
    return node(0x00, key, valueHash, null);
  }

  static Bytes32 internal(Bytes32 left, Bytes32 right) {
    return node(0x01, left, right, null);
  }

  private static Bytes32 node(int kind, Bytes32 first, Bytes32 second, Map<Bytes32, byte[]> nodes) {
    byte[] encoding = new byte[65];
    encoding[0] = (byte) kind;
    first.copyTo(encoding, 1);
    second.copyTo(encoding, 33);
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(encoding, 0, encoding.length);
    byte[] hash = new byte[32];
    digest.doFinal(hash, 0);
    Bytes32 result = Bytes32.wrap(hash);
    if (nodes != null) {
      nodes.put(result, encoding);
    }
    return result;
  }
}
