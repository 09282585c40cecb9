package dev.sluice.sequencer;

import dev.sluice.state.store.KeyValueStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The thread that writes ordered records to the log with group commit, acknowledges them once
 * durable, and hands them to state application.
 *
 * <p>A group is one write batch: the records waiting when a commit may start. A commit starts when
 * {@code groupRecords} records wait, or when {@code groupInterval} has passed since the previous
 * commit started; so a lone record on an idle sequencer is written at once, and under load commits
 * (and fsyncs) happen at most once per interval with everything that arrived meanwhile. Under
 * {@link Durability#SYNC} each batch is fsynced before any of its records is acknowledged; under
 * {@link Durability#ASYNC} it is acknowledged once written to the operating system, and fsynced
 * when the last fsync is older than the sync interval (also when idle).
 *
 * <p>Acknowledgements complete on this thread, so actions attached to them must not block; see
 * {@link Sequencer#submit}. If a write fails the log is in an unknown state: the group's submitters
 * get the storage error, the pipeline halts, and every later submission fails.
 */
final class WriteAheadLog implements Runnable {
  private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final BlockingQueue<Submission> queue;
  private final BlockingQueue<LogEntry> applyQueue;
  private final SequencerStore store;
  private final Durability durability;
  private final long groupIntervalNanos;
  private final int groupRecords;
  private final long asyncSyncNanos;
  private final PipelineMetrics metrics;
  private final AtomicReference<Throwable> failure;
  private volatile boolean stopping;
  private long lastCommitNanos;
  private long lastSyncNanos;
  private boolean unsynced;

  WriteAheadLog(
      BlockingQueue<Submission> queue,
      BlockingQueue<LogEntry> applyQueue,
      SequencerStore store,
      SequencerConfig config,
      PipelineMetrics metrics,
      AtomicReference<Throwable> failure) {
    this.queue = queue;
    this.applyQueue = applyQueue;
    this.store = store;
    this.durability = config.durability();
    this.groupIntervalNanos = config.groupCommitInterval().toNanos();
    this.groupRecords = config.groupCommitRecords();
    this.asyncSyncNanos = config.asyncSyncInterval().toNanos();
    this.metrics = metrics;
    this.failure = failure;
    this.lastCommitNanos = System.nanoTime() - groupIntervalNanos;
    this.lastSyncNanos = System.nanoTime();
  }

  /** Writes what is queued and ends; the ordering loop has stopped. */
  void stop() {
    stopping = true;
  }

  @Override
  public void run() {
    List<Submission> group = new ArrayList<>(Math.min(groupRecords, 4096));
    try {
      while (true) {
        Submission first = queue.poll(idleWaitNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
          if (stopping) {
            break;
          }
          syncIfDue();
          continue;
        }
        group.add(first);
        fill(group);
        if (failure.get() == null) {
          commit(group);
        } else {
          failAll(group, failure.get());
        }
        group.clear();
      }
      if (unsynced && failure.get() == null) {
        sync();
      }
    } catch (InterruptedException e) {
      // Halted without draining, as a crash would leave it.
      Thread.currentThread().interrupt();
    }
  }

  /** Adds records to the group until it is full or the next commit may start. */
  private void fill(List<Submission> group) throws InterruptedException {
    long deadline = lastCommitNanos + groupIntervalNanos;
    while (group.size() < groupRecords) {
      queue.drainTo(group, groupRecords - group.size());
      long wait = deadline - System.nanoTime();
      if (group.size() >= groupRecords || wait <= 0) {
        return;
      }
      Submission next = queue.poll(wait, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      group.add(next);
    }
  }

  private void commit(List<Submission> group) throws InterruptedException {
    long start = System.nanoTime();
    boolean sync = durability == Durability.SYNC || start - lastSyncNanos >= asyncSyncNanos;
    try (KeyValueStore.WriteBatch batch = store.keyValueStore().newWriteBatch()) {
      for (Submission submission : group) {
        store.putLogEntry(batch, submission.entry);
      }
      batch.commit(sync);
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
      failAll(group, e);
      return;
    }
    long end = System.nanoTime();
    lastCommitNanos = start;
    if (sync) {
      lastSyncNanos = start;
      unsynced = false;
    } else {
      unsynced = true;
    }
    metrics.logCommitted(end - start);
    for (Submission submission : group) {
      LogEntry entry = submission.entry;
      metrics.acknowledged(end - submission.submittedNanos);
      submission.acknowledgement.complete(
          new Acknowledgement(entry.sequence(), entry.recordHash()));
    }
    for (Submission submission : group) {
      // Blocks while state application is behind, which in turn fills this queue and makes the
      // ordering loop refuse records: back-pressure from the slowest stage to the clients.
      applyQueue.put(submission.entry);
    }
  }

  private void syncIfDue() {
    if (!unsynced || failure.get() != null || System.nanoTime() - lastSyncNanos < asyncSyncNanos) {
      return;
    }
    sync();
  }

  /** An empty synced batch: LevelDB fsyncs its log, and with it every write before. */
  private void sync() {
    long start = System.nanoTime();
    try (KeyValueStore.WriteBatch batch = store.keyValueStore().newWriteBatch()) {
      batch.commit(true);
      lastSyncNanos = start;
      unsynced = false;
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private long idleWaitNanos() {
    if (!unsynced) {
      return IDLE_POLL_NANOS;
    }
    return Math.max(
        1, Math.min(IDLE_POLL_NANOS, lastSyncNanos + asyncSyncNanos - System.nanoTime()));
  }

  private static void failAll(List<Submission> group, Throwable cause) {
    for (Submission submission : group) {
      submission.acknowledgement.completeExceptionally(PipelinedSequencer.halted(cause));
    }
  }
}
