package dev.sluice.sequencer.batch;

import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.state.stf.Receipt;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A sequencer's applied log that counts the record and receipt reads made through it. */
final class CountingAppliedLog implements AppliedLog {
  final AtomicInteger recordReads = new AtomicInteger();
  final AtomicInteger receiptReads = new AtomicInteger();
  private final AppliedLog delegate;

  CountingAppliedLog(Sequencer sequencer) {
    this.delegate = AppliedLog.of(sequencer);
  }

  int reads() {
    return recordReads.get() + receiptReads.get();
  }

  @Override
  public long appliedSequence() {
    return delegate.appliedSequence();
  }

  @Override
  public long nextSequence() {
    return delegate.nextSequence();
  }

  @Override
  public Optional<SequencedRecord> record(long sequence) {
    recordReads.incrementAndGet();
    return delegate.record(sequence);
  }

  @Override
  public Optional<Receipt> receipt(long sequence) {
    receiptReads.incrementAndGet();
    return delegate.receipt(sequence);
  }
}
