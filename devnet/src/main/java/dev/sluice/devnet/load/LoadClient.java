package dev.sluice.devnet.load;

import dev.sluice.state.record.SignedRecord;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One gateway: its transport and its pre-signed records, sent in nonce order with at most {@code
 * window} unacknowledged.
 *
 * <p>In open loop the pacer says when each record is due; a record due while the window is full
 * waits in the backlog and goes out when an acknowledgement frees a slot, keeping its due time. A
 * window above 1 pipelines; it stays within the sequencer's nonce hold (64), which releases records
 * that arrive out of order once their predecessors come, for up to 2 s. In closed loop each
 * acknowledgement sends the next record at once.
 *
 * <p>Completions arrive on the transport's threads; the lock only guards the counters, never a
 * send.
 */
final class LoadClient {
  private final RecordTransport transport;
  private final List<SignedRecord> records;
  private final int window;
  private final LoadMeasurements measurements;
  private final ScheduledExecutorService retryTimer;

  // Guarded by this.
  private int nextRecord;
  private int inFlight;
  private final ArrayDeque<Long> backlog = new ArrayDeque<>();
  private boolean closedLoop;
  private boolean stopped;
  private long exhausted;

  LoadClient(
      RecordTransport transport,
      List<SignedRecord> records,
      int window,
      LoadMeasurements measurements,
      ScheduledExecutorService retryTimer) {
    this.transport = transport;
    this.records = records;
    this.window = window;
    this.measurements = measurements;
    this.retryTimer = retryTimer;
  }

  /** Open loop: the next record is due at {@code dueNanos}. */
  void due(long dueNanos) {
    Submission submission;
    synchronized (this) {
      if (nextRecord + backlog.size() >= records.size()) {
        exhausted++;
        return;
      }
      measurements.due(dueNanos);
      if (inFlight >= window || !backlog.isEmpty()) {
        backlog.add(dueNanos);
        return;
      }
      submission = take(dueNanos);
    }
    send(submission);
  }

  /** Closed loop: fills the window now, then sends the next record on every completion. */
  void startClosedLoop() {
    Submission[] first;
    synchronized (this) {
      closedLoop = true;
      int count = Math.min(window, records.size() - nextRecord);
      first = new Submission[count];
      long now = System.nanoTime();
      for (int i = 0; i < count; i++) {
        measurements.due(now);
        first[i] = take(now);
      }
    }
    for (Submission submission : first) {
      send(submission);
    }
  }

  /** Sends nothing more; what is in flight completes, backlogged records are dropped. */
  synchronized void stop() {
    stopped = true;
    backlog.clear();
  }

  synchronized boolean idle() {
    return inFlight == 0 && backlog.isEmpty();
  }

  synchronized int inFlight() {
    return inFlight;
  }

  synchronized int backlog() {
    return backlog.size();
  }

  /** Records that were due after this client had sent all it had. */
  synchronized long exhausted() {
    return exhausted;
  }

  void close() {
    transport.close();
  }

  private Submission take(long dueNanos) {
    inFlight++;
    return new Submission(records.get(nextRecord++), dueNanos);
  }

  private void send(Submission submission) {
    long sent = System.nanoTime();
    if (submission.firstSent == 0) {
      submission.firstSent = sent;
    }
    transport
        .send(submission.record)
        .whenComplete((ack, failure) -> completed(submission, failure));
  }

  private void completed(Submission submission, Throwable failure) {
    long now = System.nanoTime();
    if (failure == null) {
      measurements.acked(submission.due, submission.firstSent, now);
    } else {
      FailureKind kind = FailureKind.of(failure);
      boolean retry;
      synchronized (this) {
        retry = kind.retryable() && !stopped;
      }
      if (retry) {
        measurements.retried(kind);
        retryTimer.schedule(() -> send(submission), kind.retryAfterMillis(), TimeUnit.MILLISECONDS);
        return;
      }
      measurements.failed(submission.due, kind);
    }
    Submission next = null;
    synchronized (this) {
      inFlight--;
      if (!backlog.isEmpty()) {
        next = take(backlog.poll());
      } else if (closedLoop && !stopped && nextRecord < records.size()) {
        measurements.due(now);
        next = take(now);
      }
    }
    if (next != null) {
      send(next);
    }
  }

  /** One record on its way, with the time it was due and the time it first left. */
  private static final class Submission {
    final SignedRecord record;
    final long due;
    long firstSent;

    Submission(SignedRecord record, long due) {
      this.record = record;
      this.due = due;
    }
  }
}
