package dev.sluice.sequencer.batch;

import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.state.stf.Receipt;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link BatchBuilder} reads: the sequenced log with the receipts of its applied records. Every
 * method answers at once from the caller's thread. A {@link Sequencer} is one ({@link #of}); a
 * replica following the sequencer's feed could be another.
 */
public interface AppliedLog {

  /** The last applied record's sequence (−1 before the first): records up to it have receipts. */
  long appliedSequence();

  /** The sequence assigned next: every record below it is sequenced. */
  long nextSequence();

  /** The sequenced record {@code sequence}, once logged. */
  Optional<SequencedRecord> record(long sequence);

  /** The receipt of record {@code sequence}, once applied. */
  Optional<Receipt> receipt(long sequence);

  /** The log of {@code sequencer}, read through its read API. */
  static AppliedLog of(Sequencer sequencer) {
    Objects.requireNonNull(sequencer, "sequencer");
    return new AppliedLog() {
      @Override
      public long appliedSequence() {
        return sequencer.status().appliedSequence();
      }

      @Override
      public long nextSequence() {
        return sequencer.status().nextSequence();
      }

      @Override
      public Optional<SequencedRecord> record(long sequence) {
        return sequencer.record(sequence);
      }

      @Override
      public Optional<Receipt> receipt(long sequence) {
        return sequencer.receipt(sequence);
      }
    };
  }
}
