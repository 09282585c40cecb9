package dev.sluice.sequencer;

import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.record.Op;
import dev.sluice.state.record.Record;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.stf.RecoveredRecord;
import dev.sluice.state.stf.StateTransition;
import dev.sluice.state.stf.Status;
import dev.sluice.state.stf.TreeStateAccess;
import dev.sluice.state.store.KeyValueStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The state thread: applies logged records to the state tree in sequence order, publishes each
 * group's head to readers, receipts and the feed, and writes checkpoints.
 *
 * <p>It first recovers: it opens the tree at the last checkpoint and replays the log after it,
 * through the same code that applies live records, so the replayed roots and receipts are the ones
 * the first run computed, byte for byte. Replay ends at the first sequence the log lacks.
 *
 * <p>A checkpoint (every {@code checkpointRecords} records, every {@code checkpointInterval} while
 * records are applied, on request and at shutdown) stores the tree nodes reachable from the head's
 * root, the receipts since the previous checkpoint and the new head. It is the only place state
 * reaches the store; the log is already there. The state thread only freezes what the checkpoint
 * writes and hands it to the {@link CheckpointWriter}'s thread, then goes on applying; it waits
 * only when the next checkpoint falls due before the previous write is durable.
 */
final class StateApplier implements Runnable {
  private static final long IDLE_POLL_MILLIS = 5;
  private static final int MAX_GROUP = 512;
  private static final System.Logger LOG = System.getLogger(StateApplier.class.getName());

  private final SequencerStore store;
  private final PublishedNodes published;
  private final PublishedNodes.View treeView;
  private final TreeNodeStore nodes;
  private final BlockingQueue<LogEntry> queue;
  private final StateReader reader;
  private final WriterIndex writers;
  private final ReceiptLedger receipts;
  private final Feed feed;
  private final PipelineMetrics metrics;
  private final InstantSource clock;
  private final CheckpointWriter writer;
  private final int checkpointRecords;
  private final long checkpointIntervalMillis;
  private final int maxGroup;
  private final AtomicReference<Throwable> failure;

  /** The pending checkpoint request, shared by every caller until the state thread takes it. */
  private final AtomicReference<CompletableFuture<Long>> checkpointRequest = new AtomicReference<>();
  private final CompletableFuture<Long> replayed = new CompletableFuture<>();
  private volatile boolean stopping;

  private SparseMerkleTree tree;
  private TreeStateAccess access;
  /** The last checkpoint started; its write may still be in flight. */
  private SequencerStore.Checkpoint lastCheckpoint;
  private long lastCheckpointMillis;
  private long applied;

  StateApplier(
      SequencerStore store,
      PublishedNodes published,
      BlockingQueue<LogEntry> queue,
      StateReader reader,
      WriterIndex writers,
      ReceiptLedger receipts,
      Feed feed,
      SequencerConfig config,
      PipelineMetrics metrics,
      AtomicReference<Throwable> failure) {
    this.store = store;
    this.published = published;
    this.treeView = published.newView();
    this.nodes = new TreeNodeStore(treeView, config.stateCacheNodes());
    this.queue = queue;
    this.reader = reader;
    this.writers = writers;
    this.receipts = receipts;
    this.feed = feed;
    this.metrics = metrics;
    this.clock = config.clock();
    this.writer =
        new CheckpointWriter(
            store, reader, receipts, metrics, config.durability() == Durability.SYNC);
    this.checkpointRecords = config.checkpointRecords();
    this.checkpointIntervalMillis = config.checkpointInterval().toMillis();
    // A group reaches each feed subscriber at once; a subscriber that keeps up must have room for
    // two, or one large group would drop it.
    this.maxGroup = Math.max(1, Math.min(MAX_GROUP, config.feedBufferRecords() / 2));
    this.failure = failure;
  }

  /** Completes with the first sequence after the replayed log once recovery is done. */
  CompletableFuture<Long> replayed() {
    return replayed;
  }

  /** Completes with the sequence of the checkpoint taken (or the last one, if nothing is new). */
  CompletableFuture<Long> requestCheckpoint() {
    CompletableFuture<Long> request =
        checkpointRequest.updateAndGet(pending -> pending != null ? pending : new CompletableFuture<>());
    // A copy, so that one caller cancelling its future cannot affect another's.
    return request.copy();
  }

  /** Applies what is queued, writes a final checkpoint and ends; the log writer has stopped. */
  void stop() {
    stopping = true;
  }

  @Override
  public void run() {
    try {
      long next = replay();
      if (stopping) {
        replayed.completeExceptionally(new CancellationException("closed while replaying the log"));
      } else {
        replayed.complete(next);
        applyLive();
      }
      checkpoint();
      writer.awaitIdle();
      answerCheckpointRequest(checkpointRequest.getAndSet(null));
      writer.stop();
    } catch (InterruptedException e) {
      // Halted without a final checkpoint, as a crash would leave it; a write in flight is
      // abandoned if it can be, and waited for if it is inside the store.
      writer.halt();
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.log(System.Logger.Level.ERROR, "state application failed; the sequencer halts", e);
      failure.compareAndSet(null, e);
      replayed.completeExceptionally(e);
      failCheckpointRequest(e);
      writer.halt();
      discardUntilStopped();
    }
  }

  private long replay() throws InterruptedException {
    lastCheckpoint = store.lastCheckpoint();
    lastCheckpointMillis = clock.millis();
    applied = lastCheckpoint.sequence();
    treeView.pin(published.current());
    tree = new SparseMerkleTree(nodes, lastCheckpoint.root());
    access = new TreeStateAccess(tree);
    List<LogEntry> group = new ArrayList<>(maxGroup);
    long sequence = applied + 1;
    while (!stopping) {
      Optional<LogEntry> entry = store.logEntry(sequence);
      if (entry.isPresent()) {
        group.add(entry.get());
        sequence++;
      }
      if (group.size() == maxGroup || (entry.isEmpty() && !group.isEmpty())) {
        applyGroup(group);
        group.clear();
        checkpointIfDue();
      }
      if (entry.isEmpty()) {
        break;
      }
    }
    if (sequence > lastCheckpoint.sequence() + 1) {
      LOG.log(
          System.Logger.Level.INFO,
          "replayed the log from sequence {0} to {1}",
          lastCheckpoint.sequence() + 1,
          sequence - 1);
    }
    return sequence;
  }

  private void applyLive() throws InterruptedException {
    List<LogEntry> group = new ArrayList<>(maxGroup);
    while (true) {
      LogEntry first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
      if (first != null) {
        group.add(first);
        queue.drainTo(group, maxGroup - 1);
        applyGroup(group);
        group.clear();
      } else if (stopping) {
        return;
      }
      checkpointIfDue();
    }
  }

  private void applyGroup(List<LogEntry> group) {
    List<Feed.Item> items = new ArrayList<>(group.size());
    for (LogEntry entry : group) {
      if (entry.sequence() != applied + 1) {
        throw new IllegalStateException(
            "the log skips from sequence " + applied + " to " + entry.sequence());
      }
      RecoveredRecord input = entry.recovered();
      Status status = StateTransition.apply(access, input);
      if (status == Status.APPLIED) {
        noteWriters(input.signed().record());
      }
      Receipt receipt =
          new Receipt(
              entry.sequence(),
              entry.recordHash(),
              entry.sender(),
              status,
              tree.root(),
              entry.timestamp());
      receipts.applied(receipt);
      items.add(new Feed.Item(entry.toSequencedRecord(), receipt));
      applied = entry.sequence();
    }
    try (KeyValueStore.WriteBatch publisher = published.publisher()) {
      tree.flushTo(publisher);
      publisher.commit(false);
    }
    reader.publish(new StateReader.AppliedHead(applied, tree.root(), published.current()));
    receipts.completeWaiters(applied);
    feed.publish(items);
  }

  /** Keeps the writer index in step with the ACL leaves an applied record changed. */
  private void noteWriters(Record record) {
    if (record.op() == Op.GRANT) {
      writers.granted(record.streamBytes(), record.writer());
    } else if (record.op() == Op.REVOKE) {
      writers.revoked(record.streamBytes(), record.writer());
    }
  }

  private void checkpointIfDue() throws InterruptedException {
    CompletableFuture<Long> request = checkpointRequest.getAndSet(null);
    long since = applied - lastCheckpoint.sequence();
    boolean due =
        request != null
            || since >= checkpointRecords
            || (since > 0 && clock.millis() - lastCheckpointMillis >= checkpointIntervalMillis);
    if (due) {
      checkpoint();
    }
    answerCheckpointRequest(request);
  }

  /**
   * Freezes the state at the head for the checkpoint writer and starts a new generation of
   * published nodes; the state thread stops applying only for this and, if the previous write is
   * still in flight, for the rest of it.
   */
  private void checkpoint() throws InterruptedException {
    if (applied == lastCheckpoint.sequence()) {
      return;
    }
    long start = System.nanoTime();
    // The generation about to be frozen may point into the previous one only once that is stored.
    writer.awaitIdle();
    Bytes32 root = tree.root();
    SequencerStore.Checkpoint checkpoint = new SequencerStore.Checkpoint(applied, root);
    List<Receipt> unstored = new ArrayList<>((int) (applied - lastCheckpoint.sequence()));
    for (long sequence = lastCheckpoint.sequence() + 1; sequence <= applied; sequence++) {
      unstored.add(receipts.unstored(sequence));
    }
    PublishedNodes.Generation frozen = published.startGeneration();
    PublishedNodes.Generation successor = published.current();
    WriterIndex.Changes frozenWriters = writers.freeze();
    treeView.pin(successor);
    reader.publish(new StateReader.AppliedHead(applied, root, successor));
    writer.write(
        new CheckpointWriter.Snapshot(
            lastCheckpoint,
            checkpoint,
            frozen,
            successor,
            unstored,
            frozenWriters,
            writers.current()));
    lastCheckpoint = checkpoint;
    lastCheckpointMillis = clock.millis();
    metrics.checkpointPaused(System.nanoTime() - start);
  }

  /** Answers once the last checkpoint started is durable, with its sequence. */
  private void answerCheckpointRequest(CompletableFuture<Long> request) {
    if (request == null) {
      return;
    }
    long sequence = lastCheckpoint.sequence();
    writer
        .lastWrite()
        .whenComplete(
            (written, error) -> {
              if (error != null) {
                request.completeExceptionally(error);
              } else {
                request.complete(sequence);
              }
            });
  }

  private void failCheckpointRequest(Throwable cause) {
    CompletableFuture<Long> request = checkpointRequest.getAndSet(null);
    if (request != null) {
      request.completeExceptionally(cause);
    }
  }

  /** After a failure: keeps the log writer from blocking on a full queue until shutdown. */
  private void discardUntilStopped() {
    try {
      while (!stopping || !queue.isEmpty()) {
        queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        failCheckpointRequest(failure.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
