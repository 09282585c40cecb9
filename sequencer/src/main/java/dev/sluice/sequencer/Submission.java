package dev.sluice.sequencer;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.SignedRecord;
import java.util.concurrent.CompletableFuture;

/**
 * One submitted record on its way through the pipeline, and the future its submitter holds.
 *
 * <p>Each stage fills in what it learns and hands the submission on through a queue, which
 * publishes those fields safely to the next stage's thread; no two threads touch one at a time.
 */
final class Submission {
  final SignedRecord signed;
  final long submittedNanos;
  final CompletableFuture<Acknowledgement> acknowledgement = new CompletableFuture<>();

  // Set by the ingress worker.
  byte[] encoded;
  Bytes32 recordHash;
  Bytes32 digest;
  Address sender;

  /** The applied sequence of the state the sender's nonce was read from. */
  long snapshotSequence;

  /** The sender's next nonce in that state. */
  long snapshotNonce;

  /** How often the ordering loop sent it back for a fresher nonce read. */
  int refreshes;

  // Set by the ordering loop.
  LogEntry entry;

  Submission(SignedRecord signed, long submittedNanos) {
    this(signed, null, submittedNanos);
  }

  /**
   * @param recoveredSender the sender a trusted caller already recovered, or null for the ingress
   *     workers to recover it
   */
  Submission(SignedRecord signed, Address recoveredSender, long submittedNanos) {
    this.signed = signed;
    this.sender = recoveredSender;
    this.submittedNanos = submittedNanos;
  }

  long nonce() {
    return signed.record().nonce();
  }

  /** Fails the submission for {@code reason}; the record was not ordered and left no trace. */
  void reject(SubmissionRejectedException.Reason reason, String message, PipelineMetrics metrics) {
    // Counted first, so that whoever sees the future fail also sees the count. One stage at a time
    // holds a submission, so it cannot be completed in between.
    if (!acknowledgement.isDone()) {
      metrics.rejected(reason);
      acknowledgement.completeExceptionally(new SubmissionRejectedException(reason, message));
    }
  }
}
