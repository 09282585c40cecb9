package dev.sluice.state.stf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A witness has exactly one valid form; anything else is refused, never silently accepted. */
class WitnessedStateTest {
  private static final RecordSigner OWNER = RecordFixtures.signer(301);

  private final SparseMerkleTree tree =
      new SparseMerkleTree(new TreeNodeStore(new InMemoryKeyValueStore()), Bytes32.ZERO);

  @Test
  void shouldReplayAnHonestWitnessToTheTreesRoot() {
    RecoveredRecord put = recovered(Record.put(0, "s", new byte[] {1}, new byte[] {2}));
    List<StateWitness> witnesses = record(put);
    WitnessedState replay = new WitnessedState(Bytes32.ZERO, witnesses);
    assertEquals(Status.APPLIED, StateTransition.apply(replay, put));
    assertEquals(tree.root(), replay.root());
  }

  @Test
  void shouldRefuseAPreimageOnAWrite() {
    RecoveredRecord put = recovered(Record.put(0, "s", new byte[] {1}, new byte[] {2}));
    List<StateWitness> witnesses = new ArrayList<>(record(put));
    StateWitness write = witnesses.get(2);
    assertEquals(StateWitness.Kind.PUT, write.kind());
    witnesses.set(2, new StateWitness(write.kind(), write.treeKey(), write.proof(), new byte[] {9}));
    WitnessedState replay = new WitnessedState(Bytes32.ZERO, witnesses);
    assertThrows(WitnessedState.InvalidWitnessException.class, () -> StateTransition.apply(replay, put));
  }

  @Test
  void shouldRefuseAWitnessForAnotherKeyOrAWrongRoot() {
    RecoveredRecord put = recovered(Record.put(0, "s", new byte[] {1}, new byte[] {2}));
    List<StateWitness> witnesses = record(put);
    WitnessedState wrongRoot = new WitnessedState(tree.root(), witnesses);
    assertThrows(WitnessedState.InvalidWitnessException.class, () -> StateTransition.apply(wrongRoot, put));
    RecoveredRecord other = recovered(Record.put(0, "t", new byte[] {1}, new byte[] {2}));
    WitnessedState wrongKey = new WitnessedState(Bytes32.ZERO, witnesses);
    assertThrows(WitnessedState.InvalidWitnessException.class, () -> StateTransition.apply(wrongKey, other));
  }

  @Test
  void shouldRefuseATruncatedWitness() {
    RecoveredRecord put = recovered(Record.put(0, "s", new byte[] {1}, new byte[] {2}));
    List<StateWitness> witnesses = record(put);
    WitnessedState truncated = new WitnessedState(Bytes32.ZERO, witnesses.subList(0, witnesses.size() - 1));
    assertThrows(WitnessedState.InvalidWitnessException.class, () -> StateTransition.apply(truncated, put));
  }

  private List<StateWitness> record(RecoveredRecord input) {
    WitnessRecorder recorder = new WitnessRecorder(tree);
    StateTransition.apply(recorder, input);
    return recorder.witnesses();
  }

  private static RecoveredRecord recovered(Record record) {
    SignedRecord signed = OWNER.sign(record);
    return new RecoveredRecord(signed, RecordFixtures.DOMAIN.digest(record), Optional.of(OWNER.address()));
  }
}
