package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The node hashes of the sparse Merkle tree (docs/protocol.md §3).
 *
 * <pre>
 * empty subtree   = 0x00…00
 * leaf(k, vh)     = keccak(0x00 ‖ k ‖ vh)
 * internal(l, r)  = keccak(0x01 ‖ l ‖ r)
 * </pre>
 *
 * <p>A node's 65-byte encoding is exactly its hash preimage, which is also what {@link
 * TreeNodeStore} keeps under the node's hash. The prefix byte separates the two node kinds, so a
 * leaf hash can never be mistaken for an internal hash.
 */
public final class SmtHashing {
  /** The hash of an empty subtree, and the root of the empty tree. */
  public static final Bytes32 EMPTY = Bytes32.ZERO;

  /** Size of a node encoding: a kind byte and two 32-byte words. */
  public static final int NODE_SIZE = 1 + 2 * Bytes32.SIZE;

  /** First byte of a leaf encoding. */
  public static final byte LEAF = 0x00;

  /** First byte of an internal node encoding. */
  public static final byte INTERNAL = 0x01;

  /** Offset of the first word in an encoding: the leaf key, or the left child. */
  static final int FIRST = 1;

  /** Offset of the second word in an encoding: the value hash, or the right child. */
  static final int SECOND = 1 + Bytes32.SIZE;

  /**
   * One digest and one encoding buffer per thread: the digest is stateful, and reusing the buffer
   * keeps {@link #leaf} and {@link #internal} down to the single allocation of their result.
   */
  private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

  private SmtHashing() {}

  /** {@code keccak(0x00 ‖ key ‖ valueHash)}. */
  public static Bytes32 leaf(Bytes32 key, Bytes32 valueHash) {
    Hasher hasher = HASHER.get();
    return hasher.hash(fill(hasher.buffer, LEAF, key, valueHash));
  }

  /** {@code keccak(0x01 ‖ left ‖ right)}. */
  public static Bytes32 internal(Bytes32 left, Bytes32 right) {
    Hasher hasher = HASHER.get();
    return hasher.hash(fill(hasher.buffer, INTERNAL, left, right));
  }

  /** The internal node over {@code child} and {@code sibling}, {@code child} going left on 0. */
  static Bytes32 internal(int childBit, Bytes32 child, Bytes32 sibling) {
    return childBit == 0 ? internal(child, sibling) : internal(sibling, child);
  }

  /** A new leaf encoding {@code 0x00 ‖ key ‖ valueHash}. */
  static byte[] leafNode(Bytes32 key, Bytes32 valueHash) {
    return fill(new byte[NODE_SIZE], LEAF, key, valueHash);
  }

  /** A new internal encoding {@code 0x01 ‖ left ‖ right}. */
  static byte[] internalNode(Bytes32 left, Bytes32 right) {
    return fill(new byte[NODE_SIZE], INTERNAL, left, right);
  }

  /** The hash of a node encoding, which is the keccak of all 65 bytes. */
  static Bytes32 hashNode(byte[] encoding) {
    return HASHER.get().hash(encoding);
  }

  private static byte[] fill(byte[] target, byte kind, Bytes32 first, Bytes32 second) {
    target[0] = kind;
    first.copyTo(target, FIRST);
    second.copyTo(target, SECOND);
    return target;
  }

  private static final class Hasher {
    final KeccakDigest digest = new KeccakDigest(256);
    final byte[] buffer = new byte[NODE_SIZE];

    Bytes32 hash(byte[] encoding) {
      digest.update(encoding, 0, NODE_SIZE);
      byte[] out = new byte[Bytes32.SIZE];
      digest.doFinal(out, 0);
      return Bytes32.adopt(out);
    }
  }
}
