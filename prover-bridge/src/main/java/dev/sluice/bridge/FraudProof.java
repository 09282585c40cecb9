package dev.sluice.bridge;

import dev.sluice.state.batch.BatchRecord;
import dev.sluice.state.Bytes32;
import dev.sluice.state.stf.StateWitness;
import dev.sluice.state.stf.Status;
import java.util.List;
import java.util.Objects;

/**
 * The re-execution of one record of a posted batch, as {@code SluiceRollup.proveFraud} takes it
 * (its {@code FraudProof} struct), with what the re-execution gave.
 *
 * @param record the record and its sequencer timestamp
 * @param recordIndex its position in the batch
 * @param recordProof inclusion proof of its leaf in the header's {@code recordsRoot}
 * @param preStateRoot the root before it: the previous record's claimed root, or the header's
 *     {@code preStateRoot} for the first record
 * @param preStateRootProof inclusion proof of {@code preStateRoot} in {@code rootsRoot}; empty for
 *     the first record
 * @param postStateRoot the root the batch claims after the record
 * @param postStateRootProof inclusion proof of {@code postStateRoot} in {@code rootsRoot}
 * @param witness one proof per state access of the record, in access order (docs/protocol.md §3.4)
 * @param status the record's outcome on re-execution; not sent, the contract derives it
 * @param computedPostStateRoot the root re-execution gives; not sent, the contract recomputes it
 */
public record FraudProof(
    BatchRecord record,
    int recordIndex,
    List<Bytes32> recordProof,
    Bytes32 preStateRoot,
    List<Bytes32> preStateRootProof,
    Bytes32 postStateRoot,
    List<Bytes32> postStateRootProof,
    List<StateWitness> witness,
    Status status,
    Bytes32 computedPostStateRoot) {

  public FraudProof {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(preStateRoot, "preStateRoot");
    Objects.requireNonNull(postStateRoot, "postStateRoot");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(computedPostStateRoot, "computedPostStateRoot");
    recordProof = List.copyOf(recordProof);
    preStateRootProof = List.copyOf(preStateRootProof);
    postStateRootProof = List.copyOf(postStateRootProof);
    witness = List.copyOf(witness);
  }

  /**
   * Whether the batch's claim is wrong: only then does {@code proveFraud} succeed; otherwise it
   * reverts with {@link RollupError#NO_FRAUD}.
   */
  public boolean showsFraud() {
    return !computedPostStateRoot.equals(postStateRoot);
  }
}
