package dev.sluice.state.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A write batch that collects its writes on the Java heap and hands them to the store in one
 * call at commit: nothing is visible before, an abandoned batch holds no store resource, and the
 * rules of use (once, by one thread) are enforced in one place for every store.
 */
abstract class BufferedWriteBatch implements KeyValueStore.WriteBatch {
  /** One write; a null value marks a delete. */
  record Write(byte[] key, byte[] value) {
    boolean isDelete() {
      return value == null;
    }
  }

  private final List<Write> writes = new ArrayList<>();
  private boolean done;

  /** Applies {@code writes}, in order, atomically. */
  protected abstract void apply(List<Write> writes, boolean sync);

  @Override
  public final KeyValueStore.WriteBatch put(byte[] key, byte[] value) {
    checkUsable();
    writes.add(new Write(key.clone(), value.clone()));
    return this;
  }

  @Override
  public final KeyValueStore.WriteBatch delete(byte[] key) {
    checkUsable();
    writes.add(new Write(key.clone(), null));
    return this;
  }

  @Override
  public final int size() {
    return writes.size();
  }

  @Override
  public final void commit(boolean sync) {
    checkUsable();
    done = true;
    apply(writes, sync);
  }

  @Override
  public final void close() {
    done = true;
  }

  private void checkUsable() {
    if (done) {
      throw new IllegalStateException("this write batch was already committed or closed");
    }
  }
}
