package dev.sluice.sequencer;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.stf.StreamLeaf;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * What the RPC layer (and later replicas) see of the sequencer: submit records, read what was
 * sequenced, follow the feed. Every method is safe to call from any thread and none blocks on I/O;
 * reads answer from committed state.
 */
public interface Sequencer {

  /**
   * Orders {@code record}. The future completes once the record is durable under the configured
   * durability with its sequence number, or fails with {@link SubmissionRejectedException} saying
   * why it was not ordered (bad signature, nonce, busy, paused). It never completes twice.
   */
  CompletableFuture<Acknowledgement> submit(SignedRecord record);

  /**
   * As {@link #submit(SignedRecord)}, for a trusted caller in the same process that has already
   * recovered the record's sender from {@code domain.digest(record.record())} under this
   * sequencer's domain (the RPC layer does, for its per-signer rate limit), so that the dearest
   * step of ingress runs once. The sequencer still checks what is cheap (the signature's scalars,
   * nonces) but takes {@code recoveredSender} as the sender: a caller that passes anything else
   * orders records under a sender that did not sign them. Never expose this to untrusted input.
   *
   * <p>The default recovers again, for implementations that cannot skip it.
   */
  default CompletableFuture<Acknowledgement> submit(SignedRecord record, Address recoveredSender) {
    return submit(record);
  }

  /** Completes with the receipt once the record of {@code sequence} has been applied. */
  CompletableFuture<Receipt> receiptOf(long sequence);

  Optional<Receipt> receipt(Bytes32 recordHash);

  Optional<Receipt> receipt(long sequence);

  Optional<SequencedRecord> record(Bytes32 recordHash);

  Optional<SequencedRecord> record(long sequence);

  /**
   * The entry {@code (stream, key)} with its proof against the state root after the record of
   * {@code atSequence}, or after the last applied record when empty. Which past sequences can be
   * proven is up to the implementation's retention; others fail with {@link
   * IllegalArgumentException} naming what is available.
   */
  EntryProof entry(String stream, byte[] key, OptionalLong atSequence);

  /** The stream's leaf (owner, record count, hash-chain head), if the stream exists. */
  Optional<StreamLeaf> stream(String stream);

  /**
   * Up to {@code limit} of the stream's granted writers in ascending address order, starting after
   * {@code after} (from the first when empty), as of about the applied head. Empty if this
   * sequencer cannot list writers; an unknown stream has none.
   *
   * @throws IllegalArgumentException for a malformed stream name or a limit below 1
   */
  default Optional<StreamWriters> writers(String stream, Optional<Address> after, int limit) {
    return Optional.empty();
  }

  /** The account's next nonce as the sequencer will accept it (pending records included). */
  long nextNonce(Address account);

  SequencerStatus status();

  /**
   * Delivers every sequenced record with its receipt from {@code fromSequence} on (or from the next
   * one when empty), in order and without gaps, to {@code listener} on a thread of the sequencer's
   * choosing. A listener that falls too far behind is dropped with a reason through {@link
   * FeedListener#onDropped}; it never slows the sequencer.
   */
  FeedSubscription subscribe(OptionalLong fromSequence, FeedListener listener);

  /** Counters and gauges for the RPC layer to export. */
  SequencerMetrics metrics();
}
