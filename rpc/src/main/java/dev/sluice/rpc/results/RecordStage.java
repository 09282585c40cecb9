package dev.sluice.rpc.results;

import java.util.Locale;

/**
 * How far a record has travelled, in the order it travels; the stages after {@link #SEQUENCED} are
 * what the L1 poster observed. Clients must treat a stage they do not know as at least {@code
 * SEQUENCED}, so new stages can be added between these.
 */
public enum RecordStage {
  /** Ordered, durable in the sequencer's log, applied: its receipt and state root exist. */
  SEQUENCED,
  /** In a batch whose L1 transaction is sent; it may be pending or not yet deep enough. */
  BATCHED,
  /**
   * Its batch's append is in an L1 block at least the poster's confirmations deep; a deeper reorg
   * can still undo that (the poster then posts it again).
   */
  INCLUDED,
  /** Its batch outlived the challenge window on L1: final. */
  FINALIZED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The stage with this wire name; {@link #SEQUENCED} for one this version does not know. */
  public static RecordStage ofWireName(String name) {
    for (RecordStage stage : values()) {
      if (stage.wireName().equals(name)) {
        return stage;
      }
    }
    return SEQUENCED;
  }
}
