package dev.sluice.sequencer.batch;

import dev.sluice.state.Bytes32;

/**
 * The pre-state root a batch was asked for is not the sequencer's root before its first record:
 * whoever asked follows another chain than this sequencer's log (a poster on the wrong L1 contract,
 * or a log that diverged from what was posted). Nothing can be built on it.
 */
public final class PreStateRootMismatchException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final long firstSequence;
  private final transient Bytes32 given;
  private final transient Bytes32 expected;

  public PreStateRootMismatchException(long firstSequence, Bytes32 given, Bytes32 expected) {
    super(
        "a batch from sequence "
            + firstSequence
            + " was asked to start at root "
            + given
            + ", but the sequencer's state "
            + (firstSequence == 0
                ? "before the first record"
                : "after record " + (firstSequence - 1))
            + " is "
            + expected
            + ": the L1 chain and this sequencer's log disagree");
    this.firstSequence = firstSequence;
    this.given = given;
    this.expected = expected;
  }

  public long firstSequence() {
    return firstSequence;
  }

  public Bytes32 given() {
    return given;
  }

  public Bytes32 expected() {
    return expected;
  }
}
