package dev.sluice.state.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.CompressionType;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteOptions;

/**
 * A {@link KeyValueStore} in a LevelDB database on disk, through leveldbjni.
 *
 * <p>LevelDB orders keys bytewise (unsigned), commits a write batch atomically through its
 * write-ahead log, and gives every iterator an implicit snapshot, so a scan sees the store as it
 * was when the scan started.
 *
 * <p>Every native call runs under the read side of a lock whose write side {@link #close()}
 * takes: closing frees the native database, and a call still inside it would read freed memory
 * and crash the JVM rather than throw. For the same reason the store tracks its open cursors and
 * frees their native iterators before the database; a cursor used after that throws {@link
 * IllegalStateException}.
 *
 * <p>Write batches collect their writes on the Java heap and touch native memory only inside
 * {@link WriteBatch#commit}, so an abandoned batch leaks nothing and needs no tracking.
 */
public final class LevelDbKeyValueStore implements KeyValueStore {
  private static final WriteOptions NO_SYNC = new WriteOptions().sync(false);
  private static final WriteOptions SYNC = new WriteOptions().sync(true);

  private final Path directory;
  private final DB db;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Set<LevelDbCursor> openCursors = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private LevelDbKeyValueStore(Path directory, DB db) {
    this.directory = directory;
    this.db = db;
  }

  /** Opens (creating if missing) the database in {@code directory} with the default options. */
  public static LevelDbKeyValueStore open(Path directory) {
    return open(directory, LevelDbOptions.defaults());
  }

  /**
   * Opens the database in {@code directory}.
   *
   * @throws DataDirectoryInUseException if another open database, in this process or another,
   *     holds the directory's lock
   * @throws StorageException if the database cannot be opened for any other reason; the message
   *     names the directory and LevelDB's error
   */
  public static LevelDbKeyValueStore open(Path directory, LevelDbOptions options) {
    Path location = directory.toAbsolutePath().normalize();
    if (options.createIfMissing()) {
      try {
        Files.createDirectories(location);
      } catch (IOException e) {
        throw new StorageException(
            "cannot create the data directory " + location + ": " + describe(e), e);
      }
    }
    location = canonical(location);
    try {
      return new LevelDbKeyValueStore(
          location, JniDBFactory.factory.open(location.toFile(), nativeOptions(options)));
    } catch (IOException e) {
      if (isLockConflict(e.getMessage())) {
        throw new DataDirectoryInUseException(location, e);
      }
      throw new StorageException(
          "cannot open the LevelDB database in " + location + ": " + describe(e), e);
    }
  }

  /** The directory that holds the database, absolute and with symbolic links resolved. */
  public Path directory() {
    return directory;
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    Objects.requireNonNull(key, "key");
    lock.readLock().lock();
    try {
      checkOpen();
      // leveldbjni copies the value out of native memory, so the array is already the caller's.
      return Optional.ofNullable(db.get(key));
    } catch (RuntimeException e) {
      throw failure("read", e);
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
    byte[] matching = prefix.clone();
    // A seek below the prefix would only read keys the cursor then skips.
    byte[] start = Arrays.compareUnsigned(from, prefix) > 0 ? from.clone() : matching;
    lock.readLock().lock();
    try {
      checkOpen();
      DBIterator iterator = db.iterator();
      LevelDbCursor cursor = new LevelDbCursor(matching, iterator);
      openCursors.add(cursor);
      try {
        if (start.length == 0) {
          iterator.seekToFirst();
        } else {
          iterator.seek(start);
        }
        cursor.advance();
      } catch (RuntimeException e) {
        cursor.release();
        throw failure("scan", e);
      }
      return cursor;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Closes every cursor still open, then the database. Waits for calls in progress to finish; a
   * second call does nothing.
   */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (LevelDbCursor cursor : List.copyOf(openCursors)) {
        cursor.release();
      }
      db.close();
    } catch (IOException e) {
      throw new StorageException("cannot close the LevelDB database in " + directory, e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "LevelDbKeyValueStore[" + directory + "]";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the LevelDB store in " + directory + " is closed");
    }
  }

  private RuntimeException failure(String operation, RuntimeException e) {
    if (e instanceof IllegalStateException) {
      return e;
    }
    return new StorageException(
        "LevelDB " + operation + " failed in " + directory + ": " + describe(e), e);
  }

  /**
   * Whether LevelDB refused to open because the directory's LOCK file is held. Only the lock step
   * words its error {@code "IO error: lock <dir>/LOCK: <reason>"}: the reason is "already held by
   * process" when this process holds it and the errno text (EAGAIN, EACCES) when another does.
   * Failing to create the LOCK file reads {@code "IO error: <dir>/LOCK: ..."} and is no conflict.
   */
  static boolean isLockConflict(String message) {
    return message != null && message.contains("IO error: lock ") && message.contains("/LOCK:");
  }

  /**
   * LevelDB's in-process lock table is keyed by the path string and POSIX record locks never
   * conflict within one process, so two spellings of one directory (a symbolic link, say) would
   * both open it and corrupt it. Resolving the real path makes them one key.
   */
  private static Path canonical(Path location) {
    try {
      return location.toRealPath();
    } catch (IOException e) {
      // Missing with createIfMissing off: LevelDB's own error names the path better.
      return location;
    }
  }

  private static Options nativeOptions(LevelDbOptions options) {
    return new Options()
        .createIfMissing(options.createIfMissing())
        .writeBufferSize(options.writeBufferSize())
        .cacheSize(options.blockCacheSize())
        .compressionType(options.compression() ? CompressionType.SNAPPY : CompressionType.NONE);
  }

  private static String describe(Throwable e) {
    Throwable cause = e;
    // leveldbjni wraps its native exception, sometimes with no message of its own.
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /**
   * Reads one entry ahead, so {@link #hasNext()} needs no native call and the native iterator is
   * freed as soon as the scan runs past the prefix.
   *
   * <p>For use by one thread. Its native calls run under the store's read lock, and {@link
   * #release()} runs either under that or under the write lock in {@link
   * LevelDbKeyValueStore#close()}, which excludes them.
   */
  private final class LevelDbCursor implements Cursor {
    private final byte[] prefix;

    /** Null once released: after the last entry, on {@link #close()} or when the store closes. */
    private DBIterator iterator;

    private Entry pending;
    private boolean closedByCaller;

    LevelDbCursor(byte[] prefix, DBIterator iterator) {
      this.prefix = prefix;
      this.iterator = iterator;
    }

    @Override
    public boolean hasNext() {
      checkUsable();
      return pending != null;
    }

    @Override
    public Entry next() {
      checkUsable();
      if (pending == null) {
        throw new NoSuchElementException("the scan has no more entries");
      }
      Entry current = pending;
      lock.readLock().lock();
      try {
        checkOpen();
        advance();
      } catch (RuntimeException e) {
        throw failure("scan", e);
      } finally {
        lock.readLock().unlock();
      }
      return current;
    }

    @Override
    public void close() {
      if (closedByCaller) {
        return;
      }
      closedByCaller = true;
      pending = null;
      lock.readLock().lock();
      try {
        release();
      } finally {
        lock.readLock().unlock();
      }
    }

    /** Loads the entry under the native iterator into {@link #pending}; caller holds a lock. */
    void advance() {
      pending = null;
      if (iterator == null) {
        return;
      }
      if (iterator.hasNext()) {
        // next() returns the entry under the iterator and then moves past it.
        Map.Entry<byte[], byte[]> entry = iterator.next();
        if (startsWith(entry.getKey(), prefix)) {
          pending = new Entry(entry.getKey(), entry.getValue());
          return;
        }
      }
      release();
    }

    /** Frees the native iterator; caller holds the store's read or write lock. */
    void release() {
      if (iterator == null) {
        return;
      }
      try {
        iterator.close();
      } catch (IOException e) {
        throw new StorageException("cannot close a LevelDB iterator in " + directory, e);
      } finally {
        iterator = null;
        openCursors.remove(this);
      }
    }

    private void checkUsable() {
      if (closedByCaller) {
        throw new IllegalStateException("this cursor is closed");
      }
      checkOpen();
    }
  }

  private final class Batch extends BufferedWriteBatch {
    @Override
    protected void apply(List<Write> writes, boolean sync) {
      lock.readLock().lock();
      try {
        checkOpen();
        org.iq80.leveldb.WriteBatch batch = db.createWriteBatch();
        try {
          // LevelDB applies a batch's operations in order, so a delete followed by a put of the
          // same key leaves the put, as the caller wrote it.
          for (Write write : writes) {
            if (write.isDelete()) {
              batch.delete(write.key());
            } else {
              batch.put(write.key(), write.value());
            }
          }
          db.write(batch, sync ? SYNC : NO_SYNC);
        } finally {
          batch.close();
        }
      } catch (IOException e) {
        throw new StorageException("cannot free a LevelDB write batch in " + directory, e);
      } catch (RuntimeException e) {
        throw failure("write", e);
      } finally {
        lock.readLock().unlock();
      }
    }
  }
}
