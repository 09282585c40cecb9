package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.store.KeyValueStore;
import java.util.Objects;

/**
 * Writes a whole tree into a {@link KeyValueStore} from leaves given in ascending key order, in
 * one pass and without reading anything back: the tree a {@link SparseMerkleTree} would build from
 * the same leaves, node for node, in the layout of {@link TreeNodeStore}.
 *
 * <p>Inserting n leaves one by one walks a path per leaf and, once the tree outgrows the node
 * cache, reads most of that path from the store. Sorted leaves need neither: a subtree is complete
 * as soon as a key outside it arrives, so it is hashed and written then, once. The loader keeps
 * only the right edge of the tree, at most one pending subtree per depth, so memory does not grow
 * with n.
 *
 * <p>Leaf i sits at depth 1 + max(lcp(k[i−1], k[i]), lcp(k[i], k[i+1])), where lcp is the number
 * of leading bits two keys share: compaction lifts it up to just below its nearest split. A key
 * k[i+1] that parts from k[i] at bit ℓ completes the subtree at depth ℓ + 1 holding k[i], so
 * {@link #add} folds everything deeper than that into it.
 *
 * <p>Not thread-safe. The loaded tree is opened as {@code new SparseMerkleTree(new
 * TreeNodeStore(store), root)} once {@link #finish} returned its root.
 */
public final class SortedTreeLoader {
  private static final int LANES = Bytes32.LANES;

  /** Bit positions 0…255, plus the depth of a leaf that is the whole tree. */
  private static final int MAX_PENDING = SmtProof.MAX_DEPTH + 2;

  private final KeyValueStore store;
  private final int writesPerBatch;
  private final NodeHasher hasher = new NodeHasher();

  // The pending subtrees, left to right in key order, bottom of the stack first. Each is complete
  // except the top one, which is the newest leaf until the next key fixes its depth. Depths never
  // decrease upwards, and two neighbours at the same depth are the two children of one node.
  private final long[] pendingHashes = new long[MAX_PENDING * LANES];
  private final int[] pendingDepths = new int[MAX_PENDING];

  /** A key inside each pending subtree: its bits say on which side of its parent it hangs. */
  private final Bytes32[] pendingKeys = new Bytes32[MAX_PENDING];

  private int pending;

  /** The previous key, and the number of leading bits it shares with the one before it. */
  private Bytes32 lastKey;

  private int lastKeyLeftShared = -1;

  private KeyValueStore.WriteBatch batch;
  private long leaves;
  private long nodesWritten;
  private boolean finished;

  /**
   * A loader that commits every {@code writesPerBatch} node and preimage writes, unsynced; {@link
   * #finish} commits the rest synced.
   */
  public SortedTreeLoader(KeyValueStore store, int writesPerBatch) {
    this.store = Objects.requireNonNull(store, "store");
    if (writesPerBatch < 1) {
      throw new IllegalArgumentException("writesPerBatch must be >= 1, got " + writesPerBatch);
    }
    this.writesPerBatch = writesPerBatch;
  }

  /**
   * Adds the leaf {@code key} holding {@code preimage}: the leaf gets its keccak, the store a copy
   * under the value hash, as {@link SparseMerkleTree#put} does.
   *
   * @throws IllegalArgumentException if {@code key} is not greater than the previous key
   */
  public void add(Bytes32 key, byte[] preimage) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(preimage, "preimage");
    requireOpen();
    int shared = -1;
    if (lastKey != null) {
      if (lastKey.compareTo(key) >= 0) {
        throw new IllegalArgumentException(
            "keys must be strictly ascending: " + key + " after " + lastKey);
      }
      shared = SmtProof.firstDifferingBit(lastKey, key);
      placeLastLeaf(shared);
      // The subtree at depth shared + 1 on the previous key's side is now complete.
      fold(shared + 1);
    }
    Bytes32 valueHash = Keccak.hash32(preimage);
    put(TreeNodeStore.preimageKey(valueHash), preimage.clone());
    hasher.digest(
        SmtHashing.LEAF,
        key.lane(0), key.lane(1), key.lane(2), key.lane(3),
        valueHash.lane(0), valueHash.lane(1), valueHash.lane(2), valueHash.lane(3));
    writeNode(SmtHashing.leafNode(key, valueHash));
    push(key, -1); // placed by the next key, or by finish()
    lastKey = key;
    lastKeyLeftShared = shared;
    leaves++;
  }

  /**
   * Writes the rest of the tree, commits it synced and returns its root ({@link SmtHashing#EMPTY}
   * when no leaf was added). The loader takes no more leaves afterwards.
   */
  public Bytes32 finish() {
    requireOpen();
    finished = true;
    Bytes32 root = SmtHashing.EMPTY;
    if (pending > 0) {
      placeLastLeaf(-1);
      fold(0);
      root = Bytes32.ofLanes(
          pendingHashes[0], pendingHashes[1], pendingHashes[2], pendingHashes[3]);
    }
    try (KeyValueStore.WriteBatch last = batch != null ? batch : store.newWriteBatch()) {
      last.commit(true);
    }
    batch = null;
    return root;
  }

  /** Leaves added so far. */
  public long leaves() {
    return leaves;
  }

  /** Nodes, leaves and internal nodes, written so far. */
  public long nodesWritten() {
    return nodesWritten;
  }

  /** Fixes the depth of the newest leaf now that the key after it shares {@code rightShared}. */
  private void placeLastLeaf(int rightShared) {
    pendingDepths[pending - 1] = Math.max(lastKeyLeftShared, rightShared) + 1;
  }

  /**
   * Combines the pending subtrees deeper than {@code depth} into their parents until the top one
   * is at {@code depth}: with its left neighbour when that is its sibling, with an empty sibling
   * otherwise.
   */
  private void fold(int depth) {
    while (pendingDepths[pending - 1] > depth) {
      int top = pending - 1;
      int childDepth = pendingDepths[top];
      int topOffset = top * LANES;
      if (top > 0 && pendingDepths[top - 1] == childDepth) {
        int leftOffset = topOffset - LANES;
        writeInternal(
            pendingHashes[leftOffset], pendingHashes[leftOffset + 1],
            pendingHashes[leftOffset + 2], pendingHashes[leftOffset + 3],
            pendingHashes[topOffset], pendingHashes[topOffset + 1],
            pendingHashes[topOffset + 2], pendingHashes[topOffset + 3]);
        pending--;
      } else if (pendingKeys[top].bit(childDepth - 1) == 0) {
        writeInternal(
            pendingHashes[topOffset], pendingHashes[topOffset + 1],
            pendingHashes[topOffset + 2], pendingHashes[topOffset + 3], 0, 0, 0, 0);
      } else {
        writeInternal(
            0, 0, 0, 0, pendingHashes[topOffset], pendingHashes[topOffset + 1],
            pendingHashes[topOffset + 2], pendingHashes[topOffset + 3]);
      }
      Bytes32 key = pendingKeys[pending - 1];
      pending--;
      push(key, childDepth - 1);
    }
  }

  /** Hashes and writes the internal node over the two children; its hash is then the hasher's. */
  private void writeInternal(
      long left0, long left1, long left2, long left3,
      long right0, long right1, long right2, long right3) {
    hasher.digest(
        SmtHashing.INTERNAL, left0, left1, left2, left3, right0, right1, right2, right3);
    byte[] encoding = new byte[SmtHashing.NODE_SIZE];
    encoding[0] = SmtHashing.INTERNAL;
    SmtHashing.setLane(encoding, SmtHashing.FIRST, left0);
    SmtHashing.setLane(encoding, SmtHashing.FIRST + 8, left1);
    SmtHashing.setLane(encoding, SmtHashing.FIRST + 16, left2);
    SmtHashing.setLane(encoding, SmtHashing.FIRST + 24, left3);
    SmtHashing.setLane(encoding, SmtHashing.SECOND, right0);
    SmtHashing.setLane(encoding, SmtHashing.SECOND + 8, right1);
    SmtHashing.setLane(encoding, SmtHashing.SECOND + 16, right2);
    SmtHashing.setLane(encoding, SmtHashing.SECOND + 24, right3);
    writeNode(encoding);
  }

  /** Writes {@code encoding} under the hash the hasher just computed for it. */
  private void writeNode(byte[] encoding) {
    put(
        TreeNodeStore.nodeKey(hasher.lane(0), hasher.lane(1), hasher.lane(2), hasher.lane(3)),
        encoding);
    nodesWritten++;
  }

  /** Pushes the subtree the hasher just hashed, holding {@code key}, at {@code depth}. */
  private void push(Bytes32 key, int depth) {
    int offset = pending * LANES;
    for (int i = 0; i < LANES; i++) {
      pendingHashes[offset + i] = hasher.lane(i);
    }
    pendingDepths[pending] = depth;
    pendingKeys[pending] = key;
    pending++;
  }

  private void put(byte[] key, byte[] value) {
    if (batch == null) {
      batch = store.newWriteBatch();
    }
    batch.put(key, value);
    if (batch.size() >= writesPerBatch) {
      try (KeyValueStore.WriteBatch full = batch) {
        batch = null;
        full.commit(false);
      }
    }
  }

  private void requireOpen() {
    if (finished) {
      throw new IllegalStateException("the loader has finished");
    }
  }
}
