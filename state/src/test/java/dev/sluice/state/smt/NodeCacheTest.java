package dev.sluice.state.smt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.state.Bytes32;
import org.junit.jupiter.api.Test;

class NodeCacheTest {
  // The leading bytes choose the set: with two sets, the LOW ones share one and HIGH has the other.
  private static final Bytes32 LOW_A = Bytes32.fromHex("0x00" + "aa".repeat(31));
  private static final Bytes32 LOW_B = Bytes32.fromHex("0x00" + "bb".repeat(31));
  private static final Bytes32 LOW_C = Bytes32.fromHex("0x00" + "cc".repeat(31));
  private static final Bytes32 LOW_D = Bytes32.fromHex("0x00" + "dd".repeat(31));
  private static final Bytes32 LOW_E = Bytes32.fromHex("0x00" + "ee".repeat(31));
  private static final Bytes32 HIGH = Bytes32.fromHex("0xff" + "11".repeat(31));

  @Test
  void returnsACopyOfWhatWasPut() {
    NodeCache cache = new NodeCache(8);
    byte[] node = SmtHashing.internalNode(LOW_A, HIGH);
    cache.put(LOW_A, node);

    byte[] cached = cache.get(LOW_A);
    assertArrayEquals(node, cached);
    assertNotSame(node, cached);
    assertNull(cache.get(HIGH));
  }

  @Test
  void aHitByLanesCopiesOutTheTwoWordsAndReturnsTheKind() {
    NodeCache cache = new NodeCache(8);
    cache.put(LOW_A, SmtHashing.internalNode(LOW_B, HIGH));
    cache.put(HIGH, leaf(HIGH));
    long[] lanes = new long[10];

    assertEquals(
        SmtHashing.INTERNAL,
        cache.get(LOW_A.lane(0), LOW_A.lane(1), LOW_A.lane(2), LOW_A.lane(3), lanes, 2));
    for (int i = 0; i < Bytes32.LANES; i++) {
      assertEquals(LOW_B.lane(i), lanes[2 + i]);
      assertEquals(HIGH.lane(i), lanes[6 + i]);
    }
    assertEquals(
        SmtHashing.LEAF,
        cache.get(HIGH.lane(0), HIGH.lane(1), HIGH.lane(2), HIGH.lane(3), lanes, 0));
    // Same leading lane, other hash: a miss.
    assertEquals(-1, cache.get(LOW_A.lane(0), LOW_A.lane(1), LOW_A.lane(2), 0, lanes, 0));
  }

  @Test
  void aFullSetDisplacesItsLeastRecentlyUsedNode() {
    NodeCache cache = new NodeCache(8);
    cache.put(HIGH, leaf(HIGH));
    cache.put(LOW_A, leaf(LOW_A));
    cache.put(LOW_B, leaf(LOW_B));
    cache.put(LOW_C, leaf(LOW_C));
    cache.put(LOW_D, leaf(LOW_D));
    cache.get(LOW_A); // now LOW_B is the least recently used of the set
    cache.put(LOW_E, leaf(LOW_E));

    assertNull(cache.get(LOW_B));
    for (Bytes32 kept : new Bytes32[] {LOW_A, LOW_C, LOW_D, LOW_E, HIGH}) {
      assertArrayEquals(leaf(kept), cache.get(kept), kept.toString());
    }
  }

  @Test
  void puttingACachedNodeAgainCountsAsAUse() {
    NodeCache cache = new NodeCache(4);
    cache.put(LOW_A, leaf(LOW_A));
    cache.put(LOW_B, leaf(LOW_B));
    cache.put(LOW_C, leaf(LOW_C));
    cache.put(LOW_D, leaf(LOW_D));
    cache.put(LOW_A, leaf(LOW_A));
    cache.put(LOW_E, leaf(LOW_E));

    assertNull(cache.get(LOW_B));
    for (Bytes32 kept : new Bytes32[] {LOW_A, LOW_C, LOW_D, LOW_E}) {
      assertArrayEquals(leaf(kept), cache.get(kept), kept.toString());
    }
  }

  @Test
  void aCacheOfNoNodesHoldsNothing() {
    NodeCache cache = new NodeCache(0);
    cache.put(LOW_A, leaf(LOW_A));

    assertNull(cache.get(LOW_A));
  }

  @Test
  void aCapacityOutsideOneArrayIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new NodeCache(-1));
    assertThrows(IllegalArgumentException.class, () -> new NodeCache(NodeCache.MAX_CAPACITY + 1));
  }

  private static byte[] leaf(Bytes32 key) {
    return SmtHashing.leafNode(key, key);
  }
}
