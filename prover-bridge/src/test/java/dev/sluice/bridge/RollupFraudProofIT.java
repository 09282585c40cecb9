package dev.sluice.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.RollupEvents.BatchFinalized;
import dev.sluice.bridge.RollupEvents.BatchesReverted;
import dev.sluice.bridge.RollupEvents.Fault;
import dev.sluice.bridge.RollupEvents.FraudProven;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.Batch;
import dev.sluice.state.batch.BatchRecord;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Op;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SmtProof;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.stf.StateWitness;
import dev.sluice.state.stf.Status;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SluiceRollup on a real Anvil, driven from Java: batches built and fraud proofs re-executed by the
 * state code, sent through {@link RollupContract}. Each test deploys its own rollup on one Anvil
 * started for the class, on a free loopback port, and stopped after it whatever happens.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RollupFraudProofIT {
  private static final long L2_CHAIN_ID = 4242;
  private static final BigInteger BOND = BigInteger.TEN.pow(18);
  private static final Duration WINDOW = Duration.ofMinutes(10);
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(10);
  private static final String STREAM = "plant-7/pressure";

  @RegisterExtension static final AnvilL1 l1 = new AnvilL1(RECEIPT_TIMEOUT);

  private RollupContract asProposer;
  private RollupContract asChallenger;
  private Eip712Domain domain;
  private TestSequencer sequencer;
  private FraudProofBuilder builder;
  private Watcher watcher;
  private RecordSigner owner;
  private RecordSigner writer;
  private RecordSigner stranger;

  @BeforeEach
  void deployRollup() {
    long headBefore = Long.decode(String.valueOf(l1.rpc("eth_blockNumber", List.of())));
    asProposer =
        RollupContract.deploy(
            l1.proposer(),
            RollupArtifact.load(),
            l1.proposer().address(),
            BOND,
            WINDOW,
            L2_CHAIN_ID);
    asChallenger = asProposer.withClient(l1.challenger());
    // Records are signed for this very deployment.
    domain = new Eip712Domain(L2_CHAIN_ID, asProposer.address());
    assertEquals(domain.separator(), asProposer.domainSeparator());
    assertEquals(l1.proposer().address(), asProposer.proposer());
    assertEquals(WINDOW, asProposer.challengeWindow());
    // Anvil mines the deployment alone in the next block, which the contract records.
    assertEquals(headBefore + 1, asProposer.deploymentBlock());

    sequencer = new TestSequencer(domain);
    builder = new FraudProofBuilder(domain, SenderRecovery.fastestAvailable());
    watcher = new Watcher();
    owner = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0xA11CE1));
    writer = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0xA11CE2));
    stranger = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0xA11CE3));
    asProposer.depositBond(BOND);
  }

  @Test
  void fraudProofRevertsTheBadBatchAndItsSuccessorAndPaysTheChallenger() {
    List<TestSequencer.Sealed> honest = appendHonestBatches();
    honest.forEach(batch -> assertTrue(watcher.check(batch.posted()).isEmpty()));

    // An honest batch cannot be slashed, neither by re-executing any of its records ...
    TestSequencer.Sealed second = honest.get(1);
    for (int i = 0; i < second.header().recordCount(); i++) {
      FraudProof proof = builder.prove(second.posted(), i, watcher.stateBefore(second.posted(), i));
      assertFalse(proof.showsFraud());
      L1RevertedException refused = assertReverts(RollupError.NO_FRAUD, () -> prove(second, proof));
      assertEquals(
          second.posted().postStateRoots().get(i), RollupError.argument(refused.revertData(), 0));
    }
    // ... nor by a witness that hides or misnames the sibling of the entry its DELETE removes.
    int deletion = indexOf(second, Op.DELETE);
    FraudProof deleteProof =
        builder.prove(second.posted(), deletion, watcher.stateBefore(second.posted(), deletion));
    assertReverts(
        RollupError.DELETION_SIBLING_NOT_OPENED,
        () -> prove(second, withDeletionSibling(deleteProof, SmtProof.SiblingKind.NONE)));
    SmtProof.SiblingKind wrongKind =
        deleteProof.witness().getLast().proof().siblingKind() == SmtProof.SiblingKind.LEAF
            ? SmtProof.SiblingKind.INTERNAL
            : SmtProof.SiblingKind.LEAF;
    assertReverts(
        RollupError.STATE_PROOF_INVALID,
        () -> prove(second, withDeletionSibling(deleteProof, wrongKind)));
    assertEquals(3, asProposer.batchCount());
    assertEquals(BOND, asProposer.bond());

    // A batch whose second root is wrong, the rest built on it, and one more batch on top.
    TestSequencer.Sealed bad = sealBadBatch();
    append(bad);
    sequencer.submit(owner, nonce -> Record.put(nonce, STREAM, bytes("p9"), bytes("2048")));
    append(sequencer.seal());
    assertEquals(5, asProposer.batchCount());

    FraudProof proof = watcher.check(bad.posted()).orElseThrow();
    assertEquals(1, proof.recordIndex());
    assertTrue(proof.showsFraud());

    Address challenger = l1.challenger().address();
    BigInteger challengerBefore = l1.challenger().balanceOf(challenger);
    assertEquals(BOND, l1.challenger().balanceOf(asProposer.address()));
    L1Receipt receipt = prove(bad, proof);

    Address rollup = asProposer.address();
    assertEquals(List.of(new BatchesReverted(3, 4)), RollupEvents.batchesReverted(receipt, rollup));
    assertEquals(
        List.of(new FraudProven(3, Fault.STATE_TRANSITION, 1, challenger, BOND)),
        RollupEvents.fraudProven(receipt, rollup));
    assertEquals(3, asProposer.batchCount());
    assertEquals(honest.get(2).header().hash(), asProposer.headHeaderHash());
    assertEquals(bad.header().firstSequence(), asProposer.nextSequence());
    assertEquals(BigInteger.ZERO, asProposer.bond());
    assertReverts(RollupError.UNKNOWN_BATCH, () -> asProposer.batch(3));
    assertReverts(RollupError.UNKNOWN_BATCH, () -> asProposer.batch(4));
    BigInteger challengerAfter = l1.challenger().balanceOf(challenger);
    assertEquals(challengerBefore.add(BOND).subtract(receipt.fee()), challengerAfter);
    assertEquals(BigInteger.ZERO, l1.challenger().balanceOf(rollup));

    // The bond is paid once: the batch is gone, and nothing is sent.
    assertReverts(RollupError.UNKNOWN_BATCH, () -> prove(bad, proof));
    assertEquals(challengerAfter, l1.challenger().balanceOf(challenger));

    // The proposer continues from the good head, once bonded again.
    sequencer.rewindTo(honest.get(2).header());
    sequencer.submit(owner, nonce -> Record.put(nonce, STREAM, bytes("p5"), bytes("1024")));
    TestSequencer.Sealed resumed = sequencer.seal();
    assertEquals(bad.header().index(), resumed.header().index());
    assertReverts(RollupError.INSUFFICIENT_BOND, () -> append(resumed));
    asProposer.depositBond(BOND);
    append(resumed);
    assertEquals(4, asProposer.batchCount());
    assertEquals(resumed.header().hash(), asProposer.headHeaderHash());
    assertTrue(watcher.check(resumed.posted()).isEmpty());
  }

  @Test
  void batchesFinalizeAfterTheWindowAndCannotBeRevertedThen() {
    sequencer.submit(owner, nonce -> Record.put(nonce, STREAM, bytes("p0"), bytes("1000")));
    sequencer.submit(owner, nonce -> Record.grant(nonce, STREAM, writer.address()));
    TestSequencer.Sealed first = sequencer.seal();
    append(first);
    TestSequencer.Sealed bad = sealBadBatch();
    append(bad);
    assertTrue(watcher.check(first.posted()).isEmpty());
    FraudProof proof = watcher.check(bad.posted()).orElseThrow();

    // Inside the window nothing is final yet.
    assertReverts(RollupError.CHALLENGE_WINDOW_OPEN, () -> asChallenger.finalizeUpTo(1));
    assertFalse(asProposer.isFinalized(0));

    l1.advanceTime(WINDOW.plusSeconds(1));

    // Past it, fraud can no longer be proven, and anyone may finalise.
    assertReverts(RollupError.CHALLENGE_WINDOW_CLOSED, () -> prove(bad, proof));
    L1Receipt receipt = asChallenger.finalizeUpTo(1);
    assertEquals(
        List.of(
            new BatchFinalized(0, first.header().hash()),
            new BatchFinalized(1, bad.header().hash())),
        RollupEvents.batchesFinalized(receipt, asProposer.address()));
    assertTrue(asProposer.isFinalized(1));
    assertEquals(2, asProposer.finalizedCount());

    // A final batch stays, its fault and all.
    assertReverts(RollupError.BATCH_ALREADY_FINALIZED, () -> prove(bad, proof));
    assertEquals(2, asProposer.batchCount());
    assertEquals(bad.header().hash(), asProposer.batch(1).headerHash());
    assertEquals(BOND, asProposer.bond());
  }

  // ----- batches -------------------------------------------------------------------------------

  /** Three honest batches exercising every op and outcome, appended. */
  private List<TestSequencer.Sealed> appendHonestBatches() {
    List<TestSequencer.Sealed> batches = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String key = "p" + i;
      sequencer.submit(owner, nonce -> Record.put(nonce, STREAM, bytes(key), bytes("100" + key)));
    }
    sequencer.submit(owner, nonce -> Record.grant(nonce, STREAM, writer.address()));
    batches.add(sequencer.seal());

    sequencer.submit(writer, nonce -> Record.put(nonce, STREAM, bytes("p1"), bytes("1015")));
    assertEquals(
        Status.PERMISSION_DENIED,
        sequencer.submit(stranger, nonce -> Record.put(nonce, STREAM, bytes("p1"), bytes("0"))));
    assertEquals(
        Status.APPLIED,
        sequencer.submit(owner, nonce -> Record.delete(nonce, STREAM, bytes("p2"))));
    batches.add(sequencer.seal());

    sequencer.submit(owner, nonce -> Record.revoke(nonce, STREAM, writer.address()));
    assertEquals(
        Status.PERMISSION_DENIED,
        sequencer.submit(writer, nonce -> Record.put(nonce, STREAM, bytes("p3"), bytes("7"))));
    batches.add(sequencer.seal());

    batches.forEach(batch -> append(batch));
    assertEquals(3, asProposer.batchCount());
    return batches;
  }

  /**
   * Three records whose second root is wrong: the sequencer slipped a write of its own into the
   * state after it, and built the third record on that state.
   */
  private TestSequencer.Sealed sealBadBatch() {
    sequencer.submit(owner, nonce -> Record.put(nonce, STREAM, bytes("p6"), bytes("998")));
    sequencer.submit(owner, nonce -> Record.put(nonce, STREAM, bytes("p7"), bytes("1001")));
    sequencer.tamper(state -> state.put(Keccak.hash32(bytes("not a record")), bytes("forged")));
    sequencer.submit(owner, nonce -> Record.delete(nonce, STREAM, bytes("p6")));
    return sequencer.seal();
  }

  private L1Receipt append(TestSequencer.Sealed batch) {
    return asProposer.appendBatch(batch.header(), batch.data());
  }

  private L1Receipt prove(TestSequencer.Sealed batch, FraudProof proof) {
    return asChallenger.proveFraud(batch.header(), proof);
  }

  private static int indexOf(TestSequencer.Sealed batch, Op op) {
    List<BatchRecord> records = batch.posted().records();
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).signed().record().op() == op) {
        return i;
      }
    }
    throw new AssertionError("no " + op + " in batch " + batch.header().index());
  }

  /** {@code proof} with the sibling of its last access, a deletion, opened as {@code kind}. */
  private static FraudProof withDeletionSibling(FraudProof proof, SmtProof.SiblingKind kind) {
    List<StateWitness> witness = new ArrayList<>(proof.witness());
    StateWitness deletion = witness.getLast();
    assertEquals(StateWitness.Kind.DELETE, deletion.kind());
    SmtProof honest = deletion.proof();
    boolean hidden = kind == SmtProof.SiblingKind.NONE;
    SmtProof forged =
        new SmtProof(
            honest.siblings(),
            honest.terminalIsLeaf(),
            honest.leafKey(),
            honest.leafValueHash(),
            kind,
            hidden ? Bytes32.ZERO : honest.siblingFirst(),
            hidden ? Bytes32.ZERO : honest.siblingSecond());
    witness.set(
        witness.size() - 1,
        new StateWitness(deletion.kind(), deletion.treeKey(), forged, deletion.preimage()));
    return new FraudProof(
        proof.record(),
        proof.recordIndex(),
        proof.recordProof(),
        proof.preStateRoot(),
        proof.preStateRootProof(),
        proof.postStateRoot(),
        proof.postStateRootProof(),
        witness,
        proof.status(),
        proof.computedPostStateRoot());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  // ----- L1 ------------------------------------------------------------------------------------

  private static L1RevertedException assertReverts(RollupError expected, L1Call call) {
    L1RevertedException reverted = assertThrows(L1RevertedException.class, call::run);
    assertEquals(Optional.of(expected), RollupError.of(reverted), reverted.getMessage());
    return reverted;
  }

  /** A call or transaction expected to revert; what it would return is ignored. */
  @FunctionalInterface
  private interface L1Call {
    Object run();
  }

  /**
   * The challenger's own copy of the state, rebuilt from the posted batches alone, in a node store
   * of its own: it accepts a batch whose roots re-execution confirms and stays at the last good
   * state otherwise.
   */
  private final class Watcher {
    private SparseMerkleTree state =
        new SparseMerkleTree(
            new TreeNodeStore(new InMemoryKeyValueStore(), 1 << 12), SmtHashing.EMPTY);

    Optional<FraudProof> check(Batch batch) {
      Optional<FraudProof> fraud = builder.findFraud(batch, state);
      if (fraud.isEmpty()) {
        state = state.at(batch.header().postStateRoot());
      }
      return fraud;
    }

    /** The state the batch claims before record {@code index}, once the batch was checked. */
    SparseMerkleTree stateBefore(Batch batch, int index) {
      return state.at(batch.preStateRootOf(index));
    }
  }
}
