package dev.sluice.state.smt;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.store.KeyValueStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state tree: a binary sparse Merkle tree of 256 levels over 32-byte keys, compacted so that a
 * subtree holding a single leaf is that leaf (docs/protocol.md §3).
 *
 * <p>Leaves hold {@code keccak(preimage)}; the preimages are kept beside the nodes in the {@link
 * TreeNodeStore}. Compaction keeps a path as long as the longest prefix a key shares with another,
 * about log2(n) for n random keys, and a write hashes only along that path.
 *
 * <p>A tree is a root over a node store. Writes create new nodes and move the root; the old nodes
 * stay, so {@link #at} opens any earlier root of the same store, and {@link #flushTo} persists the
 * current one. Not thread-safe: a tree reuses scratch buffers across calls.
 */
public final class SparseMerkleTree {
  private static final int MAX_DEPTH = SmtProof.MAX_DEPTH;

  private final TreeNodeStore nodes;
  private Bytes32 root;

  // Scratch filled by descend(): the encodings of the internal nodes on the key's path, whose
  // other halves are the siblings, and the terminal leaf if there is one.
  private final byte[][] path = new byte[MAX_DEPTH][];
  private byte[] terminalLeaf;
  private Bytes32 terminalLeafHash;
  private final byte[] keyBytes = new byte[Bytes32.SIZE];

  /** The tree with root {@code root} ({@link SmtHashing#EMPTY} for an empty tree) in {@code nodes}. */
  public SparseMerkleTree(TreeNodeStore nodes, Bytes32 root) {
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.root = Objects.requireNonNull(root, "root");
  }

  /** The current root hash. */
  public Bytes32 root() {
    return root;
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
    descend(key);
    if (terminalLeaf == null || !holdsKey(terminalLeaf)) {
      return Optional.empty();
    }
    return Optional.of(Bytes32.wrap(terminalLeaf, SmtHashing.SECOND));
  }

  /**
   * The preimage stored at {@code key}, or empty when the key is absent.
   *
   * @throws IllegalStateException if the leaf is present but its preimage is not stored
   */
  public Optional<byte[]> get(Bytes32 key) {
    Optional<Bytes32> valueHash = valueHash(key);
    if (valueHash.isEmpty()) {
      return Optional.empty();
    }
    Bytes32 hash = valueHash.get();
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
    byte[] leaf = SmtHashing.leafNode(key, valueHash);
    Bytes32 node;
    if (terminalLeaf == null) {
      node = nodes.add(leaf);
    } else if (holdsKey(terminalLeaf)) {
      if (Arrays.equals(terminalLeaf, leaf)) {
        return;
      }
      node = nodes.add(leaf);
    } else {
      node = split(key, nodes.add(leaf), depth);
    }
    nodes.addPreimage(valueHash, preimage.clone());
    root = hashUp(key, node, depth);
  }

  /** Removes {@code key}; does nothing when it is absent. */
  public void delete(Bytes32 key) {
    int depth = descend(key);
    if (terminalLeaf == null || !holdsKey(terminalLeaf)) {
      return;
    }
    if (depth == 0) {
      root = SmtHashing.EMPTY;
      return;
    }
    Bytes32 sibling = sibling(key, depth - 1);
    if (!sibling.isZero() && nodes.load(sibling)[0] == SmtHashing.LEAF) {
      // The sibling leaf is now alone in its parent's subtree, and in every subtree above whose
      // other half is empty: it rises to the first level with a non-empty sibling.
      int level = depth - 1;
      while (level > 0 && isZero(path[level - 1], siblingOffset(key, level - 1))) {
        level--;
      }
      root = hashUp(key, sibling, level);
    } else {
      root = hashUp(key, SmtHashing.EMPTY, depth);
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
      siblings.add(sibling(key, i));
    }
    Bytes32 leafKey = Bytes32.ZERO;
    Bytes32 leafValueHash = Bytes32.ZERO;
    if (terminalLeaf != null) {
      leafKey = Bytes32.wrap(terminalLeaf, SmtHashing.FIRST);
      leafValueHash = Bytes32.wrap(terminalLeaf, SmtHashing.SECOND);
    }
    SmtProof.SiblingKind siblingKind = SmtProof.SiblingKind.NONE;
    Bytes32 siblingFirst = Bytes32.ZERO;
    Bytes32 siblingSecond = Bytes32.ZERO;
    if (depth > 0 && !siblings.get(depth - 1).isZero()) {
      byte[] siblingNode = nodes.load(siblings.get(depth - 1));
      siblingKind =
          siblingNode[0] == SmtHashing.LEAF
              ? SmtProof.SiblingKind.LEAF
              : SmtProof.SiblingKind.INTERNAL;
      siblingFirst = Bytes32.wrap(siblingNode, SmtHashing.FIRST);
      siblingSecond = Bytes32.wrap(siblingNode, SmtHashing.SECOND);
    }
    return new SmtProof(
        siblings,
        terminalLeaf != null,
        leafKey,
        leafValueHash,
        siblingKind,
        siblingFirst,
        siblingSecond);
  }

  /**
   * Puts the current root's unflushed nodes and preimages into {@code batch}; see {@link
   * TreeNodeStore#flushTo} for what is kept and when to commit.
   *
   * @return the number of nodes put into the batch
   */
  public int flushTo(KeyValueStore.WriteBatch batch) {
    return nodes.flushTo(batch, root);
  }

  /**
   * Walks from the root along {@code key} to the first leaf or empty subtree, filling {@link #path}
   * and {@link #terminalLeaf}, and copies the key into {@link #keyBytes}.
   *
   * @return the depth of the terminal node
   */
  private int descend(Bytes32 key) {
    key.copyTo(keyBytes, 0);
    terminalLeaf = null;
    terminalLeafHash = null;
    Bytes32 hash = root;
    int depth = 0;
    while (!hash.isZero()) {
      byte[] node = nodes.load(hash);
      if (node[0] == SmtHashing.LEAF) {
        terminalLeaf = node;
        terminalLeafHash = hash;
        return depth;
      }
      if (depth == MAX_DEPTH) {
        throw new IllegalStateException("internal node " + hash + " below the last key bit");
      }
      path[depth] = node;
      hash = Bytes32.wrap(node, childOffset(key, depth));
      depth++;
    }
    return depth;
  }

  /**
   * Separates the new leaf {@code leaf} from the terminal leaf found at {@code depth}, which holds
   * another key: they part at the first bit where the keys differ, below a chain of internal nodes
   * with one empty child each.
   */
  private Bytes32 split(Bytes32 key, Bytes32 leaf, int depth) {
    int splitBit = firstDifferingBit(terminalLeaf);
    Bytes32 node =
        nodes.add(
            key.bit(splitBit) == 0
                ? SmtHashing.internalNode(leaf, terminalLeafHash)
                : SmtHashing.internalNode(terminalLeafHash, leaf));
    for (int i = splitBit - 1; i >= depth; i--) {
      node =
          nodes.add(
              key.bit(i) == 0
                  ? SmtHashing.internalNode(node, SmtHashing.EMPTY)
                  : SmtHashing.internalNode(SmtHashing.EMPTY, node));
    }
    return node;
  }

  /**
   * Stores the new path from {@code node}, at depth {@code depth} on the path of {@code key}, up to
   * the root, taking each sibling from the old path, and returns the new root.
   */
  private Bytes32 hashUp(Bytes32 key, Bytes32 node, int depth) {
    for (int i = depth - 1; i >= 0; i--) {
      byte[] parent = new byte[SmtHashing.NODE_SIZE];
      parent[0] = SmtHashing.INTERNAL;
      int childOffset = childOffset(key, i);
      int siblingOffset = SmtHashing.FIRST + SmtHashing.SECOND - childOffset;
      node.copyTo(parent, childOffset);
      System.arraycopy(path[i], siblingOffset, parent, siblingOffset, Bytes32.SIZE);
      node = nodes.add(parent);
    }
    return node;
  }

  private Bytes32 sibling(Bytes32 key, int depth) {
    return Bytes32.wrap(path[depth], siblingOffset(key, depth));
  }

  /** Where, in the internal node at {@code depth}, the child on the path of {@code key} sits. */
  private static int childOffset(Bytes32 key, int depth) {
    return key.bit(depth) == 0 ? SmtHashing.FIRST : SmtHashing.SECOND;
  }

  private static int siblingOffset(Bytes32 key, int depth) {
    return key.bit(depth) == 0 ? SmtHashing.SECOND : SmtHashing.FIRST;
  }

  private boolean holdsKey(byte[] leaf) {
    return Arrays.equals(
        leaf, SmtHashing.FIRST, SmtHashing.FIRST + Bytes32.SIZE, keyBytes, 0, Bytes32.SIZE);
  }

  /** The first bit where the key of {@code leaf} differs from {@link #keyBytes}. */
  private int firstDifferingBit(byte[] leaf) {
    int index =
        Arrays.mismatch(
            leaf, SmtHashing.FIRST, SmtHashing.FIRST + Bytes32.SIZE, keyBytes, 0, Bytes32.SIZE);
    int diff = (leaf[SmtHashing.FIRST + index] ^ keyBytes[index]) & 0xff;
    return index * 8 + Integer.numberOfLeadingZeros(diff) - 24;
  }

  private static boolean isZero(byte[] node, int offset) {
    for (int i = offset; i < offset + Bytes32.SIZE; i++) {
      if (node[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
