package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;
import dev.sluice.state.store.KeyValueStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The sparse Merkle tree's nodes and value preimages over a {@link KeyValueStore}
 * (docs/protocol.md §3.3).
 *
 * <p>Layout: a node's 65-byte encoding (see {@link SmtHashing}) under {@code 0x01 ‖ nodeHash}, a
 * value preimage under {@code 0x02 ‖ valueHash}. Both are content-addressed, so nothing stored is
 * ever overwritten with different bytes or deleted, and every flushed root stays readable.
 *
 * <p>New nodes stay in memory, held by the trees that wrote them, until {@link #flushTo} puts them
 * into a write batch that the caller commits, possibly together with other data. This store keeps
 * the roots that trees handed out since the last flush, so that they can be reopened and flushed
 * by hash, and the preimages written since then. Stored nodes are read through a cache of recently
 * used nodes, then from the store.
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

  /** The in-memory node behind each root handed out since the last flush. */
  private final Map<Bytes32, TreeNode> unflushedRoots = new HashMap<>();

  private final Map<Bytes32, byte[]> unflushedPreimages = new HashMap<>();
  private int createdNodes;
  private long flushes;

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
    byte[] unflushed = unflushedPreimages.get(valueHash);
    if (unflushed != null) {
      return Optional.of(unflushed.clone());
    }
    return store.get(preimageKey(valueHash));
  }

  /**
   * The number of in-memory nodes that trees over this store created since the last flush,
   * reachable or not. Writes between two roots change the nodes they created in place, so this
   * counts about one node per level of each path written, per root asked for in between.
   */
  public int dirtyNodeCount() {
    return createdNodes;
  }

  /**
   * Puts the unflushed nodes reachable from {@code root}, and the preimages of the unflushed leaves
   * among them, into {@code batch}, then forgets every unflushed root and preimage.
   *
   * <p>{@code root} is a root some tree over this store handed out since the last flush (its
   * {@link SparseMerkleTree#root}), or a stored root, for which nothing is written. Nodes only
   * reachable from intermediate roots between two flushes are dropped rather than stored: a caller
   * that needs such a root later (for instance every per-record root) flushes at it. Roots passed
   * between the flushes can no longer be opened by hash on this store.
   *
   * <p>The flushed nodes move to the read cache; commit {@code batch} before the next read through
   * this store, since a node evicted from the cache is then looked up in the store. If the batch is
   * discarded instead, open a new {@code TreeNodeStore} at the last committed root.
   *
   * @return the number of nodes put into the batch
   */
  public int flushTo(KeyValueStore.WriteBatch batch, Bytes32 root) {
    Objects.requireNonNull(batch, "batch");
    return flushTo(batch, unflushedRoots.get(root));
  }

  /**
   * {@link #flushTo(KeyValueStore.WriteBatch, Bytes32)} for a tree that holds its root node: it
   * needs no lookup, and works even if another tree's flush made this store forget the root.
   *
   * @param top the frozen root node, or null for a stored root
   */
  int flushTo(KeyValueStore.WriteBatch batch, TreeNode top) {
    int written = top == null ? 0 : write(batch, top, new HashSet<>());
    unflushedRoots.clear();
    unflushedPreimages.clear();
    createdNodes = 0;
    flushes++;
    return written;
  }

  /**
   * Puts {@code node} and its unflushed descendants into {@code batch}, each leaf with its
   * preimage unless {@code writtenPreimages} shows the same preimage went in already.
   */
  private int write(KeyValueStore.WriteBatch batch, TreeNode node, Set<Bytes32> writtenPreimages) {
    if (node.isFlushed()) {
      // Flushed earlier, and so is everything below it: a node is only flushed with its subtree.
      return 0;
    }
    byte[] encoding = node.encode();
    batch.put(nodeKey(node.hash0, node.hash1, node.hash2, node.hash3), encoding);
    cache.put(node.hash0, node.hash1, node.hash2, node.hash3, encoding);
    node.markFlushed();
    int written = 1;
    if (node instanceof LeafNode leaf) {
      if (writtenPreimages.add(leaf.valueHash)) {
        batch.put(preimageKey(leaf.valueHash), leaf.preimage);
      }
    } else {
      InternalNode internal = (InternalNode) node;
      if (internal.left != null) {
        written += write(batch, internal.left, writtenPreimages);
      }
      if (internal.right != null) {
        written += write(batch, internal.right, writtenPreimages);
      }
    }
    return written;
  }

  /** The in-memory node of {@code root} if a tree handed that root out since the last flush. */
  TreeNode unflushedRoot(Bytes32 root) {
    return unflushedRoots.get(root);
  }

  /**
   * How many flushes this store has made: a tree that handed out a root before the latest one
   * remembers it again if it hands it out again.
   */
  long flushes() {
    return flushes;
  }

  /** Keeps the frozen {@code node} reachable by its hash {@code root} until the next flush. */
  void rememberRoot(Bytes32 root, TreeNode node) {
    unflushedRoots.put(root, node);
  }

  /** Records that a tree created an in-memory node (see {@link #dirtyNodeCount}). */
  void nodeCreated() {
    createdNodes++;
  }

  /**
   * Reads the stored node with hash lanes {@code hash0}…{@code hash3}: puts the lanes of its two
   * words into {@code target} from {@code offset} and returns its kind byte.
   *
   * @throws IllegalStateException if no such node is stored, or its stored bytes are not a node
   */
  byte load(long hash0, long hash1, long hash2, long hash3, long[] target, int offset) {
    int kind = cache.get(hash0, hash1, hash2, hash3, target, offset);
    if (kind >= 0) {
      return (byte) kind;
    }
    byte[] node =
        store
            .get(nodeKey(hash0, hash1, hash2, hash3))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "tree node "
                            + Bytes32.ofLanes(hash0, hash1, hash2, hash3)
                            + " is missing: its root was never flushed, or the batch holding it"
                            + " was not committed"));
    if (node.length != SmtHashing.NODE_SIZE
        || (node[0] != SmtHashing.LEAF && node[0] != SmtHashing.INTERNAL)) {
      throw new IllegalStateException(
          "tree node " + Bytes32.ofLanes(hash0, hash1, hash2, hash3) + " is corrupt in the store");
    }
    cache.put(hash0, hash1, hash2, hash3, node);
    for (int i = 0; i < Bytes32.LANES; i++) {
      target[offset + i] = SmtHashing.lane(node, SmtHashing.FIRST + i * Long.BYTES);
      target[offset + Bytes32.LANES + i] =
          SmtHashing.lane(node, SmtHashing.SECOND + i * Long.BYTES);
    }
    return node[0];
  }

  /** Records the preimage of {@code valueHash}, which this store now owns. */
  void addPreimage(Bytes32 valueHash, byte[] preimage) {
    unflushedPreimages.put(valueHash, preimage);
  }

  static byte[] nodeKey(long hash0, long hash1, long hash2, long hash3) {
    byte[] key = new byte[1 + Bytes32.SIZE];
    key[0] = NODE_KEY_PREFIX;
    SmtHashing.setLane(key, 1, hash0);
    SmtHashing.setLane(key, 9, hash1);
    SmtHashing.setLane(key, 17, hash2);
    SmtHashing.setLane(key, 25, hash3);
    return key;
  }

  static byte[] preimageKey(Bytes32 valueHash) {
    byte[] key = new byte[1 + Bytes32.SIZE];
    key[0] = PREIMAGE_KEY_PREFIX;
    valueHash.copyTo(key, 1);
    return key;
  }
}
