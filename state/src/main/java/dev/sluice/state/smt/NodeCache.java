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
 * <p>Hashes are given as lanes (see {@link Bytes32#lane}), as the tree keeps them, and a hit is
 * copied out as lanes into the caller's array: a lookup allocates nothing.
 *
 * <p>Nodes are immutable and content-addressed, so an entry never goes stale. Not thread-safe.
 */
final class NodeCache {
  private static final int WAYS = 4;
  private static final int SLOT_SIZE = Bytes32.SIZE + SmtHashing.NODE_SIZE;
  private static final int SET_SIZE = WAYS * SLOT_SIZE;

  /** Where, in a slot, the encoding's two words start. */
  private static final int FIRST = Bytes32.SIZE + SmtHashing.FIRST;

  private static final int SECOND = Bytes32.SIZE + SmtHashing.SECOND;

  /** The most nodes one array can hold. */
  static final int MAX_CAPACITY = WAYS * (Integer.MAX_VALUE / SET_SIZE - 1);

  private final int sets;
  private final byte[] slots;
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

  /**
   * Looks up the node with hash lanes {@code hash0}…{@code hash3}. On a hit, puts the lanes of its
   * two words into {@code target} from {@code offset} (first word, then second) and returns its
   * kind byte; on a miss returns -1 and leaves {@code target} alone.
   */
  int get(long hash0, long hash1, long hash2, long hash3, long[] target, int offset) {
    if (sets == 0) {
      return -1;
    }
    int set = setOffset(hash0);
    int way = find(set, hash0, hash1, hash2, hash3);
    if (way < 0) {
      return -1;
    }
    moveToFront(set, way);
    for (int i = 0; i < Bytes32.LANES; i++) {
      target[offset + i] = SmtHashing.lane(slots, set + FIRST + i * Long.BYTES);
      target[offset + Bytes32.LANES + i] = SmtHashing.lane(slots, set + SECOND + i * Long.BYTES);
    }
    return slots[set + Bytes32.SIZE];
  }

  /** A copy of the encoding of {@code hash}, or null when it is not cached. */
  byte[] get(Bytes32 hash) {
    if (sets == 0) {
      return null;
    }
    int set = setOffset(hash.lane(0));
    int way = find(set, hash.lane(0), hash.lane(1), hash.lane(2), hash.lane(3));
    if (way < 0) {
      return null;
    }
    moveToFront(set, way);
    return Arrays.copyOfRange(slots, set + Bytes32.SIZE, set + SLOT_SIZE);
  }

  void put(Bytes32 hash, byte[] encoding) {
    put(hash.lane(0), hash.lane(1), hash.lane(2), hash.lane(3), encoding);
  }

  /** Caches {@code encoding} under the hash with lanes {@code hash0}…{@code hash3}. */
  void put(long hash0, long hash1, long hash2, long hash3, byte[] encoding) {
    if (sets == 0) {
      return;
    }
    int set = setOffset(hash0);
    int way = find(set, hash0, hash1, hash2, hash3);
    if (way >= 0) {
      moveToFront(set, way);
      return;
    }
    // The last slot falls out; the others move back one to make room at the front.
    System.arraycopy(slots, set, slots, set + SLOT_SIZE, (WAYS - 1) * SLOT_SIZE);
    SmtHashing.setLane(slots, set, hash0);
    SmtHashing.setLane(slots, set + 8, hash1);
    SmtHashing.setLane(slots, set + 16, hash2);
    SmtHashing.setLane(slots, set + 24, hash3);
    System.arraycopy(encoding, 0, slots, set + Bytes32.SIZE, SmtHashing.NODE_SIZE);
  }

  /** The way of the set at {@code set} that holds the given hash, or -1. */
  private int find(int set, long hash0, long hash1, long hash2, long hash3) {
    for (int way = 0; way < WAYS; way++) {
      int offset = set + way * SLOT_SIZE;
      if (SmtHashing.lane(slots, offset) == hash0
          && SmtHashing.lane(slots, offset + 8) == hash1
          && SmtHashing.lane(slots, offset + 16) == hash2
          && SmtHashing.lane(slots, offset + 24) == hash3) {
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
   * Maps the first four bytes of the hash (the low half of its first lane, byte-swapped) onto the
   * sets by multiplying rather than by taking a remainder, which works for any number of sets. A
   * zero hash (the empty subtree) is never looked up, so an all-zero slot reads as empty.
   */
  private int setOffset(long hash0) {
    long leading = Integer.reverseBytes((int) hash0) & 0xffffffffL;
    return (int) ((leading * sets) >>> 32) * SET_SIZE;
  }
}
