package dev.sluice.bridge;

import dev.sluice.state.batch.BatchRecord;
import dev.sluice.state.batch.Batch;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchMerkleTree;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.stf.RecoveredRecord;
import dev.sluice.state.stf.StateTransition;
import dev.sluice.state.stf.StateWitness;
import dev.sluice.state.stf.Status;
import dev.sluice.state.stf.TreeStateAccess;
import dev.sluice.state.stf.WitnessRecorder;
import dev.sluice.state.stf.WitnessedState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the arguments of {@code SluiceRollup.proveFraud} for a posted batch by re-executing its
 * records with the state transition function, the same code the sequencer runs.
 *
 * <p>The record's witness is recorded by {@link WitnessRecorder} while it is applied to the state
 * before it, then replayed by {@link WitnessedState} without the tree, as the contract will replay
 * it: a proof that would not convince the contract is caught here, before it costs gas.
 *
 * <p>Re-execution writes through views ({@link SparseMerkleTree#at}) of the caller's tree, so the
 * caller's root never moves; the nodes of the re-executed states are added, unflushed, to its node
 * store. They are content-addressed, so a later flush of that store persists them harmlessly.
 */
public final class FraudProofBuilder {
  private final Eip712Domain domain;
  private final SenderRecovery recovery;

  /**
   * @param domain the EIP-712 domain of the rollup the batch was posted to: its L2 chain id and
   *     address
   * @param recovery how to recover senders; every implementation gives the same senders
   */
  public FraudProofBuilder(Eip712Domain domain, SenderRecovery recovery) {
    this.domain = Objects.requireNonNull(domain, "domain");
    this.recovery = Objects.requireNonNull(recovery, "recovery");
  }

  /**
   * Re-executes {@code batch} from {@code preState} and proves its first wrong per-record root.
   *
   * <p>The first wrong root is the one to prove. The contract re-executes a record from the root
   * the batch claims before it, so a later record, re-executed from an already wrong root, may well
   * match its claim: a sequencer that goes wrong once and then builds on its own state is only
   * caught at the first record. A batch whose roots are all right but whose header's {@code
   * postStateRoot} is not the last of them is proven with {@code proveHeaderFault}, not here.
   *
   * @param preState the state at the batch's pre-state root
   * @return the proof for the first record whose claimed root differs from the transition
   *     function's, or empty when every claimed root is right
   * @throws IllegalArgumentException if {@code preState} is not at the batch's pre-state root or
   *     the records do not hash to its {@code recordsRoot}
   */
  public Optional<FraudProof> findFraud(Batch batch, SparseMerkleTree preState) {
    requireRecordsMatch(batch);
    requireAt(preState, batch.header().preStateRoot(), "the batch's pre-state root");
    SparseMerkleTree state = preState.at(preState.root());
    List<BatchRecord> records = batch.records();
    for (int i = 0; i < records.size(); i++) {
      Bytes32 before = state.root();
      StateTransition.apply(new TreeStateAccess(state), recover(records.get(i)));
      if (!state.root().equals(batch.postStateRoots().get(i))) {
        return Optional.of(reexecute(batch, i, state.at(before)));
      }
    }
    return Optional.empty();
  }

  /**
   * The {@code proveFraud} arguments for record {@code index} of {@code batch}, whatever the
   * verdict: {@link FraudProof#showsFraud()} says whether the contract will accept them, and for an
   * honest record the contract answers {@link RollupError#NO_FRAUD}.
   *
   * @param stateBefore the state at the root the batch claims before the record ({@link
   *     Batch#preStateRootOf})
   * @throws IllegalArgumentException if {@code stateBefore} is at another root, or the records do
   *     not hash to the batch's {@code recordsRoot}
   * @throws IllegalStateException if the recorded witness does not replay to the same outcome: the
   *     state code and its witness disagree, and the contract would refuse the proof
   */
  public FraudProof prove(Batch batch, int index, SparseMerkleTree stateBefore) {
    requireRecordsMatch(batch);
    requireAt(
        stateBefore,
        batch.preStateRootOf(index),
        "the root the batch claims before record " + index);
    return reexecute(batch, index, stateBefore);
  }

  /** {@link #prove} once its inputs are checked. */
  private FraudProof reexecute(Batch batch, int index, SparseMerkleTree stateBefore) {
    Bytes32 preStateRoot = stateBefore.root();
    BatchRecord record = batch.records().get(index);
    RecoveredRecord recovered = recover(record);
    SparseMerkleTree state = stateBefore.at(preStateRoot);
    WitnessRecorder recorder = new WitnessRecorder(state);
    Status status = StateTransition.apply(recorder, recovered);
    List<StateWitness> witness = recorder.witnesses();
    selfCheck(index, preStateRoot, witness, recovered, status, state.root());

    BatchMerkleTree records = BatchMerkleTree.of(batch.recordLeaves(domain));
    BatchMerkleTree roots = BatchMerkleTree.of(batch.postStateRoots());
    return new FraudProof(
        record,
        index,
        records.proof(index),
        preStateRoot,
        index == 0 ? List.of() : roots.proof(index - 1),
        batch.postStateRoots().get(index),
        roots.proof(index),
        witness,
        status,
        state.root());
  }

  /** Replays the witness without the tree, as the contract will, and insists on the same result. */
  private static void selfCheck(
      int index,
      Bytes32 preStateRoot,
      List<StateWitness> witness,
      RecoveredRecord recovered,
      Status status,
      Bytes32 postStateRoot) {
    WitnessedState replay = new WitnessedState(preStateRoot, witness);
    Status replayed;
    try {
      replayed = StateTransition.apply(replay, recovered);
    } catch (WitnessedState.InvalidWitnessException e) {
      throw new IllegalStateException("the witness of record " + index + " does not replay", e);
    }
    if (replayed != status || !replay.root().equals(postStateRoot) || !replay.fullyConsumed()) {
      throw new IllegalStateException(
          "the witness of record "
              + index
              + " replays to "
              + replayed
              + " "
              + replay.root()
              + (replay.fullyConsumed() ? "" : " with proofs left over")
              + ", the tree gave "
              + status
              + " "
              + postStateRoot);
    }
  }

  private RecoveredRecord recover(BatchRecord record) {
    return RecoveredRecord.recover(record.signed(), domain, recovery);
  }

  private void requireRecordsMatch(Batch batch) {
    if (!batch.recordsMatch(domain)) {
      throw new IllegalArgumentException(
          "the records do not hash to the recordsRoot of batch "
              + batch.header().index()
              + " under "
              + domain);
    }
  }

  private static void requireAt(SparseMerkleTree tree, Bytes32 root, String what) {
    if (!tree.root().equals(root)) {
      throw new IllegalArgumentException(
          "the state given is at " + tree.root() + ", not at " + what + " " + root);
    }
  }
}
