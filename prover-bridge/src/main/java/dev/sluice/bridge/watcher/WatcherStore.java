package dev.sluice.bridge.watcher;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.store.KeyValueStore;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The watcher's own state in its own key-value store (LevelDB in production): the state tree's
 * nodes, and per verified batch its header hash and post-state root, with the verified head.
 *
 * <p>A batch is committed in one atomic write: the tree nodes of its post-state, its record and the
 * new head. After a crash the store holds the state after some verified batch and nothing
 * half-written. Commits are not synced: the watcher's state is a function of L1, so losing the
 * last few to a machine crash costs a re-verification, not correctness. The tree never deletes nodes, so the state after any verified batch can
 * be reopened: that is how the watcher rewinds after a revert or an L1 reorg.
 *
 * <p>Layout, beside the tree's own prefixes 0x01 (nodes) and 0x02 (preimages): {@code 0x10 ‖
 * index u64} → {@link VerifiedBatch}; {@code 0x11} → the head's index. Not thread-safe.
 */
public final class WatcherStore {
  private static final byte BATCH_PREFIX = 0x10;
  private static final byte[] HEAD_KEY = {0x11};
  private static final byte[] ROLLUP_KEY = {0x12};

  private final KeyValueStore store;
  private final TreeNodeStore nodes;

  public WatcherStore(KeyValueStore store) {
    this.store = Objects.requireNonNull(store, "store");
    this.nodes = new TreeNodeStore(store);
  }

  /**
   * Ties the store to one rollup: the first call records {@code rollup} and {@code l2ChainId},
   * later ones insist on the same, so that a data directory is never reused for another chain.
   *
   * @throws IllegalStateException if the store holds another rollup's state
   */
  public void bindTo(Address rollup, long l2ChainId) {
    byte[] identity =
        ByteBuffer.allocate(Address.SIZE + Long.BYTES).put(rollup.toArray()).putLong(l2ChainId).array();
    Optional<byte[]> stored = store.get(ROLLUP_KEY);
    if (stored.isEmpty()) {
      try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
        batch.put(ROLLUP_KEY, identity);
        batch.commit(true);
      }
    } else if (!Arrays.equals(stored.get(), identity)) {
      ByteBuffer other = ByteBuffer.wrap(stored.get());
      byte[] address = new byte[Address.SIZE];
      other.get(address);
      throw new IllegalStateException(
          "this data directory holds the state of rollup "
              + Address.wrap(address)
              + " on L2 chain "
              + other.getLong()
              + ", not of "
              + rollup
              + " on chain "
              + l2ChainId
              + "; use another directory");
    }
  }

  /** The last verified batch, if any. */
  public Optional<VerifiedBatch> head() {
    return store.get(HEAD_KEY).map(bytes -> ByteBuffer.wrap(bytes).getLong()).flatMap(this::batch);
  }

  /** Verified batch {@code index}, if it is at or below the head. */
  public Optional<VerifiedBatch> batch(long index) {
    return store.get(batchKey(index)).map(VerifiedBatch::decode);
  }

  /** The state after the head, or the empty state before any batch. */
  public SparseMerkleTree headState() {
    return stateAt(head().map(VerifiedBatch::postStateRoot).orElse(SmtHashing.EMPTY));
  }

  /** The state tree at {@code root}, which must be the empty root or a committed one. */
  public SparseMerkleTree stateAt(Bytes32 root) {
    return new SparseMerkleTree(nodes, root);
  }

  /**
   * Commits {@code verified} as the new head, with {@code state} (at its post-state root).
   *
   * @throws IllegalArgumentException if {@code state} is not at the batch's post-state root, or
   *     the batch does not follow the head
   */
  public void commit(VerifiedBatch verified, SparseMerkleTree state) {
    if (!state.root().equals(verified.postStateRoot())) {
      throw new IllegalArgumentException(
          "the state is at " + state.root() + ", not at batch " + verified.index() + "'s root");
    }
    long expected = head().map(h -> h.index() + 1).orElse(0L);
    if (verified.index() != expected) {
      throw new IllegalArgumentException(
          "batch " + verified.index() + " does not follow the head; expected " + expected);
    }
    try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
      state.flushTo(batch);
      batch.put(batchKey(verified.index()), verified.encode());
      batch.put(HEAD_KEY, index(verified.index()));
      // Not synced: everything here can be derived again from L1. A machine crash loses at most
      // the last batches, and LevelDB recovers a prefix of whole write batches, so the watcher
      // resumes from an earlier verified batch, never from a half-written one.
      batch.commit(false);
    }
  }

  /**
   * Makes batch {@code index} the head again, forgetting the verified batches after it; {@code −1}
   * goes back to before batch 0.
   *
   * @return the new head
   */
  public Optional<VerifiedBatch> rewindTo(long index) {
    Optional<VerifiedBatch> head = head();
    if (head.isEmpty() || head.get().index() <= index) {
      return head;
    }
    try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
      for (long i = head.get().index(); i > index; i--) {
        batch.delete(batchKey(i));
      }
      if (index >= 0) {
        batch.put(HEAD_KEY, index(index));
      } else {
        batch.delete(HEAD_KEY);
      }
      batch.commit(true);
    }
    return head();
  }

  private static byte[] batchKey(long index) {
    return ByteBuffer.allocate(1 + Long.BYTES).put(BATCH_PREFIX).putLong(index).array();
  }

  private static byte[] index(long index) {
    return ByteBuffer.allocate(Long.BYTES).putLong(index).array();
  }
}
