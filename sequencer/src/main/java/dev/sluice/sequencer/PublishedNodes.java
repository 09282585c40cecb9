package dev.sluice.sequencer;

import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.store.KeyValueStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tree nodes and value preimages that the state thread has published since the last checkpoint
 * whose write is durable, readable from any thread.
 *
 * <p>The state thread's tree keeps new nodes private until it flushes them. After each group of
 * records it flushes into {@link #publisher()} instead of a store batch: the nodes reachable from
 * the group's root land in the current {@link Generation}, and readers open their own {@link
 * TreeNodeStore} over a {@link View} that looks there before the store. So readers see the head a
 * group at most behind the state thread, without locks on the tree and without writing every group
 * to disk.
 *
 * <p>A checkpoint {@linkplain #startGeneration starts a new generation} whose parent is the old
 * one, which no longer changes; the checkpoint writer then {@linkplain #persistReachable persists}
 * the old generation's nodes reachable from the checkpoint root on a thread of its own and, once
 * the store has them, {@linkplain #persisted detaches} the parent. Until then readers of the new
 * generation find those nodes in the parent, so the state thread never waits for the disk. Nodes of
 * the old generation that the checkpoint root does not reach (intermediate group roots) are dropped
 * with it. A reader pins the generation of the head it reads, so a checkpoint in the middle of its
 * read cannot take nodes away from it.
 *
 * <p>At most one checkpoint write is in flight (the state thread waits for the previous one before
 * it starts a generation), so a chain of generations is at most two long, and everything a
 * generation's nodes point to outside it and its parent is in the store.
 */
final class PublishedNodes {
  // A node's encoding is kind (1) ‖ first half (32) ‖ second half (32): a leaf's key and value
  // hash, or an internal node's left and right children (docs/protocol.md §3, SmtHashing).
  private static final int FIRST = 1;
  private static final int SECOND = 1 + Bytes32.SIZE;

  /** Nodes and preimages published between two checkpoints. Maps only grow. */
  static final class Generation {
    private final ConcurrentHashMap<Bytes32, byte[]> nodes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Bytes32, byte[]> preimages = new ConcurrentHashMap<>();

    /** The previous generation while its checkpoint is being written; then null. */
    private volatile Generation parent;

    Generation() {
      this(null);
    }

    private Generation(Generation parent) {
      this.parent = parent;
    }

    int nodeCount() {
      return nodes.size();
    }

    /** Whether this generation still reads through to a parent whose write is not durable. */
    boolean hasUnstoredParent() {
      return parent != null;
    }

    private byte[] node(Bytes32 hash) {
      byte[] node = nodes.get(hash);
      if (node == null) {
        Generation unstored = parent;
        if (unstored != null) {
          node = unstored.nodes.get(hash);
        }
      }
      return node;
    }

    private byte[] preimage(Bytes32 hash) {
      byte[] preimage = preimages.get(hash);
      if (preimage == null) {
        Generation unstored = parent;
        if (unstored != null) {
          preimage = unstored.preimages.get(hash);
        }
      }
      return preimage;
    }
  }

  /** Where {@link #persistReachable} puts the nodes and preimages it writes. */
  @FunctionalInterface
  interface Sink {
    void put(byte[] key, byte[] value);
  }

  private final KeyValueStore store;
  private volatile Generation current = new Generation();

  PublishedNodes(KeyValueStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  Generation current() {
    return current;
  }

  /**
   * A batch for {@link TreeNodeStore#flushTo}: on commit, its node and preimage puts join the
   * current generation. Used by the state thread only.
   */
  KeyValueStore.WriteBatch publisher() {
    return new PublishBatch(current);
  }

  /**
   * Puts to {@code sink} every node of {@code generation} reachable from {@code root}, with the
   * preimages of its leaves. A node missing from the generation is already stored, and so is
   * everything below it: a checkpoint stores whole subtrees. The generation must no longer change
   * (a new one was started after it) and its parent must be stored; any thread may call this.
   *
   * @return the number of nodes put
   */
  static int persistReachable(Generation generation, Bytes32 root, Sink sink) {
    if (generation.parent != null) {
      throw new IllegalStateException("the previous checkpoint's write is not durable yet");
    }
    ArrayDeque<Bytes32> pending = new ArrayDeque<>();
    if (!root.isZero()) {
      pending.push(root);
    }
    int written = 0;
    while (!pending.isEmpty()) {
      Bytes32 hash = pending.pop();
      byte[] node = generation.nodes.get(hash);
      if (node == null) {
        continue;
      }
      sink.put(key(TreeNodeStore.NODE_KEY_PREFIX, hash), node);
      written++;
      if (node[0] == SmtHashing.LEAF) {
        Bytes32 valueHash = Bytes32.wrap(node, SECOND);
        byte[] preimage = generation.preimages.get(valueHash);
        if (preimage != null) {
          sink.put(key(TreeNodeStore.PREIMAGE_KEY_PREFIX, valueHash), preimage);
        }
      } else {
        pushChild(pending, node, FIRST);
        pushChild(pending, node, SECOND);
      }
    }
    return written;
  }

  /**
   * Starts an empty generation that reads through to the current one until {@link #persisted}.
   * Called by the state thread at a checkpoint, once the previous checkpoint's write is durable.
   *
   * @return the generation that stopped being current, now frozen, for the checkpoint to write
   */
  Generation startGeneration() {
    Generation frozen = current;
    if (frozen.parent != null) {
      throw new IllegalStateException("the previous checkpoint's write is not durable yet");
    }
    current = new Generation(frozen);
    return frozen;
  }

  /**
   * Detaches {@code successor} from its parent: the store now holds every node of the parent that
   * later states reach. Called by the checkpoint writer after its batch committed.
   */
  static void persisted(Generation successor) {
    successor.parent = null;
  }

  /** A read view for one thread; {@link View#pin} it to a generation before reading. */
  View newView() {
    return new View(store);
  }

  private static void pushChild(ArrayDeque<Bytes32> pending, byte[] node, int offset) {
    Bytes32 child = Bytes32.wrap(node, offset);
    if (!child.isZero()) {
      pending.push(child);
    }
  }

  private static byte[] key(byte prefix, Bytes32 hash) {
    byte[] key = new byte[1 + Bytes32.SIZE];
    key[0] = prefix;
    hash.copyTo(key, 1);
    return key;
  }

  /**
   * The store as a {@link TreeNodeStore} reading through a pinned generation sees it: tree nodes
   * and preimages from the generation first, everything from the store otherwise. Read-only, and
   * used by one thread at a time.
   *
   * <p>Node encodings are returned shared, not copied: {@link TreeNodeStore} never modifies them,
   * and they are immutable once published. Preimages are copied, since they reach API callers.
   */
  static final class View implements KeyValueStore {
    private final KeyValueStore store;
    private Generation generation = new Generation();

    private View(KeyValueStore store) {
      this.store = store;
    }

    void pin(Generation generation) {
      this.generation = Objects.requireNonNull(generation, "generation");
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
      if (key.length == 1 + Bytes32.SIZE) {
        if (key[0] == TreeNodeStore.NODE_KEY_PREFIX) {
          byte[] node = generation.node(Bytes32.wrap(key, 1));
          if (node != null) {
            return Optional.of(node);
          }
        } else if (key[0] == TreeNodeStore.PREIMAGE_KEY_PREFIX) {
          byte[] preimage = generation.preimage(Bytes32.wrap(key, 1));
          if (preimage != null) {
            return Optional.of(preimage.clone());
          }
        }
      }
      return store.get(key);
    }

    @Override
    public WriteBatch newWriteBatch() {
      throw new UnsupportedOperationException("a published-node view is read-only");
    }

    @Override
    public Cursor scan(byte[] prefix) {
      throw new UnsupportedOperationException("a published-node view reads single keys only");
    }

    @Override
    public void close() {
      // The view owns nothing; the store is closed by its owner.
    }
  }

  /** Collects the tree's flush and adds it to a generation on commit. */
  private static final class PublishBatch implements KeyValueStore.WriteBatch {
    private final Generation generation;
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private boolean done;

    PublishBatch(Generation generation) {
      this.generation = generation;
    }

    @Override
    public KeyValueStore.WriteBatch put(byte[] key, byte[] value) {
      checkUsable();
      if (key.length != 1 + Bytes32.SIZE
          || (key[0] != TreeNodeStore.NODE_KEY_PREFIX
              && key[0] != TreeNodeStore.PREIMAGE_KEY_PREFIX)) {
        throw new IllegalArgumentException("only tree nodes and preimages are published");
      }
      // The tree hands over arrays it no longer owns; keeping them saves a copy per node.
      keys.add(key);
      values.add(value);
      return this;
    }

    @Override
    public KeyValueStore.WriteBatch delete(byte[] key) {
      throw new UnsupportedOperationException("published nodes are never deleted");
    }

    @Override
    public int size() {
      return keys.size();
    }

    @Override
    public void commit(boolean sync) {
      checkUsable();
      done = true;
      for (int i = 0; i < keys.size(); i++) {
        byte[] key = keys.get(i);
        Bytes32 hash = Bytes32.wrap(key, 1);
        if (key[0] == TreeNodeStore.NODE_KEY_PREFIX) {
          generation.nodes.put(hash, values.get(i));
        } else {
          generation.preimages.put(hash, values.get(i));
        }
      }
    }

    @Override
    public void close() {
      done = true;
    }

    private void checkUsable() {
      if (done) {
        throw new IllegalStateException("this batch was already committed or closed");
      }
    }
  }
}
