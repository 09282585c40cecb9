package dev.sluice.sequencer;

import dev.sluice.state.stf.Receipt;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * Receipts by sequence: in memory from the moment a record is applied until the checkpoint that
 * stores them commits, in the store after. Readers on any thread look in memory first and then in
 * the store; the state thread removes a receipt from memory only after the store has it, so one of
 * the two always does.
 *
 * <p>Also completes {@link Sequencer#receiptOf} futures. Only sequenced records can be waited for,
 * so there are never more waiters than records in flight.
 */
final class ReceiptLedger {
  private final SequencerStore store;
  private final LongSupplier appliedSequence;
  private final Map<Long, Receipt> unstored = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Long, CompletableFuture<Receipt>> waiters =
      new ConcurrentSkipListMap<>();

  /**
   * @param appliedSequence the sequence of the published head
   */
  ReceiptLedger(SequencerStore store, LongSupplier appliedSequence) {
    this.store = store;
    this.appliedSequence = appliedSequence;
  }

  /** The receipt of an applied record. */
  Optional<Receipt> receipt(long sequence) {
    if (sequence < 0 || sequence > appliedSequence.getAsLong()) {
      return Optional.empty();
    }
    Receipt receipt = unstored.get(sequence);
    return receipt != null ? Optional.of(receipt) : store.receipt(sequence);
  }

  /** Adds the receipt of a record just applied, before its head is published. */
  void applied(Receipt receipt) {
    unstored.put(receipt.sequence(), receipt);
  }

  /** The receipt of applied record {@code sequence} that no checkpoint stored yet. */
  Receipt unstored(long sequence) {
    Receipt receipt = unstored.get(sequence);
    if (receipt == null) {
      throw new IllegalStateException("the receipt of applied record " + sequence + " is missing");
    }
    return receipt;
  }

  /**
   * Forgets the receipts of {@code (afterSequence, upToSequence]}: a committed checkpoint has them.
   */
  void stored(long afterSequence, long upToSequence) {
    for (long sequence = afterSequence + 1; sequence <= upToSequence; sequence++) {
      unstored.remove(sequence);
    }
  }

  /** Completes the futures waiting for records up to {@code appliedSequence}, now published. */
  void completeWaiters(long appliedSequence) {
    Map.Entry<Long, CompletableFuture<Receipt>> waiter;
    while ((waiter = waiters.firstEntry()) != null && waiter.getKey() <= appliedSequence) {
      waiters.remove(waiter.getKey(), waiter.getValue());
      receipt(waiter.getKey()).ifPresent(waiter.getValue()::complete);
    }
  }

  /**
   * See {@link Sequencer#receiptOf}; {@code nextSequence} is the first sequence not handed out,
   * beyond which nothing can be waited for.
   */
  CompletableFuture<Receipt> receiptOf(long sequence, long nextSequence) {
    Optional<Receipt> receipt = receipt(sequence);
    if (receipt.isPresent()) {
      return CompletableFuture.completedFuture(receipt.get());
    }
    if (sequence < 0 || sequence >= nextSequence) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "no record has sequence " + sequence + " yet; the next one is " + nextSequence));
    }
    CompletableFuture<Receipt> waiter =
        waiters.computeIfAbsent(sequence, s -> new CompletableFuture<>());
    // The state thread may have applied it and swept the waiters since the first look.
    receipt(sequence).ifPresent(waiter::complete);
    if (waiter.isDone()) {
      waiters.remove(sequence, waiter);
    }
    // A copy, so that one caller completing or cancelling its future cannot affect another's.
    return waiter.copy();
  }

  /** Fails every waiter: the sequencer stops before applying their records. */
  void failWaiters(Throwable cause) {
    Map.Entry<Long, CompletableFuture<Receipt>> waiter;
    while ((waiter = waiters.pollFirstEntry()) != null) {
      waiter.getValue().completeExceptionally(cause);
    }
  }
}
