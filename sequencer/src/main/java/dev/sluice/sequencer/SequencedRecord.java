package dev.sluice.sequencer;

import dev.sluice.state.Address;
import dev.sluice.state.record.SignedRecord;

/**
 * A record as the sequencer ordered it.
 *
 * @param timestamp sequencer time in milliseconds since the Unix epoch
 * @param sender the recovered sender (records with invalid signatures are never sequenced)
 */
public record SequencedRecord(long sequence, long timestamp, SignedRecord record, Address sender) {}
