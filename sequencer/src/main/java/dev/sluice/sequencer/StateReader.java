package dev.sluice.sequencer;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.RecordLimits;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.stf.StateKeys;
import dev.sluice.state.stf.StreamLeaf;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Function;

/**
 * Reads of the applied state from any thread: account nonces, stream leaves and entry proofs.
 *
 * <p>The state thread's tree is not thread-safe, so readers never touch it. The state thread
 * {@linkplain #publish publishes} a head (sequence, root and the generation of {@link
 * PublishedNodes} holding its unstored nodes) after each group it applies; a read takes the head
 * once and walks the tree at that root through a reader of its own. Readers are pooled, each a
 * {@link TreeNodeStore} with a small cache; when all are busy a read uses a fresh uncached one, so
 * a read never waits for another.
 *
 * <p>Retention: entry proofs are served at the head and at every checkpoint, whose nodes are all
 * stored. Per-record roots between checkpoints are not kept as trees (their nodes are dropped at
 * the next checkpoint); their receipts still carry them.
 */
final class StateReader {

  /**
   * The state after record {@code sequence} (−1: before the first), with root {@code root}, whose
   * nodes are in the store or in {@code nodes}.
   */
  record AppliedHead(long sequence, Bytes32 root, PublishedNodes.Generation nodes) {}

  private final PublishedNodes published;
  private final SequencerStore store;
  private final ArrayBlockingQueue<Reader> pool;
  private volatile AppliedHead head;
  private volatile long lastCheckpoint;
  private final String retention;

  StateReader(
      PublishedNodes published,
      SequencerStore store,
      SequencerStore.Checkpoint checkpoint,
      int pooledReaders,
      int readerCacheNodes,
      String retention) {
    this.published = published;
    this.store = store;
    this.pool = new ArrayBlockingQueue<>(pooledReaders);
    for (int i = 0; i < pooledReaders; i++) {
      pool.add(new Reader(published, readerCacheNodes));
    }
    this.head = new AppliedHead(checkpoint.sequence(), checkpoint.root(), published.current());
    this.lastCheckpoint = checkpoint.sequence();
    this.retention = retention;
  }

  AppliedHead head() {
    return head;
  }

  /** Makes {@code head} the state readers see; called by the state thread. */
  void publish(AppliedHead head) {
    this.head = head;
  }

  /** Notes the sequence of the last checkpoint, for the retention message. */
  void checkpointed(long sequence) {
    lastCheckpoint = sequence;
  }

  /** The account's next nonce in the state {@code at}. */
  long nonce(Address account, AppliedHead at) {
    return read(at.root(), at.nodes(), tree -> tree.get(StateKeys.account(account)))
        .map(preimage -> LogEntry.readLong(preimage, 0))
        .orElse(0L);
  }

  /** The stream's leaf at the head. */
  Optional<StreamLeaf> stream(String stream) {
    byte[] name = streamBytes(stream);
    AppliedHead at = head;
    return read(at.root(), at.nodes(), tree -> tree.get(StateKeys.stream(name)))
        .map(StreamLeaf::decode);
  }

  /** See {@link Sequencer#entry}. */
  EntryProof entry(String stream, byte[] key, OptionalLong atSequence) {
    byte[] name = streamBytes(stream);
    if (key.length < 1 || key.length > RecordLimits.MAX_ENTRY_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "an entry key is 1 to "
              + RecordLimits.MAX_ENTRY_KEY_LENGTH
              + " bytes, got "
              + key.length);
    }
    Bytes32 treeKey = StateKeys.entry(name, key);
    AppliedHead at = head;
    long sequence = at.sequence();
    Bytes32 root = at.root();
    if (atSequence.isPresent() && atSequence.getAsLong() != at.sequence()) {
      sequence = atSequence.getAsLong();
      root = retainedRoot(sequence, at);
    }
    Bytes32 provenRoot = root;
    long provenSequence = sequence;
    return read(
        root,
        at.nodes(),
        tree ->
            new EntryProof(
                provenRoot, provenSequence, treeKey, tree.get(treeKey), tree.prove(treeKey)));
  }

  private Bytes32 retainedRoot(long sequence, AppliedHead at) {
    if (sequence < 0 || sequence > at.sequence()) {
      throw new IllegalArgumentException(
          "sequence " + sequence + " is not applied; the applied head is " + at.sequence());
    }
    return store
        .checkpointRoot(sequence)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no state is retained at sequence "
                        + sequence
                        + ": entry proofs are served at the head ("
                        + at.sequence()
                        + ") and at checkpoints ("
                        + retention
                        + "; the last at "
                        + lastCheckpoint
                        + ")"));
  }

  private <T> T read(
      Bytes32 root, PublishedNodes.Generation nodes, Function<SparseMerkleTree, T> read) {
    Reader reader = pool.poll();
    boolean pooled = reader != null;
    if (!pooled) {
      reader = new Reader(published, 0);
    }
    try {
      reader.view.pin(nodes);
      return read.apply(new SparseMerkleTree(reader.nodes, root));
    } finally {
      if (pooled) {
        pool.offer(reader);
      }
    }
  }

  /** The stream name's bytes; fails with {@link IllegalArgumentException} for a malformed one. */
  static byte[] streamBytes(String stream) {
    int length = stream.length();
    if (length < 1 || length > RecordLimits.MAX_STREAM_LENGTH) {
      throw new IllegalArgumentException(
          "a stream name is 1 to " + RecordLimits.MAX_STREAM_LENGTH + " characters, got " + length);
    }
    for (int i = 0; i < length; i++) {
      char c = stream.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            "a stream name is printable ASCII without spaces; character " + i + " is not");
      }
    }
    return stream.getBytes(StandardCharsets.US_ASCII);
  }

  /** One thread's way into the tree: a node store over a view pinned per read. */
  private static final class Reader {
    final PublishedNodes.View view;
    final TreeNodeStore nodes;

    Reader(PublishedNodes published, int cacheNodes) {
      this.view = published.newView();
      this.nodes = new TreeNodeStore(view, cacheNodes);
    }
  }
}
