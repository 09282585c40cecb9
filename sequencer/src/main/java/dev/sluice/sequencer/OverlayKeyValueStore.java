package dev.sluice.sequencer;

import dev.sluice.state.store.KeyValueStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that reads through to another and keeps its own writes in memory: the base store is never
 * written. Historical states are rebuilt over one, so that nothing a replay or its caller writes
 * (tree nodes of states the sequencer never stored, a caller's flush) reaches the live store.
 *
 * <p>Deletes are remembered as tombstones that hide the base's value. Only single-key reads are
 * served; a tree needs nothing else. Not thread-safe, like the tree it serves.
 */
final class OverlayKeyValueStore implements KeyValueStore {
  /** A deleted key; compared by identity. */
  private static final byte[] TOMBSTONE = new byte[0];

  private final KeyValueStore base;
  private final Map<ByteBuffer, byte[]> writes = new HashMap<>();
  private boolean closed;

  OverlayKeyValueStore(KeyValueStore base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  /** The number of keys written or deleted over the base. */
  int overlaidKeys() {
    return writes.size();
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    checkOpen();
    byte[] value = writes.get(ByteBuffer.wrap(key));
    if (value == TOMBSTONE) {
      return Optional.empty();
    }
    return value != null ? Optional.of(value.clone()) : base.get(key);
  }

  @Override
  public WriteBatch newWriteBatch() {
    checkOpen();
    return new OverlayBatch();
  }

  @Override
  public Cursor scan(byte[] prefix) {
    throw new UnsupportedOperationException("an overlay store reads single keys only");
  }

  /** Forgets the overlaid writes; the base store stays open, its owner closes it. */
  @Override
  public void close() {
    closed = true;
    writes.clear();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the overlay store is closed");
    }
  }

  private final class OverlayBatch implements WriteBatch {
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private boolean done;

    @Override
    public WriteBatch put(byte[] key, byte[] value) {
      checkUsable();
      keys.add(key.clone());
      values.add(value.clone());
      return this;
    }

    @Override
    public WriteBatch delete(byte[] key) {
      checkUsable();
      keys.add(key.clone());
      values.add(TOMBSTONE);
      return this;
    }

    @Override
    public int size() {
      return keys.size();
    }

    @Override
    public void commit(boolean sync) {
      checkUsable();
      checkOpen();
      done = true;
      for (int i = 0; i < keys.size(); i++) {
        writes.put(ByteBuffer.wrap(keys.get(i)), values.get(i));
      }
    }

    @Override
    public void close() {
      done = true;
    }

    private void checkUsable() {
      if (done) {
        throw new IllegalStateException("this write batch was already committed or closed");
      }
    }
  }
}
