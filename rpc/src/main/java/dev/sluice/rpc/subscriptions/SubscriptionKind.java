package dev.sluice.rpc.subscriptions;

import java.util.Locale;
import java.util.Optional;

/**
 * What a subscription delivers: for each sequenced record that passes its filter, the record or its
 * receipt; or each lifecycle change of a batch on L1.
 */
public enum SubscriptionKind {
  /** The record itself, as {@code sluice_getRecord} returns it. */
  RECORDS,
  /** The record's receipt, as {@code sluice_getReceipt} returns it. */
  RECEIPTS,
  /**
   * Each stage change of a batch this node posts (batched, included, finalized, reverted), as
   * {@code sluice_getBatch} returns it.
   */
  BATCHES;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SubscriptionKind> ofWireName(String name) {
    for (SubscriptionKind kind : values()) {
      if (kind.wireName().equals(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
