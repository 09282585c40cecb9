package dev.sluice.state.stf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SignedRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateTransitionTest {
  private static final RecordSigner OWNER = RecordFixtures.signer(101);
  private static final RecordSigner WRITER = RecordFixtures.signer(102);
  private static final RecordSigner STRANGER = RecordFixtures.signer(103);
  private static final String STREAM = "sensors/berlin";
  private static final byte[] STREAM_BYTES = STREAM.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEY = {7};

  private final MapStateAccess state = new MapStateAccess();
  private final Map<Address, Long> nonces = new HashMap<>();

  @Test
  void shouldCreateTheStreamOnFirstPutAndStoreTheEntry() {
    RecoveredRecord put = signed(OWNER, nonce -> Record.put(nonce, STREAM, KEY, new byte[] {42}));
    assertEquals(Status.APPLIED, StateTransition.apply(state, put));

    assertEquals(1, accountNonce(OWNER));
    StreamLeaf stream = streamLeaf().orElseThrow();
    assertEquals(OWNER.address(), stream.owner());
    assertEquals(1, stream.count());
    assertEquals(Keccak.hash32(Bytes32.ZERO.toArray(), put.digest().toArray()), stream.head());
    assertArrayEquals(new byte[] {42}, state.leaves.get(StateKeys.entry(STREAM_BYTES, KEY)));
  }

  @Test
  void shouldChainEveryAppliedRecordOfAStream() {
    RecoveredRecord first = apply(OWNER, nonce -> Record.put(nonce, STREAM, KEY, new byte[] {1}));
    RecoveredRecord second = apply(OWNER, nonce -> Record.delete(nonce, STREAM, KEY));
    Bytes32 expected =
        Keccak.hash32(
            Keccak.hash(Bytes32.ZERO.toArray(), first.digest().toArray()), second.digest().toArray());
    assertEquals(2, streamLeaf().orElseThrow().count());
    assertEquals(expected, streamLeaf().orElseThrow().head());
  }

  @Test
  void shouldRejectABadSignatureWithoutTouchingState() {
    SignedRecord signed = OWNER.sign(Record.put(0, STREAM, KEY, new byte[0]));
    RecoveredRecord invalid =
        new RecoveredRecord(signed, RecordFixtures.DOMAIN.digest(signed.record()), Optional.empty());
    assertEquals(Status.BAD_SIGNATURE, StateTransition.apply(state, invalid));
    assertTrue(state.accesses.isEmpty());
  }

  @Test
  void shouldRejectWrongNoncesWithoutConsumingThem() {
    apply(OWNER, nonce -> Record.put(nonce, STREAM, KEY, new byte[0]));
    Map<Bytes32, byte[]> before = Map.copyOf(state.leaves);
    for (long wrong : new long[] {0, 2, 1000, -1}) {
      state.accesses.clear();
      RecoveredRecord record = recovered(OWNER, Record.put(wrong, STREAM, KEY, new byte[] {9}));
      assertEquals(Status.NONCE_MISMATCH, StateTransition.apply(state, record), "nonce " + wrong);
      assertEquals(List.of("get " + StateKeys.account(OWNER.address())), state.accesses);
    }
    assertEquals(before.keySet(), state.leaves.keySet());
    assertEquals(1, accountNonce(OWNER));
  }

  @Test
  void shouldNeverConsumeTheLastNonce() {
    state.leaves.put(StateKeys.account(OWNER.address()), Uint64.encode(-1L));
    RecoveredRecord record = recovered(OWNER, Record.put(-1L, STREAM, KEY, new byte[0]));
    assertEquals(Status.NONCE_MISMATCH, StateTransition.apply(state, record));
  }

  @Test
  void shouldDenyWritesByStrangersButConsumeTheirNonce() {
    apply(OWNER, nonce -> Record.put(nonce, STREAM, KEY, new byte[] {1}));
    StreamLeaf before = streamLeaf().orElseThrow();
    RecoveredRecord denied = signed(STRANGER, nonce -> Record.put(nonce, STREAM, KEY, new byte[] {2}));
    assertEquals(Status.PERMISSION_DENIED, StateTransition.apply(state, denied));
    assertEquals(1, accountNonce(STRANGER));
    assertEquals(before, streamLeaf().orElseThrow());
    assertArrayEquals(new byte[] {1}, state.leaves.get(StateKeys.entry(STREAM_BYTES, KEY)));
  }

  @Test
  void shouldLetAGrantedWriterWriteUntilRevoked() {
    apply(OWNER, nonce -> Record.grant(nonce, STREAM, WRITER.address()));
    assertEquals(OWNER.address(), streamLeaf().orElseThrow().owner(), "GRANT creates the stream");
    assertEquals(Status.APPLIED, applyStatus(WRITER, nonce -> Record.put(nonce, STREAM, KEY, new byte[] {3})));
    assertEquals(Status.APPLIED, applyStatus(WRITER, nonce -> Record.delete(nonce, STREAM, KEY)));
    assertEquals(Status.APPLIED, applyStatus(OWNER, nonce -> Record.revoke(nonce, STREAM, WRITER.address())));
    assertFalse(state.leaves.containsKey(StateKeys.acl(STREAM_BYTES, WRITER.address())));
    assertEquals(
        Status.PERMISSION_DENIED, applyStatus(WRITER, nonce -> Record.put(nonce, STREAM, KEY, new byte[] {4})));
    assertEquals(4, streamLeaf().orElseThrow().count());
  }

  @Test
  void shouldLetOnlyTheOwnerGrantAndRevoke() {
    apply(OWNER, nonce -> Record.put(nonce, STREAM, KEY, new byte[0]));
    apply(OWNER, nonce -> Record.grant(nonce, STREAM, WRITER.address()));
    assertEquals(
        Status.PERMISSION_DENIED,
        applyStatus(WRITER, nonce -> Record.grant(nonce, STREAM, STRANGER.address())),
        "a writer cannot grant");
    assertEquals(
        Status.PERMISSION_DENIED,
        applyStatus(STRANGER, nonce -> Record.revoke(nonce, STREAM, WRITER.address())));
    assertTrue(state.leaves.containsKey(StateKeys.acl(STREAM_BYTES, WRITER.address())));
  }

  @Test
  void shouldReportMissingStreamsAndEntriesAndConsumeTheNonce() {
    assertEquals(Status.STREAM_NOT_FOUND, applyStatus(OWNER, nonce -> Record.delete(nonce, STREAM, KEY)));
    assertEquals(
        Status.STREAM_NOT_FOUND, applyStatus(OWNER, nonce -> Record.revoke(nonce, STREAM, WRITER.address())));
    assertTrue(streamLeaf().isEmpty(), "neither creates the stream");
    apply(OWNER, nonce -> Record.put(nonce, "other", KEY, new byte[0]));
    assertEquals(Status.ENTRY_NOT_FOUND, applyStatus(OWNER, nonce -> Record.delete(nonce, "other", new byte[] {8})));
    assertEquals(4, accountNonce(OWNER));
  }

  @Test
  void shouldTreatRevokingAnUngrantedWriterAsApplied() {
    apply(OWNER, nonce -> Record.put(nonce, STREAM, KEY, new byte[0]));
    assertEquals(Status.APPLIED, applyStatus(OWNER, nonce -> Record.revoke(nonce, STREAM, WRITER.address())));
  }

  @Test
  void shouldAccessStateInTheOrderTheSpecFixes() {
    apply(OWNER, nonce -> Record.put(nonce, STREAM, KEY, new byte[0]));
    apply(OWNER, nonce -> Record.grant(nonce, STREAM, WRITER.address()));
    state.accesses.clear();
    applyStatus(WRITER, nonce -> Record.delete(nonce, STREAM, KEY));
    Bytes32 entry = StateKeys.entry(STREAM_BYTES, KEY);
    assertEquals(
        List.of(
            "get " + StateKeys.account(WRITER.address()),
            "get " + StateKeys.stream(STREAM_BYTES),
            "contains " + StateKeys.acl(STREAM_BYTES, WRITER.address()),
            "contains " + entry,
            "put " + StateKeys.account(WRITER.address()),
            "put " + StateKeys.stream(STREAM_BYTES),
            "delete " + entry),
        state.accesses);

    state.accesses.clear();
    applyStatus(OWNER, nonce -> Record.put(nonce, STREAM, KEY, new byte[] {1}));
    assertEquals(
        List.of(
            "get " + StateKeys.account(OWNER.address()),
            "get " + StateKeys.stream(STREAM_BYTES),
            "put " + StateKeys.account(OWNER.address()),
            "put " + StateKeys.stream(STREAM_BYTES),
            "put " + entry),
        state.accesses,
        "the owner's acl is never read");
  }

  private interface RecordForNonce {
    Record build(long nonce);
  }

  private RecoveredRecord signed(RecordSigner signer, RecordForNonce builder) {
    long nonce = nonces.merge(signer.address(), 1L, Long::sum) - 1;
    return recovered(signer, builder.build(nonce));
  }

  private RecoveredRecord apply(RecordSigner signer, RecordForNonce builder) {
    RecoveredRecord record = signed(signer, builder);
    assertEquals(Status.APPLIED, StateTransition.apply(state, record));
    return record;
  }

  private Status applyStatus(RecordSigner signer, RecordForNonce builder) {
    return StateTransition.apply(state, signed(signer, builder));
  }

  private static RecoveredRecord recovered(RecordSigner signer, Record record) {
    SignedRecord signed = signer.sign(record);
    return new RecoveredRecord(signed, RecordFixtures.DOMAIN.digest(record), Optional.of(signer.address()));
  }

  private long accountNonce(RecordSigner signer) {
    byte[] preimage = state.leaves.get(StateKeys.account(signer.address()));
    return preimage == null ? 0 : Uint64.read(preimage, 0);
  }

  private Optional<StreamLeaf> streamLeaf() {
    return Optional.ofNullable(state.leaves.get(StateKeys.stream(STREAM_BYTES))).map(StreamLeaf::decode);
  }
}
