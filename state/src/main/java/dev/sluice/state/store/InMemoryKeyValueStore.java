package dev.sluice.state.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link KeyValueStore} held in memory, for tests and for nodes that need no persistence.
 *
 * <p>Entries sit in a hash map, so reads and committed writes take constant time: the tree's
 * checkpoints commit hundreds of thousands of nodes at a time into stores of millions, where a
 * sorted map spent more time comparing keys than the tree spent building them. Scans, which only
 * tests and start-up make, pay instead: a scan picks out the matching entries and sorts them by
 * unsigned bytes like LevelDB, so code tested against this store sees the same scan order. A scan
 * works on a snapshot taken when it starts, as a LevelDB iterator does.
 */
public final class InMemoryKeyValueStore implements KeyValueStore {
  private final Map<Key, byte[]> entries = new HashMap<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  @Override
  public Optional<byte[]> get(byte[] key) {
    lock.readLock().lock();
    try {
      checkOpen();
      byte[] value = entries.get(new Key(key));
      return value == null ? Optional.empty() : Optional.of(value.clone());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public WriteBatch newWriteBatch() {
    checkOpen();
    return new Batch();
  }

  @Override
  public Cursor scan(byte[] prefix) {
    return scan(prefix, prefix);
  }

  @Override
  public Cursor scan(byte[] prefix, byte[] from) {
    List<Entry> snapshot = new ArrayList<>();
    lock.readLock().lock();
    try {
      checkOpen();
      for (Map.Entry<Key, byte[]> entry : entries.entrySet()) {
        byte[] key = entry.getKey().bytes;
        if (startsWith(key, prefix) && Arrays.compareUnsigned(key, from) >= 0) {
          snapshot.add(new Entry(key.clone(), entry.getValue().clone()));
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    snapshot.sort((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
    Iterator<Entry> iterator = snapshot.iterator();
    return new Cursor() {
      @Override
      public boolean hasNext() {
        return iterator.hasNext();
      }

      @Override
      public Entry next() {
        return iterator.next();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store is closed");
    }
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private final class Batch extends BufferedWriteBatch {
    @Override
    protected void apply(List<Write> writes, boolean sync) {
      lock.writeLock().lock();
      try {
        checkOpen();
        for (Write write : writes) {
          if (write.isDelete()) {
            entries.remove(new Key(write.key()));
          } else {
            entries.put(new Key(write.key()), write.value());
          }
        }
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  /** A key compared by content, with its hash computed once. */
  private static final class Key {
    final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key that && hash == that.hash && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
