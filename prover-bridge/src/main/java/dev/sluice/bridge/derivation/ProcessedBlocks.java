package dev.sluice.bridge.derivation;

import dev.sluice.state.Bytes32;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * The hashes of the most recent L1 blocks derivation has read, newest last, at most {@code
 * capacity} of them: the blocks at the end of each range read and those that held rollup events.
 *
 * <p>A block hash commits to every block before it, so the newest entry still being canonical
 * means nothing read so far was replaced; when it is not, the newest entry that still is canonical
 * is the point to go back to. A reorg deeper than the oldest entry cannot be followed and is
 * reported as such.
 */
final class ProcessedBlocks {
  record Entry(long number, Bytes32 hash) {}

  private final int capacity;
  private final Deque<Entry> entries = new ArrayDeque<>();

  ProcessedBlocks(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("keep at least two block hashes, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Notes that block {@code number} had {@code hash}; numbers only grow.
   *
   * @throws IllegalStateException if the block was noted before with another hash
   */
  void add(long number, Bytes32 hash) {
    Objects.requireNonNull(hash, "hash");
    Entry last = entries.peekLast();
    if (last != null && last.number() >= number) {
      if (last.number() == number && last.hash().equals(hash)) {
        return;
      }
      throw new IllegalStateException(
          "block " + number + " noted after block " + last.number() + " (" + last.hash() + ")");
    }
    entries.addLast(new Entry(number, hash));
    if (entries.size() > capacity) {
      entries.removeFirst();
    }
  }

  Optional<Entry> newest() {
    return Optional.ofNullable(entries.peekLast());
  }

  Optional<Entry> oldest() {
    return Optional.ofNullable(entries.peekFirst());
  }

  /** Entries from newest to oldest. */
  Iterator<Entry> newestFirst() {
    return entries.descendingIterator();
  }

  /** Forgets every entry after block {@code number}. */
  void truncateAfter(long number) {
    while (!entries.isEmpty() && entries.peekLast().number() > number) {
      entries.removeLast();
    }
  }

  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }
}
