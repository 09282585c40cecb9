package dev.sluice.sequencer;

import dev.sluice.state.stf.Receipt;
import dev.sluice.state.store.KeyValueStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Writes checkpoints to the store on a thread of its own, so that the state thread goes on applying
 * records while LevelDB takes tens of milliseconds over a checkpoint's batch.
 *
 * <p>The state thread hands over a {@link Snapshot}: a frozen generation of published nodes, the
 * receipts since the previous checkpoint, their changes to the {@link WriterIndex} and the new
 * checkpoint. The writer puts the generation's nodes reachable from the checkpoint root in chunks
 * of {@value #NODE_CHUNK} (unsynced: nodes are content-addressed, so nodes without a head naming
 * them are harmless, and the chunks let the log writer's commits interleave instead of queueing
 * behind one large batch), then one batch with the receipts, the writer index changes and the
 * checkpoint's metadata, synced under {@link Durability#SYNC}. LevelDB's log keeps writes in order,
 * so once the metadata survives a crash every chunk before it does. Recovery therefore sees either
 * the previous checkpoint or this one, whole.
 *
 * <p>Only after that last commit do readers lose the generation (its successor stops reading
 * through to it), receipts leave memory and the checkpoint becomes the retained state it names. One
 * write is in flight at a time; the state thread {@linkplain #awaitIdle waits} for it before it
 * starts the next.
 */
final class CheckpointWriter {
  static final int NODE_CHUNK = 4096;
  private static final System.Logger LOG = System.getLogger(CheckpointWriter.class.getName());
  private static final long STOP_MILLIS = 30_000;

  /**
   * Everything one checkpoint writes, immutable once handed over.
   *
   * @param previous the checkpoint before, whose write is durable
   * @param nodes the generation of nodes published since {@code previous}, no longer changing
   * @param successor the generation that reads through to {@code nodes} until this write is durable
   * @param receipts the receipts of {@code (previous.sequence, checkpoint.sequence]} in order
   * @param writers the grants and revokes of those records, no longer changing
   * @param writersSuccessor the changes that read through to {@code writers} until this write is
   *     durable
   */
  record Snapshot(
      SequencerStore.Checkpoint previous,
      SequencerStore.Checkpoint checkpoint,
      PublishedNodes.Generation nodes,
      PublishedNodes.Generation successor,
      List<Receipt> receipts,
      WriterIndex.Changes writers,
      WriterIndex.Changes writersSuccessor) {
    Snapshot {
      receipts = List.copyOf(receipts);
    }
  }

  private final SequencerStore store;
  private final StateReader reader;
  private final ReceiptLedger receipts;
  private final PipelineMetrics metrics;
  private final boolean sync;
  private final ExecutorService thread;
  private CompletableFuture<SequencerStore.Checkpoint> inFlight =
      CompletableFuture.completedFuture(null);

  CheckpointWriter(
      SequencerStore store,
      StateReader reader,
      ReceiptLedger receipts,
      PipelineMetrics metrics,
      boolean sync) {
    this.store = store;
    this.reader = reader;
    this.receipts = receipts;
    this.metrics = metrics;
    this.sync = sync;
    this.thread =
        Executors.newSingleThreadExecutor(
            work -> {
              Thread writer = new Thread(work, "sluice-checkpoint");
              writer.setDaemon(true);
              return writer;
            });
  }

  /**
   * Starts writing {@code snapshot}; the previous write must be done ({@link #awaitIdle}). Called
   * by the state thread only.
   *
   * @return completes with the checkpoint once it is durable, or fails with the write's error
   */
  CompletableFuture<SequencerStore.Checkpoint> write(Snapshot snapshot) {
    if (!inFlight.isDone()) {
      throw new IllegalStateException("a checkpoint write is still in flight");
    }
    try {
      inFlight = CompletableFuture.supplyAsync(() -> writeNow(snapshot), thread);
    } catch (RejectedExecutionException e) {
      inFlight = CompletableFuture.failedFuture(new IllegalStateException("the writer stopped", e));
    }
    return inFlight;
  }

  /** The write in flight, or the last one; completes with null before the first. */
  CompletableFuture<SequencerStore.Checkpoint> lastWrite() {
    return inFlight;
  }

  /**
   * Waits until no write is in flight.
   *
   * @throws IllegalStateException if the last write failed: the sequencer must halt, since the
   *     published nodes it held can no longer be released
   */
  void awaitIdle() throws InterruptedException {
    try {
      inFlight.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the checkpoint write failed: " + e.getCause(), e.getCause());
    }
  }

  /** Lets the write in flight finish and stops the thread. */
  void stop() {
    thread.shutdown();
    awaitTermination();
  }

  /**
   * Stops at once, as a crash would: a write blocked in an interruptible wait is abandoned. Waits
   * for a write inside the store to return, so the store can be closed after.
   */
  void halt() {
    thread.shutdownNow();
    awaitTermination();
  }

  private void awaitTermination() {
    boolean interrupted = Thread.interrupted();
    try {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
      while (true) {
        try {
          if (!thread.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            LOG.log(System.Logger.Level.WARNING, "the checkpoint writer did not stop in time");
          }
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private SequencerStore.Checkpoint writeNow(Snapshot snapshot) {
    long start = System.nanoTime();
    KeyValueStore kv = store.keyValueStore();
    int[] nodeCount = new int[1];
    KeyValueStore.WriteBatch[] chunk = {kv.newWriteBatch()};
    try {
      nodeCount[0] =
          PublishedNodes.persistReachable(
              snapshot.nodes(),
              snapshot.checkpoint().root(),
              (key, value) -> {
                chunk[0].put(key, value);
                if (chunk[0].size() >= NODE_CHUNK) {
                  chunk[0].commit(false);
                  chunk[0].close();
                  chunk[0] = kv.newWriteBatch();
                }
              });
      for (Receipt receipt : snapshot.receipts()) {
        store.putReceipt(chunk[0], receipt);
      }
      WriterIndex.putTo(snapshot.writers(), chunk[0]);
      store.putCheckpoint(chunk[0], snapshot.checkpoint());
      chunk[0].commit(sync);
    } finally {
      chunk[0].close();
    }
    // Only now that the store has them may the published nodes and receipts go.
    PublishedNodes.persisted(snapshot.successor());
    WriterIndex.persisted(snapshot.writersSuccessor());
    reader.checkpointed(snapshot.checkpoint().sequence());
    receipts.stored(snapshot.previous().sequence(), snapshot.checkpoint().sequence());
    long nanos = System.nanoTime() - start;
    metrics.checkpointed(nanos);
    LOG.log(
        System.Logger.Level.DEBUG,
        "checkpoint at sequence {0}: {1} nodes and {2} receipts written in {3} ms",
        snapshot.checkpoint().sequence(),
        nodeCount[0],
        snapshot.receipts().size(),
        nanos / 1_000_000);
    return snapshot.checkpoint();
  }
}
