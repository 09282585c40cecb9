package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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

  private static final VarHandle LANE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private SmtHashing() {}

  /** {@code keccak(0x00 ‖ key ‖ valueHash)}. */
  public static Bytes32 leaf(Bytes32 key, Bytes32 valueHash) {
    return hash(LEAF, key, valueHash);
  }

  /** {@code keccak(0x01 ‖ left ‖ right)}. */
  public static Bytes32 internal(Bytes32 left, Bytes32 right) {
    return hash(INTERNAL, left, right);
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
    NodeHasher hasher = NodeHasher.local();
    hasher.digest(
        encoding[0],
        lane(encoding, FIRST),
        lane(encoding, FIRST + 8),
        lane(encoding, FIRST + 16),
        lane(encoding, FIRST + 24),
        lane(encoding, SECOND),
        lane(encoding, SECOND + 8),
        lane(encoding, SECOND + 16),
        lane(encoding, SECOND + 24));
    return digest(hasher);
  }

  /** The eight bytes of {@code bytes} from {@code offset} as a little-endian lane. */
  static long lane(byte[] bytes, int offset) {
    return (long) LANE.get(bytes, offset);
  }

  /** Writes {@code lane} into {@code bytes} from {@code offset}, little-endian. */
  static void setLane(byte[] bytes, int offset, long lane) {
    LANE.set(bytes, offset, lane);
  }

  private static Bytes32 hash(byte kind, Bytes32 first, Bytes32 second) {
    NodeHasher hasher = NodeHasher.local();
    hasher.digest(
        kind,
        first.lane(0),
        first.lane(1),
        first.lane(2),
        first.lane(3),
        second.lane(0),
        second.lane(1),
        second.lane(2),
        second.lane(3));
    return digest(hasher);
  }

  private static Bytes32 digest(NodeHasher hasher) {
    return Bytes32.ofLanes(hasher.lane(0), hasher.lane(1), hasher.lane(2), hasher.lane(3));
  }

  private static byte[] fill(byte[] target, byte kind, Bytes32 first, Bytes32 second) {
    target[0] = kind;
    first.copyTo(target, FIRST);
    second.copyTo(target, SECOND);
    return target;
  }
}
