package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;
import dev.sluice.state.store.KeyValueStore;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sparse Merkle tree's nodes and value preimages over a {@link KeyValueStore}
 * (docs/protocol.md §3.3).
 *
 * <p>Layout: a node's 65-byte encoding (see {@link SmtHashing}) under {@code 0x01 ‖ nodeHash}, a
 * value preimage under {@code 0x02 ‖ valueHash}. Both are content-addressed, so nothing stored is
 * ever overwritten with different bytes or deleted, and every flushed root stays readable.
 *
 * <p>New nodes and preimages stay in memory until {@link #flushTo} puts them into a write batch that
 * the caller commits, possibly together with other data. Reads look at those unflushed entries
 * first, then at a cache of recently used nodes, then at the store.
 *
 * <p>Not thread-safe. Another thread that needs to read committed roots should open its own {@code
 * TreeNodeStore} over the same {@link KeyValueStore}.
 */
public final class TreeNodeStore {
  /** Key prefix of node encodings. */
  public static final byte NODE_KEY_PREFIX = 0x01;

  /** Key prefix of value preimages. */
  public static final byte PREIMAGE_KEY_PREFIX = 0x02;

  /** Read cache size used by {@link #TreeNodeStore(KeyValueStore)}, in nodes (25 MiB). */
  public static final int DEFAULT_CACHED_NODES = 1 << 18;

  private final KeyValueStore store;
  private final NodeCache cache;
  private final Map<Bytes32, byte[]> dirtyNodes = new HashMap<>();
  private final Map<Bytes32, byte[]> dirtyPreimages = new HashMap<>();

  /** A node store with a read cache of {@link #DEFAULT_CACHED_NODES} nodes. */
  public TreeNodeStore(KeyValueStore store) {
    this(store, DEFAULT_CACHED_NODES);
  }

  /**
   * A node store with a read cache of {@code cachedNodes} nodes, allocated up front at 97 bytes a
   * node; 0 disables the cache. Recently read and flushed nodes go to the cache, where each
   * displaces the least recently used of the few it competes with for a slot. A tree of n keys has
   * about 2n live nodes; a cache of twice that keeps all but a few percent of reads away from the
   * store.
   */
  public TreeNodeStore(KeyValueStore store, int cachedNodes) {
    this.store = Objects.requireNonNull(store, "store");
    this.cache = new NodeCache(cachedNodes);
  }

  /** The preimage whose keccak is {@code valueHash}, if this store has it (flushed or not). */
  public Optional<byte[]> preimage(Bytes32 valueHash) {
    byte[] dirty = dirtyPreimages.get(valueHash);
    if (dirty != null) {
      return Optional.of(dirty.clone());
    }
    return store.get(preimageKey(valueHash));
  }

  /** The number of nodes created since the last flush, reachable or not. */
  public int dirtyNodeCount() {
    return dirtyNodes.size();
  }

  /**
   * Puts the unflushed nodes reachable from {@code root}, and the preimages of the unflushed leaves
   * among them, into {@code batch}, then forgets every unflushed node and preimage.
   *
   * <p>Nodes only reachable from intermediate roots between two flushes are dropped rather than
   * stored: a caller that needs such a root later (for instance every per-record root) flushes at
   * it. Trees opened at those roots on this store stop being readable.
   *
   * <p>The flushed nodes move to the read cache; commit {@code batch} before the next read through
   * this store, since a node evicted from the cache is then looked up in the store. If the batch is
   * discarded instead, open a new {@code TreeNodeStore} at the last committed root.
   *
   * @return the number of nodes put into the batch
   */
  public int flushTo(KeyValueStore.WriteBatch batch, Bytes32 root) {
    Objects.requireNonNull(batch, "batch");
    ArrayDeque<Bytes32> pending = new ArrayDeque<>();
    if (!root.isZero()) {
      pending.push(root);
    }
    int written = 0;
    while (!pending.isEmpty()) {
      Bytes32 hash = pending.pop();
      byte[] node = dirtyNodes.remove(hash);
      if (node == null) {
        // Flushed earlier, and so is everything below it: a node is only flushed with its subtree.
        continue;
      }
      batch.put(nodeKey(hash), node);
      cache.put(hash, node);
      written++;
      if (node[0] == SmtHashing.LEAF) {
        Bytes32 valueHash = Bytes32.wrap(node, SmtHashing.SECOND);
        byte[] preimage = dirtyPreimages.remove(valueHash);
        if (preimage != null) {
          batch.put(preimageKey(valueHash), preimage);
        }
      } else {
        pushChild(pending, node, SmtHashing.FIRST);
        pushChild(pending, node, SmtHashing.SECOND);
      }
    }
    dirtyNodes.clear();
    dirtyPreimages.clear();
    return written;
  }

  /**
   * The encoding of the node {@code hash}, shared rather than copied: callers must not change it.
   *
   * @throws IllegalStateException if no such node is stored, or its stored bytes are not a node
   */
  byte[] load(Bytes32 hash) {
    byte[] node = dirtyNodes.get(hash);
    if (node != null) {
      return node;
    }
    node = cache.get(hash);
    if (node != null) {
      return node;
    }
    node =
        store
            .get(nodeKey(hash))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "tree node "
                            + hash
                            + " is missing: its root was never flushed, or the batch holding it"
                            + " was not committed"));
    if (node.length != SmtHashing.NODE_SIZE
        || (node[0] != SmtHashing.LEAF && node[0] != SmtHashing.INTERNAL)) {
      throw new IllegalStateException("tree node " + hash + " is corrupt in the store");
    }
    cache.put(hash, node);
    return node;
  }

  /** Records a new node, which this store now owns, and returns its hash. */
  Bytes32 add(byte[] encoding) {
    Bytes32 hash = SmtHashing.hashNode(encoding);
    dirtyNodes.put(hash, encoding);
    return hash;
  }

  /** Records the preimage of {@code valueHash}, which this store now owns. */
  void addPreimage(Bytes32 valueHash, byte[] preimage) {
    dirtyPreimages.put(valueHash, preimage);
  }

  private static void pushChild(ArrayDeque<Bytes32> pending, byte[] node, int offset) {
    Bytes32 child = Bytes32.wrap(node, offset);
    if (!child.isZero()) {
      pending.push(child);
    }
  }

  static byte[] nodeKey(Bytes32 hash) {
    return prefixed(NODE_KEY_PREFIX, hash);
  }

  static byte[] preimageKey(Bytes32 valueHash) {
    return prefixed(PREIMAGE_KEY_PREFIX, valueHash);
  }

  private static byte[] prefixed(byte prefix, Bytes32 hash) {
    byte[] key = new byte[1 + Bytes32.SIZE];
    key[0] = prefix;
    hash.copyTo(key, 1);
    return key;
  }
}
