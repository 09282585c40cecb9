package dev.sluice.sequencer;

import dev.sluice.state.smt.SparseMerkleTree;

/**
 * The state tree as it was after any applied record, rebuilt from the sequencer's own log: what a
 * fraud proof against a posted batch needs (the state before the record it re-executes).
 *
 * <p>Safe to call from any thread while the sequencer runs; the work runs on the caller's thread,
 * never on the pipeline's. The tree returned belongs to the caller: it writes only into memory of
 * its own, never into the sequencer's store, so the caller may apply records to it and even flush
 * it. Not thread-safe itself, like any tree.
 */
public interface HistoricalState {

  /**
   * The state after record {@code sequence}, or before the first record for −1.
   *
   * @throws IllegalArgumentException if {@code sequence} is below −1 or not applied yet
   * @throws IllegalStateException if the replayed state disagrees with a stored receipt, or the log
   *     or a receipt is missing: the store is damaged or the state code changed under it
   */
  SparseMerkleTree stateAfter(long sequence);
}
