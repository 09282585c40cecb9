package dev.sluice.bridge.derivation;

import java.util.Objects;

/**
 * What derivation tells its consumer, in order. Batches come in index order: after {@link
 * BatchesDropped} with {@code fromIndex} X, the next {@link BatchDerived} is batch X again (its
 * replacement, or the same batch again after an L1 reorg that undid a revert).
 */
public sealed interface DerivationEvent {

  /** The next batch of the chain. */
  record BatchDerived(DerivedBatch batch) implements DerivationEvent {
    public BatchDerived {
      Objects.requireNonNull(batch, "batch");
    }
  }

  /** Batches {@code fromIndex} and later, as given so far, are no longer in the chain. */
  record BatchesDropped(long fromIndex, Cause cause) implements DerivationEvent {
    public BatchesDropped {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /** Batches {@code 0 … finalizedCount − 1} are final on L1. */
  record Finalized(long finalizedCount) implements DerivationEvent {}

  /** Why batches were dropped. */
  enum Cause {
    /** A fraud proof reverted them on L1 ({@code BatchesReverted}). */
    REVERTED_ON_L1,
    /** The L1 blocks that appended them (or undid a revert) were replaced. */
    L1_REORG
  }
}
