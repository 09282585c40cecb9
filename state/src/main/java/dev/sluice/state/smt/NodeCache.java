package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Node encodings by hash, least recently used evicted first, capped at a number of nodes.
 *
 * <p>Nodes are immutable and content-addressed, so a cached entry never goes stale; the cap only
 * bounds memory. Not thread-safe.
 */
final class NodeCache {
  private static final float LOAD_FACTOR = 0.75f;

  private final int capacity;
  private final LinkedHashMap<Bytes32, byte[]> entries;

  NodeCache(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("cache capacity must not be negative: " + capacity);
    }
    this.capacity = capacity;
    // Sized for the cap up front (up to a point) so the table does not rehash while it fills.
    int initialCapacity = (int) Math.min(1 << 16, capacity / LOAD_FACTOR + 1);
    this.entries =
        new LinkedHashMap<>(initialCapacity, LOAD_FACTOR, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Bytes32, byte[]> eldest) {
            return size() > NodeCache.this.capacity;
          }
        };
  }

  /** The encoding of {@code hash}, or null when it is not cached. */
  byte[] get(Bytes32 hash) {
    return entries.get(hash);
  }

  void put(Bytes32 hash, byte[] encoding) {
    if (capacity > 0) {
      entries.put(hash, encoding);
    }
  }

  int size() {
    return entries.size();
  }
}
