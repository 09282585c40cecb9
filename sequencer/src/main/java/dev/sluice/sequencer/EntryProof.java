package dev.sluice.sequencer;

import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SmtProof;
import java.util.Optional;

/**
 * An entry's value (or its absence) with the proof against {@code root}, the state root after the
 * record of {@code sequence}.
 */
public record EntryProof(
    Bytes32 root, long sequence, Bytes32 treeKey, Optional<byte[]> value, SmtProof proof) {}
