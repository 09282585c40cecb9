package dev.sluice.sequencer;

import dev.sluice.state.Bytes32;

/** A record's place in the total order, given once the record is durable. */
public record Acknowledgement(long sequence, Bytes32 recordHash) {}
