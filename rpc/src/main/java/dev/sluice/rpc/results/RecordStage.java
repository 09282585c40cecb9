package dev.sluice.rpc.results;

import java.util.Locale;

/**
 * How far a record has travelled, in the order it travels. A receipt served today is always {@link
 * #SEQUENCED}; the later stages arrive with the L1 poster. Clients must treat a stage they do not
 * know as at least {@code SEQUENCED}, so new stages can be added between these.
 */
public enum RecordStage {
  /** Ordered, durable in the sequencer's log, applied: its receipt and state root exist. */
  SEQUENCED,
  /** Part of a built batch that has not yet been posted to L1. */
  BATCHED,
  /** Its batch is in an L1 block; a reorg can still undo that. */
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
