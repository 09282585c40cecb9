package dev.sluice.bridge;

import dev.sluice.state.batch.Batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchMerkleTree;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.smt.SmtProof;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.stf.StateWitness;
import dev.sluice.state.stf.Status;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FraudProofBuilderTest {
  private static final Eip712Domain DOMAIN =
      new Eip712Domain(4242, Address.fromHex("0x" + "5e".repeat(20)));
  private static final String STREAM = "plant-7/pressure";

  private final TestSequencer sequencer = new TestSequencer(DOMAIN);
  private final FraudProofBuilder builder =
      new FraudProofBuilder(DOMAIN, SenderRecovery.fastestAvailable());
  private final RecordSigner owner = signer(1);
  private final RecordSigner writer = signer(2);

  private static RecordSigner signer(int seed) {
    return RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(0xA11CE + seed));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Batch 0: a stream with three entries and a granted writer. */
  private TestSequencer.Sealed genesis() {
    for (int i = 0; i < 3; i++) {
      String key = "p" + i;
      sequencer.submit(owner, nonce -> Record.put(nonce, STREAM, bytes(key), bytes("100" + key)));
    }
    sequencer.submit(owner, nonce -> Record.grant(nonce, STREAM, writer.address()));
    return sequencer.seal();
  }

  private SparseMerkleTree stateAt(Bytes32 root) {
    return sequencer.state().at(root);
  }

  @Test
  void findsNothingInAnHonestBatch() {
    TestSequencer.Sealed batch = genesis();
    assertTrue(builder.findFraud(batch.posted(), stateAt(batch.header().preStateRoot())).isEmpty());
  }

  @Test
  void provesAnHonestRecordWithoutShowingFraud() {
    TestSequencer.Sealed batch = genesis();
    for (int i = 0; i < batch.header().recordCount(); i++) {
      FraudProof proof =
          builder.prove(batch.posted(), i, stateAt(batch.posted().preStateRootOf(i)));
      assertFalse(proof.showsFraud(), "record " + i);
      assertEquals(batch.statuses().get(i), proof.status());
      assertEquals(batch.posted().postStateRoots().get(i), proof.computedPostStateRoot());
    }
  }

  @Test
  void provesTheFirstWrongRootAndOnlyIt() {
    TestSequencer.Sealed first = genesis();
    sequencer.submit(writer, nonce -> Record.put(nonce, STREAM, bytes("p1"), bytes("1015")));
    sequencer.submit(owner, nonce -> Record.put(nonce, STREAM, bytes("p9"), bytes("998")));
    Bytes32 honest = sequencer.state().root();
    sequencer.tamper(state -> state.put(Keccak.hash32(bytes("forged")), bytes("x")));
    sequencer.submit(owner, nonce -> Record.delete(nonce, STREAM, bytes("p0")));
    TestSequencer.Sealed bad = sequencer.seal();

    FraudProof proof =
        builder.findFraud(bad.posted(), stateAt(first.header().postStateRoot())).orElseThrow();
    assertEquals(1, proof.recordIndex());
    assertTrue(proof.showsFraud());
    assertEquals(honest, proof.computedPostStateRoot());
    assertEquals(bad.posted().postStateRoots().get(1), proof.postStateRoot());
    assertEquals(bad.posted().postStateRoots().get(0), proof.preStateRoot());
    assertEquals(Status.APPLIED, proof.status());

    // The Merkle proofs are the ones the contract checks.
    int count = bad.header().recordCount();
    assertTrue(
        BatchMerkleTree.verify(
            bad.header().recordsRoot(),
            count,
            1,
            proof.record().leaf(DOMAIN),
            proof.recordProof()));
    assertTrue(
        BatchMerkleTree.verify(
            bad.header().rootsRoot(), count, 0, proof.preStateRoot(), proof.preStateRootProof()));
    assertTrue(
        BatchMerkleTree.verify(
            bad.header().rootsRoot(), count, 1, proof.postStateRoot(), proof.postStateRootProof()));
  }

  @Test
  void provesAWrongFirstRootFromTheHeadersPreStateRoot() {
    TestSequencer.Sealed first = genesis();
    sequencer.submit(owner, nonce -> Record.put(nonce, STREAM, bytes("p1"), bytes("1")));
    sequencer.tamper(state -> state.put(Keccak.hash32(bytes("forged")), bytes("x")));
    TestSequencer.Sealed bad = sequencer.seal();

    FraudProof proof =
        builder.findFraud(bad.posted(), stateAt(first.header().postStateRoot())).orElseThrow();
    assertEquals(0, proof.recordIndex());
    assertEquals(bad.header().preStateRoot(), proof.preStateRoot());
    assertTrue(proof.preStateRootProof().isEmpty());
  }

  @Test
  void deletionWitnessOpensItsSiblingAndPresenceReadsCarryNoPreimage() {
    TestSequencer.Sealed first = genesis();
    // The granted writer, known by now, deletes: account and stream reads, acl and entry
    // presence reads, two writes, and the deletion.
    sequencer.submit(writer, nonce -> Record.put(nonce, STREAM, bytes("p5"), bytes("5")));
    sequencer.submit(writer, nonce -> Record.delete(nonce, STREAM, bytes("p2")));
    sequencer.tamper(state -> state.put(Keccak.hash32(bytes("forged")), bytes("x")));
    TestSequencer.Sealed bad = sequencer.seal();

    FraudProof proof =
        builder.findFraud(bad.posted(), stateAt(first.header().postStateRoot())).orElseThrow();
    assertEquals(1, proof.recordIndex());
    List<StateWitness> witness = proof.witness();
    assertEquals(7, witness.size());
    assertTrue(witness.get(0).preimage().length > 0, "account read carries the nonce");
    assertTrue(witness.get(1).preimage().length > 0, "stream read carries the stream leaf");
    assertEquals(0, witness.get(2).preimage().length, "acl presence read");
    assertEquals(0, witness.get(3).preimage().length, "entry presence read");
    SmtProof deletion = witness.get(6).proof();
    assertEquals(StateWitness.Kind.DELETE, witness.get(6).kind());
    assertTrue(deletion.depth() > 0);
    assertNotEquals(SmtProof.SiblingKind.NONE, deletion.siblingKind());
  }

  @Test
  void refusesAStateAtAnotherRoot() {
    TestSequencer.Sealed first = genesis();
    sequencer.submit(owner, nonce -> Record.put(nonce, STREAM, bytes("p1"), bytes("1")));
    TestSequencer.Sealed second = sequencer.seal();
    SparseMerkleTree wrong = stateAt(second.header().postStateRoot());
    assertThrows(IllegalArgumentException.class, () -> builder.findFraud(second.posted(), wrong));
    assertThrows(IllegalArgumentException.class, () -> builder.prove(second.posted(), 0, wrong));
    assertTrue(
        builder.findFraud(second.posted(), stateAt(first.header().postStateRoot())).isEmpty());
  }

  @Test
  void refusesRecordsSignedForAnotherRollup() {
    TestSequencer.Sealed batch = genesis();
    FraudProofBuilder elsewhere =
        new FraudProofBuilder(
            new Eip712Domain(4242, Address.fromHex("0x" + "77".repeat(20))),
            SenderRecovery.fastestAvailable());
    assertThrows(
        IllegalArgumentException.class,
        () -> elsewhere.findFraud(batch.posted(), stateAt(batch.header().preStateRoot())));
  }

  @Test
  void postedBatchRefusesRootsOtherThanTheHeaders() {
    TestSequencer.Sealed batch = genesis();
    List<Bytes32> roots = new java.util.ArrayList<>(batch.posted().postStateRoots());
    roots.set(2, Keccak.hash32(bytes("other")));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Batch(batch.header(), batch.posted().records(), roots));
  }
}
