package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.util.Random;

/** Keys, values and trees for the tree tests. */
final class TreeFixtures {
  private TreeFixtures() {}

  /** An empty tree over a fresh in-memory store, with a small read cache. */
  static SparseMerkleTree emptyTree() {
    return new SparseMerkleTree(
        new TreeNodeStore(new InMemoryKeyValueStore(), 1_024), SmtHashing.EMPTY);
  }

  static Bytes32 randomKey(Random random) {
    byte[] bytes = new byte[Bytes32.SIZE];
    random.nextBytes(bytes);
    return Bytes32.adopt(bytes);
  }

  /**
   * A key that agrees with {@code base} on at least its first {@code minSharedBits} bits, so that
   * several of them force long chains of single-child internal nodes.
   */
  static Bytes32 nearKey(Random random, Bytes32 base, int minSharedBits) {
    byte[] bytes = base.toArray();
    int flips = 1 + random.nextInt(3);
    for (int i = 0; i < flips; i++) {
      int bit = minSharedBits + random.nextInt(256 - minSharedBits);
      bytes[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
    }
    return Bytes32.adopt(bytes);
  }

  /** The key whose bits are all 0 except {@code bit}. */
  static Bytes32 keyWithBit(int bit) {
    byte[] bytes = new byte[Bytes32.SIZE];
    bytes[bit >>> 3] = (byte) (0x80 >>> (bit & 7));
    return Bytes32.adopt(bytes);
  }

  static byte[] value(int n) {
    return ("value-" + n).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  static Bytes32 valueHash(byte[] preimage) {
    return Keccak.hash32(preimage);
  }
}
