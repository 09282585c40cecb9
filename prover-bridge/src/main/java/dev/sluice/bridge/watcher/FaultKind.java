package dev.sluice.bridge.watcher;

/** What a watcher found wrong with a batch. */
public enum FaultKind {
  /** A per-record root is not what re-executing the record gives: proven with proveFraud. */
  STATE_TRANSITION,
  /** The header's postStateRoot is not the last per-record root: proven with proveHeaderFault. */
  POST_STATE_ROOT,
  /**
   * The data does not support the header (undecodable, records or roots not matching their
   * roots, data missing or not matching its hash). Cannot be proven on chain yet.
   */
  DATA
}
