package dev.sluice.bridge.poster;

/** Where a posted batch is in its L1 lifecycle, as the poster has observed it. */
public enum BatchStage {
  /** Its transaction is signed and sent; it may be pending or in a block not yet deep enough. */
  BATCHED,
  /** Its append is on L1 at least the configured number of confirmations deep. */
  INCLUDED,
  /** The contract finalised it: its challenge window passed without a successful fraud proof. */
  FINALIZED,
  /**
   * A fraud proof reverted it (or a batch before it); its records will be posted again in a new
   * batch.
   */
  REVERTED;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
