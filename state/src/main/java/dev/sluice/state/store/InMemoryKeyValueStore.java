package dev.sluice.state.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link KeyValueStore} held in memory, for tests and for nodes that need no persistence.
 *
 * <p>Ordered by unsigned bytes like LevelDB, so code tested against it sees the same scan order.
 * A scan works on a snapshot taken when it starts, as a LevelDB iterator does.
 */
public final class InMemoryKeyValueStore implements KeyValueStore {
  private final NavigableMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  @Override
  public Optional<byte[]> get(byte[] key) {
    lock.readLock().lock();
    try {
      checkOpen();
      byte[] value = entries.get(key);
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
    List<Entry> snapshot = new ArrayList<>();
    lock.readLock().lock();
    try {
      checkOpen();
      for (Map.Entry<byte[], byte[]> entry : entries.tailMap(prefix, true).entrySet()) {
        if (!startsWith(entry.getKey(), prefix)) {
          break;
        }
        snapshot.add(new Entry(entry.getKey().clone(), entry.getValue().clone()));
      }
    } finally {
      lock.readLock().unlock();
    }
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
            entries.remove(write.key());
          } else {
            entries.put(write.key(), write.value());
          }
        }
      } finally {
        lock.writeLock().unlock();
      }
    }
  }
}
