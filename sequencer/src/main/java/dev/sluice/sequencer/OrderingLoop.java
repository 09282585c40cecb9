package dev.sluice.sequencer;

import dev.sluice.sequencer.SubmissionRejectedException.Reason;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The single thread that gives records their sequence numbers and timestamps, in the order they
 * arrive from signature recovery, subject to the {@link NonceBook}'s nonce policy.
 *
 * <p>It never blocks on I/O and never waits for room downstream: it admits a record only while the
 * log queue has room for it and for every record its sender may have held, so sequencing a released
 * run never finds the queue full, and refuses with {@code BUSY} otherwise. Once a record has a
 * sequence number it reaches the log.
 */
final class OrderingLoop implements Runnable {
  /** How long the loop waits for a record before it looks at held records' deadlines again. */
  private static final long IDLE_POLL_MILLIS = 5;

  private static final int MAX_DRAIN = 256;

  /** Re-reads of a sender's nonce before a record is refused as {@code BUSY}. */
  private static final int MAX_REFRESHES = 3;

  private final BlockingQueue<Submission> inbox;
  private final BlockingQueue<Submission> logQueue;
  private final NonceBook book;
  private final Consumer<Submission> refresh;
  private final LongSupplier appliedSequence;
  private final InstantSource clock;
  private final PipelineMetrics metrics;
  private final AtomicReference<Throwable> failure;
  private final int reserve;

  private volatile boolean paused;
  private volatile boolean stopping;
  private volatile long nextSequence;
  private long lastTimestamp;

  /**
   * @param refresh sends a record whose nonce snapshot is stale back for a fresh read
   * @param appliedSequence the last applied (and published) sequence
   * @param failure set once some stage failed; the loop then refuses everything
   * @param holdAhead the book's hold window, kept free in the log queue
   */
  OrderingLoop(
      BlockingQueue<Submission> inbox,
      BlockingQueue<Submission> logQueue,
      NonceBook book,
      Consumer<Submission> refresh,
      LongSupplier appliedSequence,
      InstantSource clock,
      PipelineMetrics metrics,
      AtomicReference<Throwable> failure,
      int holdAhead) {
    this.inbox = inbox;
    this.logQueue = logQueue;
    this.book = book;
    this.refresh = refresh;
    this.appliedSequence = appliedSequence;
    this.clock = clock;
    this.metrics = metrics;
    this.failure = failure;
    this.reserve = holdAhead + 1;
  }

  /**
   * Sets the first sequence to hand out and the timestamp of the record before it, which later
   * timestamps never go below; called before the thread starts.
   */
  void startAt(long sequence, long previousTimestamp) {
    nextSequence = sequence;
    lastTimestamp = previousTimestamp;
  }

  /** The sequence the next admitted record gets. */
  long nextSequence() {
    return nextSequence;
  }

  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
  }

  boolean isPaused() {
    return paused;
  }

  /** Finishes what is queued, refuses what is held, and ends; the producers have stopped. */
  void stop() {
    stopping = true;
  }

  @Override
  public void run() {
    List<Submission> arrivals = new ArrayList<>(MAX_DRAIN);
    try {
      while (true) {
        Submission first = inbox.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        long now = clock.millis();
        housekeeping(now);
        if (first == null) {
          if (stopping) {
            break;
          }
          continue;
        }
        arrivals.add(first);
        inbox.drainTo(arrivals, MAX_DRAIN - 1);
        for (Submission submission : arrivals) {
          admit(submission, now);
        }
        arrivals.clear();
      }
      refuse(
          book.releaseAll(Reason.BUSY, "the sequencer is shutting down; retry elsewhere or later"));
    } catch (InterruptedException e) {
      // Halted without draining, as a crash would leave it.
      Thread.currentThread().interrupt();
    }
  }

  private void housekeeping(long now) {
    book.forgetApplied(appliedSequence.getAsLong());
    refuse(book.expire(now));
    if (paused && book.heldCount() > 0) {
      refuse(book.releaseAll(Reason.PAUSED, "ordering was paused by an operator; retry later"));
    }
  }

  private void admit(Submission submission, long now) {
    Throwable failed = failure.get();
    if (failed != null) {
      submission.acknowledgement.completeExceptionally(PipelinedSequencer.halted(failed));
      return;
    }
    if (paused) {
      submission.reject(Reason.PAUSED, "ordering is paused by an operator; retry later", metrics);
      return;
    }
    if (logQueue.remainingCapacity() < reserve) {
      submission.reject(Reason.BUSY, "the log writer is behind; retry shortly", metrics);
      return;
    }
    switch (book.admit(submission, now)) {
      case NonceBook.Admission.Ready ready -> sequence(ready.inOrder(), now);
      case NonceBook.Admission.Held held -> {}
      case NonceBook.Admission.Refused refused ->
          submission.reject(refused.reason(), refused.message(), metrics);
      case NonceBook.Admission.Stale stale -> {
        if (submission.refreshes++ < MAX_REFRESHES) {
          refresh.accept(submission);
        } else {
          submission.reject(Reason.BUSY, "the sender's nonce keeps changing; retry", metrics);
        }
      }
    }
  }

  private void sequence(List<Submission> run, long now) {
    // Timestamps never go backwards, even if the clock does.
    long timestamp = Math.max(lastTimestamp, now);
    lastTimestamp = timestamp;
    long sequence = nextSequence;
    for (Submission submission : run) {
      submission.entry =
          new LogEntry(
              sequence++,
              timestamp,
              submission.sender,
              submission.signed,
              submission.encoded,
              submission.recordHash,
              submission.digest);
    }
    book.sequenced(run.get(0).sender, sequence - 1);
    // Published before the log can acknowledge: whoever holds an acknowledgement must find its
    // sequence handed out (receiptOf checks).
    nextSequence = sequence;
    metrics.sequenced(run.size());
    logQueue.addAll(run);
  }

  private void refuse(List<NonceBook.Refusal> refusals) {
    for (NonceBook.Refusal refusal : refusals) {
      refusal.submission().reject(refusal.reason(), refusal.message(), metrics);
    }
  }
}
