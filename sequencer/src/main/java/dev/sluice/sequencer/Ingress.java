package dev.sluice.sequencer;

import dev.sluice.sequencer.SubmissionRejectedException.Reason;
import dev.sluice.state.Address;
import dev.sluice.state.Keccak;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.RecordCodec;
import dev.sluice.state.record.SenderRecovery;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first stage: recovers each record's sender on a bounded pool of worker threads, so the
 * dearest step runs in parallel and never on the submitter's thread (which may be an event loop).
 *
 * <p>A worker computes the digest, recovers the sender, encodes and hashes the record and reads the
 * sender's nonce from the applied state (the snapshot {@link NonceBook} checks), then offers the
 * record to the ordering loop. A submission whose sender a trusted in-process caller already
 * recovered ({@link Sequencer#submit(SignedRecord, Address)}) skips recovery: the worker checks
 * only the signature's scalars, so recovery, the dearest step, runs once per record. A record with
 * an invalid signature is refused here with {@code INVALID_SIGNATURE}, before it can reach the log
 * or the state. When the pool's queue or the ordering queue is full the record is refused with
 * {@code BUSY} at once.
 */
final class Ingress {
  private final ThreadPoolExecutor workers;
  private final BlockingQueue<Submission> orderingQueue;
  private final Eip712Domain domain;
  private final SenderRecovery senderRecovery;
  private final StateReader state;
  private final PipelineMetrics metrics;

  Ingress(
      SequencerConfig config,
      BlockingQueue<Submission> orderingQueue,
      StateReader state,
      PipelineMetrics metrics) {
    this.workers =
        new ThreadPoolExecutor(
            config.recoveryThreads(),
            config.recoveryThreads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(config.ingressQueueCapacity()),
            namedThreads("sluice-recovery-"),
            new ThreadPoolExecutor.AbortPolicy());
    this.orderingQueue = orderingQueue;
    this.domain = config.domain();
    this.senderRecovery = config.senderRecovery();
    this.state = state;
    this.metrics = metrics;
  }

  /** Queues {@code submission} for recovery, or refuses it with {@code BUSY}; never blocks. */
  void submit(Submission submission) {
    execute(submission, () -> recover(submission));
  }

  /** Reads the sender's nonce again and hands the record back to the ordering loop. */
  void refresh(Submission submission) {
    execute(
        submission,
        () -> {
          try {
            readNonce(submission);
            handOn(submission);
          } catch (RuntimeException e) {
            submission.acknowledgement.completeExceptionally(e);
          }
        });
  }

  int queueDepth() {
    return workers.getQueue().size();
  }

  /** Lets queued work finish; waits at most {@code millis} for it. */
  boolean shutdown(long millis) throws InterruptedException {
    workers.shutdown();
    return workers.awaitTermination(millis, TimeUnit.MILLISECONDS);
  }

  /** Stops at once, dropping queued work, as a crash would. */
  void shutdownNow() {
    workers.shutdownNow();
  }

  private void execute(Submission submission, Runnable work) {
    try {
      workers.execute(work);
    } catch (RejectedExecutionException e) {
      submission.reject(
          Reason.BUSY,
          workers.isShutdown()
              ? "the sequencer is shutting down; retry elsewhere or later"
              : "signature recovery is at capacity; retry shortly",
          metrics);
    }
  }

  private void recover(Submission submission) {
    try {
      submission.digest = domain.digest(submission.signed.record());
      Optional<Address> sender;
      if (submission.sender != null) {
        // Recovered by the caller; the scalar checks recovery would have made are still made.
        sender =
            submission.signed.signature().hasValidScalars()
                ? Optional.of(submission.sender)
                : Optional.empty();
      } else {
        sender = senderRecovery.recover(submission.digest, submission.signed.signature());
      }
      if (sender.isEmpty()) {
        submission.reject(
            Reason.INVALID_SIGNATURE,
            "the signature is invalid: r or s out of range, s in the upper half (EIP-2), or no"
                + " public key recovers from it",
            metrics);
        return;
      }
      submission.sender = sender.get();
      submission.encoded = RecordCodec.encode(submission.signed);
      submission.recordHash = Keccak.hash32(submission.encoded);
      readNonce(submission);
      handOn(submission);
    } catch (RuntimeException e) {
      submission.acknowledgement.completeExceptionally(e);
    }
  }

  private void readNonce(Submission submission) {
    StateReader.AppliedHead head = state.head();
    submission.snapshotSequence = head.sequence();
    submission.snapshotNonce = state.nonce(submission.sender, head);
  }

  private void handOn(Submission submission) {
    if (!orderingQueue.offer(submission)) {
      submission.reject(Reason.BUSY, "the ordering queue is full; retry shortly", metrics);
    }
  }

  private static ThreadFactory namedThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return work -> {
      Thread thread = new Thread(work, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
