package dev.sluice.sequencer.batch;

import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.sequencer.FeedListener;
import dev.sluice.sequencer.FeedSubscription;
import dev.sluice.sequencer.EntryProof;
import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.sequencer.SequencerMetrics;
import dev.sluice.sequencer.SequencerStatus;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.stf.StreamLeaf;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A sequencer that counts the record and receipt reads made through it. */
final class CountingSequencer implements Sequencer {
  final AtomicInteger recordReads = new AtomicInteger();
  final AtomicInteger receiptReads = new AtomicInteger();
  private final Sequencer delegate;

  CountingSequencer(Sequencer delegate) {
    this.delegate = delegate;
  }

  int reads() {
    return recordReads.get() + receiptReads.get();
  }

  @Override
  public CompletableFuture<Acknowledgement> submit(SignedRecord record) {
    return delegate.submit(record);
  }

  @Override
  public CompletableFuture<Receipt> receiptOf(long sequence) {
    return delegate.receiptOf(sequence);
  }

  @Override
  public Optional<Receipt> receipt(Bytes32 recordHash) {
    receiptReads.incrementAndGet();
    return delegate.receipt(recordHash);
  }

  @Override
  public Optional<Receipt> receipt(long sequence) {
    receiptReads.incrementAndGet();
    return delegate.receipt(sequence);
  }

  @Override
  public Optional<SequencedRecord> record(Bytes32 recordHash) {
    recordReads.incrementAndGet();
    return delegate.record(recordHash);
  }

  @Override
  public Optional<SequencedRecord> record(long sequence) {
    recordReads.incrementAndGet();
    return delegate.record(sequence);
  }

  @Override
  public EntryProof entry(String stream, byte[] key, OptionalLong atSequence) {
    return delegate.entry(stream, key, atSequence);
  }

  @Override
  public Optional<StreamLeaf> stream(String stream) {
    return delegate.stream(stream);
  }

  @Override
  public long nextNonce(Address account) {
    return delegate.nextNonce(account);
  }

  @Override
  public SequencerStatus status() {
    return delegate.status();
  }

  @Override
  public FeedSubscription subscribe(OptionalLong fromSequence, FeedListener listener) {
    return delegate.subscribe(fromSequence, listener);
  }

  @Override
  public SequencerMetrics metrics() {
    return delegate.metrics();
  }
}
