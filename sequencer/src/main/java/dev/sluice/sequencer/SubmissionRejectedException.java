package dev.sluice.sequencer;

/**
 * Why a submitted record was not ordered. The record left no trace in the state or the log; the
 * message says what the client can do about it.
 */
public final class SubmissionRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The reasons, each with a JSON-RPC application error code of its own in the RPC layer. */
  public enum Reason {
    /** r or s out of range, high s, or no key recovers. */
    INVALID_SIGNATURE,
    /** The nonce was already used: a replay or a duplicate. */
    NONCE_TOO_LOW,
    /** The nonce is ahead of the sender's next one by more than the sequencer holds. */
    NONCE_TOO_HIGH,
    /** A queue is full; retry after a short wait. */
    BUSY,
    /** An operator paused ordering. */
    PAUSED
  }

  private final Reason reason;

  public SubmissionRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
