package dev.sluice.sequencer;

import dev.sluice.state.Bytes32;

/**
 * @param nextSequence the sequence number the next accepted record will get
 * @param appliedSequence the last record applied to the state, or -1 before the first
 * @param stateRoot the state root after {@code appliedSequence}
 * @param paused whether an operator paused ordering
 * @param ready false until recovery has replayed the log
 */
public record SequencerStatus(
    long nextSequence, long appliedSequence, Bytes32 stateRoot, boolean paused, boolean ready) {}
