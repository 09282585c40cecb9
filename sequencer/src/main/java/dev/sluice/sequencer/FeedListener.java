package dev.sluice.sequencer;

import dev.sluice.state.stf.Receipt;

/** Receives the sequencer's feed: records with their receipts, in sequence order, no gaps. */
public interface FeedListener {

  void onRecord(SequencedRecord record, Receipt receipt);

  /** The subscription ended because this listener fell behind or failed; {@code reason} says. */
  void onDropped(String reason);
}
