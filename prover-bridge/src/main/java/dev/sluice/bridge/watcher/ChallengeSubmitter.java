package dev.sluice.bridge.watcher;

import dev.sluice.bridge.FraudProof;
import dev.sluice.bridge.FraudProofBuilder;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.L1Exception;
import dev.sluice.bridge.L1Receipt;
import dev.sluice.bridge.L1RevertedException;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.RollupError;
import dev.sluice.bridge.RollupEvents;
import dev.sluice.bridge.watcher.ChallengeReport.Outcome;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.Batch;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.batch.BatchMerkleTree;
import dev.sluice.state.smt.SparseMerkleTree;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the watcher's fraud proofs from its own account: {@code proveFraud} for a wrong
 * per-record root, {@code proveHeaderFault} for a wrong post-state root. Checks first that the
 * batch is still in the chain with the same header, so that a batch another challenger already
 * reverted costs nothing.
 */
public final class ChallengeSubmitter {
  private static final Logger LOG = LoggerFactory.getLogger(ChallengeSubmitter.class);

  private final L1Client client;
  private final RollupContract rollup;
  private final FraudProofBuilder builder;

  /**
   * @param client the challenger's account, which receives the bond
   * @param rollup the contract, transacting from {@code client}
   */
  public ChallengeSubmitter(L1Client client, RollupContract rollup, FraudProofBuilder builder) {
    this.client = Objects.requireNonNull(client, "client");
    this.rollup = Objects.requireNonNull(rollup, "rollup");
    this.builder = Objects.requireNonNull(builder, "builder");
  }

  /**
   * Proves that record {@code recordIndex} of {@code batch} claims a wrong root.
   *
   * @param stateBefore the state before that record, at the root the batch claims there
   */
  public ChallengeReport proveStateFault(
      Batch batch, int recordIndex, SparseMerkleTree stateBefore) {
    BatchHeader header = batch.header();
    Optional<ChallengeReport> gone = ifNotInChain(header, FaultKind.STATE_TRANSITION, recordIndex);
    if (gone.isPresent()) {
      return gone.get();
    }
    FraudProof proof = builder.prove(batch, recordIndex, stateBefore);
    if (!proof.showsFraud()) {
      throw new IllegalStateException(
          "record " + recordIndex + " of batch " + header.index() + " re-executes to its claim");
    }
    return submit(header, FaultKind.STATE_TRANSITION, recordIndex, () -> rollup.proveFraud(header, proof));
  }

  /** Proves that {@code batch}'s header claims another post-state root than its last record's. */
  public ChallengeReport provePostStateRootFault(Batch batch) {
    BatchHeader header = batch.header();
    int last = header.recordCount() - 1;
    Optional<ChallengeReport> gone = ifNotInChain(header, FaultKind.POST_STATE_ROOT, last);
    if (gone.isPresent()) {
      return gone.get();
    }
    List<Bytes32> roots = batch.postStateRoots();
    byte[] call =
        ProveHeaderFaultCall.encode(
            header, roots.get(last), BatchMerkleTree.of(roots).proof(last));
    return submit(
        header, FaultKind.POST_STATE_ROOT, last, () -> client.send(rollup.address(), call, BigInteger.ZERO));
  }

  private Optional<ChallengeReport> ifNotInChain(BatchHeader header, FaultKind kind, long record) {
    long index = header.index();
    boolean inChain =
        rollup.batchCount() > index && rollup.batch(index).headerHash().equals(header.hash());
    if (inChain) {
      return Optional.empty();
    }
    LOG.info("batch {} is no longer in the rollup's chain; no proof sent", index);
    return Optional.of(
        report(header, kind, record, Outcome.ALREADY_REVERTED, null, "not in the chain any more"));
  }

  private ChallengeReport submit(
      BatchHeader header, FaultKind kind, long record, Supplier<L1Receipt> send) {
    long index = header.index();
    LOG.warn("proving batch {} wrong ({}, record {}) from {}", index, kind, record, client.address());
    try {
      L1Receipt receipt = send.get();
      BigInteger reward =
          RollupEvents.fraudProven(receipt, rollup.address()).stream()
              .filter(proven -> proven.batchIndex() == index)
              .map(RollupEvents.FraudProven::reward)
              .findFirst()
              .orElse(BigInteger.ZERO);
      LOG.warn(
          "batch {} proven wrong in transaction {} ({} gas); reward {} wei",
          index,
          receipt.transactionHash(),
          receipt.gasUsed(),
          reward);
      return new ChallengeReport(
          index,
          header.hash(),
          kind,
          record,
          Outcome.PROVEN,
          Optional.of(receipt.transactionHash()),
          receipt.gasUsed(),
          receipt.fee(),
          reward,
          "");
    } catch (L1RevertedException e) {
      Optional<RollupError> error = RollupError.of(e);
      boolean gone =
          error.equals(Optional.of(RollupError.UNKNOWN_BATCH))
              || error.equals(Optional.of(RollupError.HEADER_MISMATCH));
      String detail = error.map(RollupError::signature).orElse(e.getMessage());
      LOG.error("the proof against batch {} was refused: {}", index, detail);
      return report(header, kind, record, gone ? Outcome.ALREADY_REVERTED : Outcome.REFUSED, null, detail);
    } catch (L1Exception e) {
      LOG.warn("the proof against batch {} could not be sent, retrying later: {}", index, e.getMessage());
      return report(header, kind, record, Outcome.FAILED, null, e.getMessage());
    }
  }

  private static ChallengeReport report(
      BatchHeader header, FaultKind kind, long record, Outcome outcome, Bytes32 tx, String detail) {
    return new ChallengeReport(
        header.index(),
        header.hash(),
        kind,
        record,
        outcome,
        Optional.ofNullable(tx),
        0,
        BigInteger.ZERO,
        BigInteger.ZERO,
        detail);
  }
}
