package dev.sluice.sequencer;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.store.KeyValueStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The granted writers of each stream, which the state tree cannot list: its ACL leaves are keyed by
 * {@code keccak(tag ‖ keccak(stream) ‖ writer)}, so nothing enumerates them.
 *
 * <p>The state thread notes each applied GRANT and REVOKE here. The notes since the last checkpoint
 * live in memory as {@link Changes}, in generations that follow the published tree nodes' ({@link
 * PublishedNodes}): a checkpoint freezes the current changes, the checkpoint writer puts them in
 * the batch that carries the checkpoint's head, and only once that batch is durable does the next
 * generation stop reading through to the frozen one. The stored index therefore always matches the
 * stored checkpoint, and replay after a crash rebuilds the rest through the same code that applies
 * live records.
 *
 * <p>Store column {@code 0x14 ‖ keccak(stream) ‖ writer} → {@code 0x01}, so one stream's writers
 * are adjacent and sorted by address.
 */
final class WriterIndex {
  static final byte COLUMN = 0x14;
  private static final byte[] PRESENT = {0x01};

  /** Grants (true) and revokes (false) noted between two checkpoints, by stream hash. */
  static final class Changes {
    private final ConcurrentHashMap<Bytes32, ConcurrentSkipListMap<Address, Boolean>> byStream =
        new ConcurrentHashMap<>();
    private volatile Changes parent;

    private Changes(Changes parent) {
      this.parent = parent;
    }

    private void note(Bytes32 stream, Address writer, boolean granted) {
      byStream.computeIfAbsent(stream, s -> new ConcurrentSkipListMap<>()).put(writer, granted);
    }

    private Map<Address, Boolean> of(Bytes32 stream) {
      Map<Address, Boolean> changes = byStream.get(stream);
      return changes != null ? changes : Map.of();
    }

    int size() {
      return byStream.values().stream().mapToInt(Map::size).sum();
    }
  }

  private final KeyValueStore store;
  private final boolean complete;
  private volatile Changes current = new Changes(null);

  /**
   * @param complete whether the stored index covers every checkpoint in the store; false for a
   *     store written before the index existed, whose writers this sequencer cannot list
   */
  WriterIndex(KeyValueStore store, boolean complete) {
    this.store = store;
    this.complete = complete;
  }

  /** Notes an applied GRANT; state thread only. */
  void granted(byte[] stream, Address writer) {
    current.note(Keccak.hash32(stream), writer, true);
  }

  /** Notes an applied REVOKE; state thread only. */
  void revoked(byte[] stream, Address writer) {
    current.note(Keccak.hash32(stream), writer, false);
  }

  /**
   * Starts new changes that read through to the current ones until {@link #persisted}; called by
   * the state thread at a checkpoint, once the previous checkpoint is durable.
   *
   * @return the changes that stopped being current, for the checkpoint to write
   */
  Changes freeze() {
    Changes frozen = current;
    if (frozen.parent != null) {
      throw new IllegalStateException("the previous checkpoint's write is not durable yet");
    }
    current = new Changes(frozen);
    return frozen;
  }

  /** The changes now current: the successor of the ones {@link #freeze} returned. */
  Changes current() {
    return current;
  }

  /** Adds {@code frozen}'s changes to the checkpoint's last batch; checkpoint writer only. */
  static void putTo(Changes frozen, KeyValueStore.WriteBatch batch) {
    frozen.byStream.forEach(
        (stream, writers) ->
            writers.forEach(
                (writer, granted) -> {
                  if (granted) {
                    batch.put(key(stream, writer), PRESENT);
                  } else {
                    batch.delete(key(stream, writer));
                  }
                }));
  }

  /** The store has the parent of {@code successor}; readers stop looking there. */
  static void persisted(Changes successor) {
    successor.parent = null;
  }

  /**
   * Up to {@code limit} granted writers of {@code stream} in address order, from the first after
   * {@code after}; empty if this sequencer cannot list them. Reflects the applied head, give or
   * take the records applied while it reads.
   */
  Optional<StreamWriters> writers(byte[] stream, Optional<Address> after, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a page holds at least one writer, got " + limit);
    }
    if (!complete) {
      return Optional.empty();
    }
    Bytes32 streamHash = Keccak.hash32(stream);
    // Take the changes before reading the store: changes whose parent is already detached are in
    // the store by then, and a parent taken here keeps its changes whatever the writer does.
    Changes newest = current;
    Changes older = newest.parent;
    Map<Address, Boolean> pending = new TreeMap<>();
    if (older != null) {
      pending.putAll(older.of(streamHash));
    }
    pending.putAll(newest.of(streamHash));
    // Enough stored writers that, after the pending revokes, more than a page is left if there is.
    int wanted = (int) Math.min(Integer.MAX_VALUE - 1, (long) limit + pending.size() + 1);
    NavigableMap<Address, Boolean> merged = new TreeMap<>();
    boolean storeExhausted = true;
    byte[] prefix = new byte[1 + Bytes32.SIZE];
    prefix[0] = COLUMN;
    streamHash.copyTo(prefix, 1);
    // A page after a writer seeks to it rather than reading the stream's writers before it.
    byte[] from = after.map(writer -> key(streamHash, writer)).orElse(prefix);
    try (KeyValueStore.Cursor cursor = store.scan(prefix, from)) {
      while (cursor.hasNext()) {
        KeyValueStore.Entry entry = cursor.next();
        Address writer =
            Address.wrap(Arrays.copyOfRange(entry.key(), prefix.length, entry.key().length));
        if (after.isPresent() && writer.compareTo(after.get()) <= 0) {
          continue;
        }
        if (merged.size() == wanted) {
          storeExhausted = false;
          break;
        }
        merged.put(writer, true);
      }
    }
    pending.forEach(
        (writer, granted) -> {
          if (after.isPresent() && writer.compareTo(after.get()) <= 0) {
            return;
          }
          if (granted) {
            merged.put(writer, true);
          } else {
            merged.remove(writer);
          }
        });
    List<Address> page = new ArrayList<>(Math.min(limit, merged.size()));
    for (Address writer : merged.keySet()) {
      if (page.size() == limit) {
        break;
      }
      page.add(writer);
    }
    boolean more = merged.size() > limit || !storeExhausted;
    return Optional.of(new StreamWriters(page, more));
  }

  private static byte[] key(Bytes32 stream, Address writer) {
    byte[] key = new byte[1 + Bytes32.SIZE + Address.SIZE];
    key[0] = COLUMN;
    stream.copyTo(key, 1);
    writer.copyTo(key, 1 + Bytes32.SIZE);
    return key;
  }
}
