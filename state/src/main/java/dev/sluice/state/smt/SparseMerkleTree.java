package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.store.KeyValueStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state tree: a binary sparse Merkle tree of 256 levels over 32-byte keys, compacted so that a
 * subtree holding a single leaf is that leaf (docs/protocol.md §3).
 *
 * <p>Leaves hold {@code keccak(preimage)}; the preimages are kept beside the nodes in the {@link
 * TreeNodeStore}. Compaction keeps a path as long as the longest prefix a key shares with another,
 * about log2(n) for n random keys, and a write touches only that path.
 *
 * <p>A tree is a root over a node store. Writes build new nodes in memory and move the root; the
 * old nodes stay, so {@link #at} opens any earlier root of the same store, and {@link #flushTo}
 * persists the current one. Hashes are computed when asked for: {@link #root} hashes the nodes
 * written since the previous root, once, however many writes went into them (see {@link
 * TreeNode}). Not thread-safe: a tree reuses scratch buffers across calls.
 */
public final class SparseMerkleTree {
  private static final int MAX_DEPTH = SmtProof.MAX_DEPTH;
  private static final int LANES = Bytes32.LANES;

  /** Lanes per path step in {@link #pathLanes}: the two words of a stored node. */
  private static final int STEP = 2 * LANES;

  private final TreeNodeStore nodes;
  private final NodeHasher hasher = new NodeHasher();

  // The root: the in-memory node rootNode or, where that is null, the stored node (or the empty
  // tree) whose hash lanes are root0…root3.
  private TreeNode rootNode;
  private long root0;
  private long root1;
  private long root2;
  private long root3;

  /** The root hash, once computed since the last write. */
  private Bytes32 rootHash;

  /** The store's {@link TreeNodeStore#flushes} when it was last told about {@link #rootNode}. */
  private long rememberedAtFlush;

  // Scratch filled by descend(). At each depth on the key's path, the internal node there: in
  // memory (pathNodes) or stored (null in pathNodes, its two words in pathLanes). Then the
  // terminal: empty, a leaf in memory (terminalNode), or a stored leaf (terminalStored, its key
  // and value hash in pathLanes at the terminal depth, its hash in terminal0…terminal3).
  private final InternalNode[] pathNodes = new InternalNode[MAX_DEPTH];
  private final long[] pathLanes = new long[(MAX_DEPTH + 1) * STEP];
  private LeafNode terminalNode;
  private boolean terminalStored;
  private long terminal0;
  private long terminal1;
  private long terminal2;
  private long terminal3;

  /** Scratch for a stored sibling opened by delete or prove. */
  private final long[] siblingLanes = new long[STEP];

  /** The tree with root {@code root} ({@link SmtHashing#EMPTY} for an empty tree) in {@code nodes}. */
  public SparseMerkleTree(TreeNodeStore nodes, Bytes32 root) {
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.rootHash = Objects.requireNonNull(root, "root");
    this.rootNode = nodes.unflushedRoot(root);
    this.root0 = root.lane(0);
    this.root1 = root.lane(1);
    this.root2 = root.lane(2);
    this.root3 = root.lane(3);
  }

  /**
   * The current root hash. The first call after writes hashes the nodes they changed, and keeps
   * this root open by hash ({@link #at}) until the next flush.
   */
  public Bytes32 root() {
    if (rootHash == null) {
      if (rootNode == null) {
        rootHash = Bytes32.ofLanes(root0, root1, root2, root3);
      } else {
        hasher.hash(rootNode);
        rootHash = rootNode.hash();
        remember();
      }
    } else if (rootNode != null && rememberedAtFlush != nodes.flushes()) {
      // Another tree's flush made the store forget this root since it was first handed out.
      remember();
    }
    return rootHash;
  }

  private void remember() {
    if (!rootNode.isFlushed()) {
      nodes.rememberRoot(rootHash, rootNode);
    }
    rememberedAtFlush = nodes.flushes();
  }

  /**
   * A separate tree over the same node store starting at {@code root}, typically an earlier root of
   * this tree. Writes to either tree do not move the other's root. A flushed root stays readable for
   * good; a root passed between two flushes, only until the next flush (see {@link
   * TreeNodeStore#flushTo}).
   */
  public SparseMerkleTree at(Bytes32 root) {
    return new SparseMerkleTree(nodes, root);
  }

  /** The value hash stored at {@code key}, or empty when the key is absent. */
  public Optional<Bytes32> valueHash(Bytes32 key) {
    int depth = descend(key);
    if (!holdsKey(key, depth)) {
      return Optional.empty();
    }
    return Optional.of(terminalValueHash(depth));
  }

  /**
   * The preimage stored at {@code key}, or empty when the key is absent.
   *
   * @throws IllegalStateException if the leaf is present but its preimage is not stored
   */
  public Optional<byte[]> get(Bytes32 key) {
    int depth = descend(key);
    if (!holdsKey(key, depth)) {
      return Optional.empty();
    }
    if (terminalNode != null) {
      return Optional.of(terminalNode.preimage.clone());
    }
    Bytes32 hash = terminalValueHash(depth);
    return Optional.of(
        nodes
            .preimage(hash)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the preimage of value hash " + hash + " at key " + key + " is missing")));
  }

  /** Stores {@code preimage} at {@code key}: the leaf gets its keccak, the store a copy of it. */
  public void put(Bytes32 key, byte[] preimage) {
    Bytes32 valueHash = Keccak.hash32(preimage);
    int depth = descend(key);
    boolean replacing = holdsKey(key, depth);
    if (replacing && terminalValueHashEquals(valueHash, depth)) {
      return;
    }
    byte[] copy = preimage.clone();
    LeafNode leaf = new LeafNode(key, valueHash, copy);
    countNewNode();
    nodes.addPreimage(valueHash, copy);
    boolean empty = terminalNode == null && !terminalStored;
    attach(key, depth, empty || replacing ? leaf : split(key, leaf, depth));
  }

  /** Removes {@code key}; does nothing when it is absent. */
  public void delete(Bytes32 key) {
    int depth = descend(key);
    if (!holdsKey(key, depth)) {
      return;
    }
    if (depth == 0) {
      attachEmpty(key, 0);
      return;
    }
    int last = depth - 1;
    if (!siblingIsLeaf(key, last)) {
      attachEmpty(key, depth);
      return;
    }
    // The sibling leaf is now alone in its parent's subtree, and in every subtree above whose
    // other half is empty: it rises to the first level with a non-empty sibling.
    int level = last;
    while (level > 0 && siblingIsEmpty(key, level - 1)) {
      level--;
    }
    int siblingBit = 1 - key.bit(last);
    InternalNode parent = pathNodes[last];
    TreeNode sibling = parent == null ? null : parent.child(siblingBit);
    if (sibling != null) {
      attach(key, level, sibling);
    } else if (parent != null) {
      attachStored(
          key,
          level,
          parent.childLane(siblingBit, 0),
          parent.childLane(siblingBit, 1),
          parent.childLane(siblingBit, 2),
          parent.childLane(siblingBit, 3));
    } else {
      int offset = siblingOffset(key, last);
      attachStored(
          key,
          level,
          pathLanes[offset],
          pathLanes[offset + 1],
          pathLanes[offset + 2],
          pathLanes[offset + 3]);
    }
  }

  /**
   * A proof for {@code key} against the current root, of membership or non-membership. It always
   * opens {@code siblings[d−1]}, so it supports {@link SmtProof#rootAfterDelete}.
   */
  public SmtProof prove(Bytes32 key) {
    int depth = descend(key);
    List<Bytes32> siblings = new ArrayList<>(depth);
    for (int i = 0; i < depth; i++) {
      siblings.add(siblingHash(key, i));
    }
    Bytes32 leafKey = Bytes32.ZERO;
    Bytes32 leafValueHash = Bytes32.ZERO;
    if (terminalNode != null) {
      leafKey = terminalNode.key;
      leafValueHash = terminalNode.valueHash;
    } else if (terminalStored) {
      int offset = depth * STEP;
      leafKey = lanesAt(pathLanes, offset);
      leafValueHash = lanesAt(pathLanes, offset + LANES);
    }
    SmtProof.SiblingKind siblingKind = SmtProof.SiblingKind.NONE;
    Bytes32 siblingFirst = Bytes32.ZERO;
    Bytes32 siblingSecond = Bytes32.ZERO;
    if (depth > 0 && !siblingIsEmpty(key, depth - 1)) {
      InternalNode parent = pathNodes[depth - 1];
      TreeNode sibling = parent == null ? null : parent.child(1 - key.bit(depth - 1));
      if (sibling instanceof LeafNode leaf) {
        siblingKind = SmtProof.SiblingKind.LEAF;
        siblingFirst = leaf.key;
        siblingSecond = leaf.valueHash;
      } else if (sibling instanceof InternalNode internal) {
        // siblingHash() above hashed it, and with it its children.
        siblingKind = SmtProof.SiblingKind.INTERNAL;
        siblingFirst = childHash(internal, 0);
        siblingSecond = childHash(internal, 1);
      } else {
        byte kind = loadSibling(key, depth - 1);
        siblingKind =
            kind == SmtHashing.LEAF ? SmtProof.SiblingKind.LEAF : SmtProof.SiblingKind.INTERNAL;
        siblingFirst = lanesAt(siblingLanes, 0);
        siblingSecond = lanesAt(siblingLanes, LANES);
      }
    }
    return new SmtProof(
        siblings,
        terminalNode != null || terminalStored,
        leafKey,
        leafValueHash,
        siblingKind,
        siblingFirst,
        siblingSecond);
  }

  /**
   * Puts the current root's unflushed nodes and preimages into {@code batch}; see {@link
   * TreeNodeStore#flushTo} for what is kept and when to commit. The tree then lets go of its
   * in-memory nodes and reads them back through the store's cache.
   *
   * @return the number of nodes put into the batch
   */
  public int flushTo(KeyValueStore.WriteBatch batch) {
    Objects.requireNonNull(batch, "batch");
    Bytes32 flushed = root();
    int written = nodes.flushTo(batch, rootNode);
    rootNode = null;
    root0 = flushed.lane(0);
    root1 = flushed.lane(1);
    root2 = flushed.lane(2);
    root3 = flushed.lane(3);
    return written;
  }

  /**
   * Walks from the root along {@code key} to the first leaf or empty subtree, filling the path and
   * terminal scratch fields.
   *
   * @return the depth of the terminal node
   */
  private int descend(Bytes32 key) {
    terminalNode = null;
    terminalStored = false;
    TreeNode node = rootNode;
    long hash0 = root0;
    long hash1 = root1;
    long hash2 = root2;
    long hash3 = root3;
    for (int depth = 0; ; depth++) {
      if (node != null) {
        if (node instanceof LeafNode leaf) {
          terminalNode = leaf;
          return depth;
        }
        requireAboveLastBit(depth, node);
        InternalNode internal = (InternalNode) node;
        pathNodes[depth] = internal;
        if (key.bit(depth) == 0) {
          node = internal.left;
          hash0 = internal.left0;
          hash1 = internal.left1;
          hash2 = internal.left2;
          hash3 = internal.left3;
        } else {
          node = internal.right;
          hash0 = internal.right0;
          hash1 = internal.right1;
          hash2 = internal.right2;
          hash3 = internal.right3;
        }
      } else {
        if ((hash0 | hash1 | hash2 | hash3) == 0) {
          return depth;
        }
        int offset = depth * STEP;
        if (nodes.load(hash0, hash1, hash2, hash3, pathLanes, offset) == SmtHashing.LEAF) {
          terminalStored = true;
          terminal0 = hash0;
          terminal1 = hash1;
          terminal2 = hash2;
          terminal3 = hash3;
          return depth;
        }
        if (depth == MAX_DEPTH) {
          throw new IllegalStateException(
              "internal node " + Bytes32.ofLanes(hash0, hash1, hash2, hash3)
                  + " below the last key bit");
        }
        pathNodes[depth] = null;
        int child = offset + (key.bit(depth) == 0 ? 0 : LANES);
        hash0 = pathLanes[child];
        hash1 = pathLanes[child + 1];
        hash2 = pathLanes[child + 2];
        hash3 = pathLanes[child + 3];
      }
    }
  }

  private void requireAboveLastBit(int depth, TreeNode node) {
    if (depth == MAX_DEPTH) {
      hasher.hash(node);
      throw new IllegalStateException("internal node " + node.hash() + " below the last key bit");
    }
  }

  /**
   * Separates the new leaf {@code leaf} from the terminal leaf found at {@code depth}, which holds
   * another key: they part at the first bit where the keys differ, below a chain of internal nodes
   * with one empty child each.
   */
  private TreeNode split(Bytes32 key, LeafNode leaf, int depth) {
    int splitBit = firstDifferingBit(key, depth);
    int bit = key.bit(splitBit);
    InternalNode node = newInternalNode();
    node.setChild(bit, leaf);
    if (terminalNode != null) {
      node.setChild(1 - bit, terminalNode);
    } else {
      node.setChild(1 - bit, terminal0, terminal1, terminal2, terminal3);
    }
    for (int i = splitBit - 1; i >= depth; i--) {
      InternalNode parent = newInternalNode();
      parent.setChild(key.bit(i), node);
      node = parent;
    }
    return node;
  }

  /** Makes {@code node} the subtree at {@code depth} on the path of {@code key}. */
  private void attach(Bytes32 key, int depth, TreeNode node) {
    rootHash = null;
    if (depth == 0) {
      rootNode = node;
    } else {
      writablePath(key, depth).setChild(key.bit(depth - 1), node);
    }
  }

  /** Makes the subtree at {@code depth} on the path of {@code key} empty. */
  private void attachEmpty(Bytes32 key, int depth) {
    attachStored(key, depth, 0, 0, 0, 0);
  }

  /**
   * Makes the stored node (or empty subtree) with hash lanes {@code hash0}…{@code hash3} the
   * subtree at {@code depth} on the path of {@code key}.
   */
  private void attachStored(
      Bytes32 key, int depth, long hash0, long hash1, long hash2, long hash3) {
    rootHash = null;
    if (depth == 0) {
      rootNode = null;
      root0 = hash0;
      root1 = hash1;
      root2 = hash2;
      root3 = hash3;
    } else {
      writablePath(key, depth).setChild(key.bit(depth - 1), hash0, hash1, hash2, hash3);
    }
  }

  /**
   * Makes the internal nodes at depths 0 to {@code depth − 1} on the path found by {@link
   * #descend} unfrozen in-memory nodes, linked from the root down: stored nodes are copied into
   * memory, frozen ones are copied, unfrozen ones (written since the last root) are kept.
   *
   * @return the node at {@code depth − 1}
   */
  private InternalNode writablePath(Bytes32 key, int depth) {
    InternalNode parent = null;
    for (int i = 0; i < depth; i++) {
      InternalNode node = pathNodes[i];
      if (node == null) {
        node = newInternalNode();
        int offset = i * STEP;
        node.setChild(
            0, pathLanes[offset], pathLanes[offset + 1], pathLanes[offset + 2],
            pathLanes[offset + 3]);
        node.setChild(
            1, pathLanes[offset + 4], pathLanes[offset + 5], pathLanes[offset + 6],
            pathLanes[offset + 7]);
        pathNodes[i] = node;
      } else if (node.isFrozen()) {
        node = new InternalNode(node);
        countNewNode();
        pathNodes[i] = node;
      }
      if (parent == null) {
        rootNode = node;
      } else {
        parent.setChild(key.bit(i - 1), node);
      }
      parent = node;
    }
    return parent;
  }

  private InternalNode newInternalNode() {
    countNewNode();
    return new InternalNode();
  }

  private void countNewNode() {
    nodes.nodeCreated();
  }

  /** Whether the terminal found by {@link #descend} at {@code depth} is the leaf of {@code key}. */
  private boolean holdsKey(Bytes32 key, int depth) {
    if (terminalNode != null) {
      return terminalNode.key.equals(key);
    }
    if (!terminalStored) {
      return false;
    }
    int offset = depth * STEP;
    return pathLanes[offset] == key.lane(0)
        && pathLanes[offset + 1] == key.lane(1)
        && pathLanes[offset + 2] == key.lane(2)
        && pathLanes[offset + 3] == key.lane(3);
  }

  private Bytes32 terminalValueHash(int depth) {
    return terminalNode != null
        ? terminalNode.valueHash
        : lanesAt(pathLanes, depth * STEP + LANES);
  }

  private boolean terminalValueHashEquals(Bytes32 valueHash, int depth) {
    if (terminalNode != null) {
      return terminalNode.valueHash.equals(valueHash);
    }
    int offset = depth * STEP + LANES;
    return pathLanes[offset] == valueHash.lane(0)
        && pathLanes[offset + 1] == valueHash.lane(1)
        && pathLanes[offset + 2] == valueHash.lane(2)
        && pathLanes[offset + 3] == valueHash.lane(3);
  }

  /** The first bit where the key of the terminal leaf at {@code depth} differs from {@code key}. */
  private int firstDifferingBit(Bytes32 key, int depth) {
    int offset = depth * STEP;
    for (int i = 0; i < LANES; i++) {
      long other = terminalNode != null ? terminalNode.key.lane(i) : pathLanes[offset + i];
      long diff = key.lane(i) ^ other;
      if (diff != 0) {
        // Little-endian lanes: the lowest differing byte is the first in key order.
        int byteInLane = Long.numberOfTrailingZeros(diff) >>> 3;
        int differing = (int) (diff >>> (byteInLane * 8)) & 0xff;
        return (i * Long.BYTES + byteInLane) * 8 + Integer.numberOfLeadingZeros(differing) - 24;
      }
    }
    throw new IllegalStateException("the terminal leaf holds the key itself");
  }

  /** Where, in {@link #pathLanes}, the sibling at {@code depth} of the path of {@code key} sits. */
  private static int siblingOffset(Bytes32 key, int depth) {
    return depth * STEP + (key.bit(depth) == 0 ? LANES : 0);
  }

  /** Whether the sibling of the path node at depth {@code depth + 1} is the empty subtree. */
  private boolean siblingIsEmpty(Bytes32 key, int depth) {
    InternalNode parent = pathNodes[depth];
    if (parent != null) {
      return parent.isEmpty(1 - key.bit(depth));
    }
    int offset = siblingOffset(key, depth);
    return (pathLanes[offset] | pathLanes[offset + 1] | pathLanes[offset + 2]
            | pathLanes[offset + 3])
        == 0;
  }

  /** Whether the sibling of the path node at depth {@code depth + 1} is a leaf. */
  private boolean siblingIsLeaf(Bytes32 key, int depth) {
    InternalNode parent = pathNodes[depth];
    TreeNode sibling = parent == null ? null : parent.child(1 - key.bit(depth));
    if (sibling != null) {
      return sibling instanceof LeafNode;
    }
    return !siblingIsEmpty(key, depth) && loadSibling(key, depth) == SmtHashing.LEAF;
  }

  /**
   * Loads the stored, non-empty sibling of the path node at depth {@code depth + 1} into {@link
   * #siblingLanes} and returns its kind.
   */
  private byte loadSibling(Bytes32 key, int depth) {
    InternalNode parent = pathNodes[depth];
    int bit = 1 - key.bit(depth);
    if (parent != null) {
      return nodes.load(
          parent.childLane(bit, 0),
          parent.childLane(bit, 1),
          parent.childLane(bit, 2),
          parent.childLane(bit, 3),
          siblingLanes,
          0);
    }
    int offset = siblingOffset(key, depth);
    return nodes.load(
        pathLanes[offset],
        pathLanes[offset + 1],
        pathLanes[offset + 2],
        pathLanes[offset + 3],
        siblingLanes,
        0);
  }

  /** The hash of the sibling of the path node at depth {@code depth + 1}, hashing it if needed. */
  private Bytes32 siblingHash(Bytes32 key, int depth) {
    InternalNode parent = pathNodes[depth];
    if (parent == null) {
      return lanesAt(pathLanes, siblingOffset(key, depth));
    }
    int bit = 1 - key.bit(depth);
    TreeNode sibling = parent.child(bit);
    if (sibling != null) {
      hasher.hash(sibling);
    }
    return childHash(parent, bit);
  }

  /** The hash of the child on side {@code bit} of {@code node}, which must be hashed already. */
  private static Bytes32 childHash(InternalNode node, int bit) {
    return Bytes32.ofLanes(
        node.childLane(bit, 0), node.childLane(bit, 1), node.childLane(bit, 2),
        node.childLane(bit, 3));
  }

  private static Bytes32 lanesAt(long[] lanes, int offset) {
    return Bytes32.ofLanes(lanes[offset], lanes[offset + 1], lanes[offset + 2], lanes[offset + 3]);
  }
}
