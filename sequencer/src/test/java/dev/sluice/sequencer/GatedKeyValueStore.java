package dev.sluice.sequencer;

import dev.sluice.state.store.KeyValueStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A store whose batch commits wait while the test keeps its gate closed (a stalled disk), and which
 * notes whether each commit asked for fsync. It can gate only the batches that put a key the test
 * picks (say, a checkpoint's head), and a commit interrupted at the gate is abandoned, as a write
 * the process died in the middle of.
 */
final class GatedKeyValueStore implements KeyValueStore {
  private final KeyValueStore delegate;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition opened = lock.newCondition();
  private final AtomicInteger waiting = new AtomicInteger();
  private final List<Boolean> syncs = new CopyOnWriteArrayList<>();
  private final Predicate<byte[]> gatedKey;
  private boolean closedGate;

  GatedKeyValueStore(KeyValueStore delegate) {
    this(delegate, key -> true);
  }

  /** Gates only batches that put a key {@code gatedKey} accepts. */
  GatedKeyValueStore(KeyValueStore delegate, Predicate<byte[]> gatedKey) {
    this.delegate = delegate;
    this.gatedKey = gatedKey;
  }

  void closeGate() {
    lock.lock();
    try {
      closedGate = true;
    } finally {
      lock.unlock();
    }
  }

  void openGate() {
    lock.lock();
    try {
      closedGate = false;
      opened.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether each commit so far asked for fsync, in order. */
  List<Boolean> commitSyncs() {
    return List.copyOf(syncs);
  }

  /** Commits waiting at the gate now. */
  int waitingCommits() {
    return waiting.get();
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    return delegate.get(key);
  }

  @Override
  public WriteBatch newWriteBatch() {
    WriteBatch batch = delegate.newWriteBatch();
    return new WriteBatch() {
      private boolean gated;

      @Override
      public WriteBatch put(byte[] key, byte[] value) {
        gated |= gatedKey.test(key);
        batch.put(key, value);
        return this;
      }

      @Override
      public WriteBatch delete(byte[] key) {
        batch.delete(key);
        return this;
      }

      @Override
      public int size() {
        return batch.size();
      }

      @Override
      public void commit(boolean sync) {
        if (gated) {
          awaitGate();
        }
        batch.commit(sync);
        syncs.add(sync);
      }

      @Override
      public void close() {
        batch.close();
      }
    };
  }

  @Override
  public Cursor scan(byte[] prefix) {
    return delegate.scan(prefix);
  }

  @Override
  public void close() {
    delegate.close();
  }

  private void awaitGate() {
    lock.lock();
    waiting.incrementAndGet();
    try {
      while (closedGate) {
        if (!opened.await(Await.LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted at the gate: the write is abandoned", e);
    } finally {
      waiting.decrementAndGet();
      lock.unlock();
    }
  }
}
