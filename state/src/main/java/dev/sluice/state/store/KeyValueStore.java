package dev.sluice.state.store;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;

/**
 * The storage seam: ordered byte keys to byte values, atomic write batches and prefix scans.
 *
 * <p>Keys order as unsigned bytes, as LevelDB orders them. Implementations are safe for
 * concurrent use; a write batch is applied atomically (all of it or none of it, also across a
 * crash for durable stores).
 */
public interface KeyValueStore extends AutoCloseable {

  /** The value stored under {@code key}, if any. */
  Optional<byte[]> get(byte[] key);

  /** A new, empty batch of writes; nothing is visible until {@link WriteBatch#commit}. */
  WriteBatch newWriteBatch();

  /**
   * Every entry whose key starts with {@code prefix}, in ascending key order, as the store was
   * when the scan started. The caller closes the cursor (it may hold native resources), uses it
   * from one thread, and stops using it when the store closes. An empty prefix scans the whole
   * store.
   */
  Cursor scan(byte[] prefix);

  /**
   * The entries of {@link #scan(byte[]) scan(prefix)} from the first whose key is at least {@code
   * from} (unsigned bytes): the next page of a listing that ended before {@code from}. A store
   * that can seek starts there; this default reads past the keys before it.
   */
  default Cursor scan(byte[] prefix, byte[] from) {
    byte[] start = from.clone();
    Cursor all = scan(prefix);
    return new Cursor() {
      private Entry pending = firstFrom();

      private Entry firstFrom() {
        while (all.hasNext()) {
          Entry entry = all.next();
          if (Arrays.compareUnsigned(entry.key(), start) >= 0) {
            return entry;
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return pending != null || all.hasNext();
      }

      @Override
      public Entry next() {
        if (pending == null) {
          return all.next();
        }
        Entry first = pending;
        pending = null;
        return first;
      }

      @Override
      public void close() {
        all.close();
      }
    };
  }

  /** Releases the store; a second call does nothing. */
  @Override
  void close();

  /** One key and its value. */
  record Entry(byte[] key, byte[] value) {}

  /** An iterator over entries that holds a store resource until closed. */
  interface Cursor extends Iterator<Entry>, AutoCloseable {
    @Override
    void close();
  }

  /** Writes collected in order and applied together. A batch is used once, by one thread. */
  interface WriteBatch extends AutoCloseable {
    WriteBatch put(byte[] key, byte[] value);

    WriteBatch delete(byte[] key);

    /** Number of operations collected so far. */
    int size();

    /**
     * Applies every collected write atomically. With {@code sync} the call returns only after
     * the writes are on stable storage (fsync); without it a crash of the machine, though not of
     * the process, may lose them.
     */
    void commit(boolean sync);

    /** Discards the batch if it was not committed. */
    @Override
    void close();
  }
}
