package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;
import java.util.Arrays;

/**
 * A fixed number of node encodings by hash, four-way set-associative: each hash maps to a set of
 * four slots, chosen by its leading bytes; a set keeps its nodes in order of use and a new node
 * displaces the least recently used.
 *
 * <p>All slots live in one byte array of {@code hash ‖ encoding} entries, allocated up front. A
 * million cached nodes are then one 97 MB array that the garbage collector never traces, where a
 * map would hold four objects per node; and a lookup reads a few adjacent entries rather than a
 * chain of objects. Node hashes are keccak outputs, so their leading bytes spread evenly over the
 * sets, and the hot nodes near the root, read on every access, stay at the front of their sets.
 * Sets fill unevenly, so a cache with about twice as many slots as the nodes it should hold keeps
 * nearly all of them.
 *
 * <p>Nodes are immutable and content-addressed, so an entry never goes stale. Not thread-safe.
 */
final class NodeCache {
  private static final int WAYS = 4;
  private static final int SLOT_SIZE = Bytes32.SIZE + SmtHashing.NODE_SIZE;
  private static final int SET_SIZE = WAYS * SLOT_SIZE;

  /** The most nodes one array can hold. */
  static final int MAX_CAPACITY = WAYS * (Integer.MAX_VALUE / SET_SIZE - 1);

  private final int sets;
  private final byte[] slots;
  private final byte[] probe = new byte[Bytes32.SIZE];
  private final byte[] moving = new byte[SLOT_SIZE];

  /** A cache of {@code capacity} nodes, rounded up to a multiple of four; 0 caches nothing. */
  NodeCache(int capacity) {
    if (capacity < 0 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "cache capacity must be between 0 and " + MAX_CAPACITY + " nodes: " + capacity);
    }
    this.sets = (capacity + WAYS - 1) / WAYS;
    this.slots = new byte[sets * SET_SIZE];
  }

  /** A copy of the encoding of {@code hash}, or null when it is not cached. */
  byte[] get(Bytes32 hash) {
    if (sets == 0) {
      return null;
    }
    int set = setOffset(hash);
    hash.copyTo(probe, 0);
    int way = find(set);
    if (way < 0) {
      return null;
    }
    moveToFront(set, way);
    return Arrays.copyOfRange(slots, set + Bytes32.SIZE, set + SLOT_SIZE);
  }

  void put(Bytes32 hash, byte[] encoding) {
    if (sets == 0) {
      return;
    }
    int set = setOffset(hash);
    hash.copyTo(probe, 0);
    int way = find(set);
    if (way >= 0) {
      moveToFront(set, way);
      return;
    }
    // The last slot falls out; the others move back one to make room at the front.
    System.arraycopy(slots, set, slots, set + SLOT_SIZE, (WAYS - 1) * SLOT_SIZE);
    System.arraycopy(probe, 0, slots, set, Bytes32.SIZE);
    System.arraycopy(encoding, 0, slots, set + Bytes32.SIZE, SmtHashing.NODE_SIZE);
  }

  /** The way of the set at {@code set} that holds the hash in {@link #probe}, or -1. */
  private int find(int set) {
    for (int way = 0; way < WAYS; way++) {
      int offset = set + way * SLOT_SIZE;
      if (Arrays.equals(slots, offset, offset + Bytes32.SIZE, probe, 0, Bytes32.SIZE)) {
        return way;
      }
    }
    return -1;
  }

  private void moveToFront(int set, int way) {
    if (way == 0) {
      return;
    }
    int offset = set + way * SLOT_SIZE;
    System.arraycopy(slots, offset, moving, 0, SLOT_SIZE);
    System.arraycopy(slots, set, slots, set + SLOT_SIZE, way * SLOT_SIZE);
    System.arraycopy(moving, 0, slots, set, SLOT_SIZE);
  }

  /**
   * Maps the first four bytes of the hash onto the sets by multiplying rather than by taking a
   * remainder, which works for any number of sets. A zero hash (the empty subtree) is never looked
   * up, so an all-zero slot reads as empty.
   */
  private int setOffset(Bytes32 hash) {
    long leading =
        (hash.get(0) & 0xffL) << 24
            | (hash.get(1) & 0xffL) << 16
            | (hash.get(2) & 0xffL) << 8
            | (hash.get(3) & 0xffL);
    return (int) ((leading * sets) >>> 32) * SET_SIZE;
  }
}
