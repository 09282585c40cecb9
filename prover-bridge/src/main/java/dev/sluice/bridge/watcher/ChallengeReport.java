package dev.sluice.bridge.watcher;

import dev.sluice.state.Bytes32;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt of the watcher to prove a batch wrong on L1, and what came of it.
 *
 * @param batchIndex the challenged batch
 * @param headerHash its header hash
 * @param kind which proof: a record's re-execution or the header's post-state root
 * @param recordIndex the re-executed record, or the last record for a header fault
 * @param outcome what L1 said
 * @param transactionHash the proof's transaction, when one was mined
 * @param gasUsed its gas, 0 when none was mined
 * @param fee what the transaction cost the watcher's account, in wei
 * @param reward the bond paid to the watcher's account, in wei
 * @param detail the refusal or failure, for people
 */
public record ChallengeReport(
    long batchIndex,
    Bytes32 headerHash,
    FaultKind kind,
    long recordIndex,
    Outcome outcome,
    Optional<Bytes32> transactionHash,
    long gasUsed,
    BigInteger fee,
    BigInteger reward,
    String detail) {

  public ChallengeReport {
    Objects.requireNonNull(headerHash, "headerHash");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(transactionHash, "transactionHash");
    Objects.requireNonNull(fee, "fee");
    Objects.requireNonNull(reward, "reward");
    Objects.requireNonNull(detail, "detail");
  }

  /** What L1 made of a proof. */
  public enum Outcome {
    /** The proof was accepted: the batch and every later one were reverted, the bond paid. */
    PROVEN,
    /** The batch was no longer in the chain (another challenger, or a reorg): nothing was sent. */
    ALREADY_REVERTED,
    /**
     * The contract refused the proof (the window closed, the batch is final, or the contract's
     * verdict differs from the watcher's); the watcher does not retry.
     */
    REFUSED,
    /** L1 could not be reached or the transaction did not confirm; the watcher retries. */
    FAILED,
    /**
     * No proof could be built: the witness did not replay to the tree's result, which is a bug in
     * the state code, not in the batch. Not retried; the fault stays reported.
     */
    NOT_BUILT
  }
}
