package dev.sluice.sequencer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.sequencer.SubmissionRejectedException.Reason;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.Signature;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.stf.Status;
import dev.sluice.state.stf.StreamLeaf;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelinedSequencerTest {
  private static final String STREAM = "sensors/berlin";

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
  private final TestSigner alice = new TestSigner(11);
  private final TestSigner bob = new TestSigner(12);
  private final TestSigner carol = new TestSigner(13);
  private PipelinedSequencer sequencer;

  @AfterEach
  void closeSequencer() {
    if (sequencer != null) {
      sequencer.close();
    }
  }

  @Test
  void shouldAcknowledgeRecordsInArrivalOrderWithConsecutiveSequences() {
    sequencer = started(config());
    List<SignedRecord> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      SignedRecord record = (i % 2 == 0 ? alice : bob).put(STREAM + i, "k", "v" + i);
      records.add(record);
      Acknowledgement ack = Await.result(sequencer.submit(record));
      assertEquals(new Acknowledgement(i, record.recordHash()), ack);
    }

    for (int i = 0; i < records.size(); i++) {
      SequencedRecord sequenced = sequencer.record(i).orElseThrow();
      assertEquals(records.get(i), sequenced.record());
      assertEquals(i % 2 == 0 ? alice.address() : bob.address(), sequenced.sender());
      assertEquals(clock.millis(), sequenced.timestamp());
      assertEquals(sequenced, sequencer.record(records.get(i).recordHash()).orElseThrow());
    }
    assertEquals(10, sequencer.status().nextSequence());
    assertTrue(sequencer.record(10).isEmpty());
  }

  @Test
  void shouldGiveEveryReceiptTheRootOfAnIndependentReplay() {
    long seed = TestSeeds.seed("shouldGiveEveryReceiptTheRootOfAnIndependentReplay");
    sequencer = started(config().checkpointRecords(37));
    List<SignedRecord> records = new RandomWorkload(seed, 4).records(300);
    // Pipelined in windows no deeper than the nonce hold, as a well-behaved client does.
    for (int from = 0; from < records.size(); from += 60) {
      List<CompletableFuture<Acknowledgement>> acks = new ArrayList<>();
      for (SignedRecord record : records.subList(from, Math.min(records.size(), from + 60))) {
        acks.add(sequencer.submit(record));
      }
      acks.forEach(Await::result);
    }
    Await.result(sequencer.receiptOf(records.size() - 1));

    ReferenceState reference = new ReferenceState();
    for (long sequence = 0; sequence < records.size(); sequence++) {
      SignedRecord record = sequencer.record(sequence).orElseThrow().record();
      ReferenceState.Outcome expected = reference.apply(record);
      Receipt receipt = sequencer.receipt(sequence).orElseThrow();
      assertEquals(
          expected.status(),
          receipt.status(),
          "sequence " + sequence + ", " + TestSeeds.replay(seed));
      assertEquals(
          expected.root(),
          receipt.postStateRoot(),
          "sequence " + sequence + ", " + TestSeeds.replay(seed));
      assertEquals(record.recordHash(), receipt.recordHash());
      assertEquals(receipt, sequencer.receipt(record.recordHash()).orElseThrow());
    }
  }

  @Test
  void shouldReportGrantsAndPermissionsInReceipts() {
    sequencer = started(config());
    List<Status> statuses = new ArrayList<>();
    statuses.add(applied(alice.put(STREAM, "temperature", "21.5")));
    statuses.add(applied(bob.put(STREAM, "humidity", "40")));
    statuses.add(applied(alice.grant(STREAM, bob.address())));
    statuses.add(applied(bob.put(STREAM, "humidity", "41")));
    statuses.add(applied(alice.revoke(STREAM, bob.address())));
    statuses.add(applied(bob.delete(STREAM, "humidity")));
    statuses.add(applied(carol.delete("no-such-stream", "k")));
    statuses.add(applied(alice.delete(STREAM, "pressure")));
    statuses.add(applied(carol.grant(STREAM, carol.address())));

    assertEquals(
        List.of(
            Status.APPLIED,
            Status.PERMISSION_DENIED,
            Status.APPLIED,
            Status.APPLIED,
            Status.APPLIED,
            Status.PERMISSION_DENIED,
            Status.STREAM_NOT_FOUND,
            Status.ENTRY_NOT_FOUND,
            Status.PERMISSION_DENIED),
        statuses);
    StreamLeaf leaf = sequencer.stream(STREAM).orElseThrow();
    assertEquals(alice.address(), leaf.owner());
    assertEquals(4, leaf.count());
    EntryProof humidity = sequencer.entry(STREAM, bytes("humidity"), OptionalLong.empty());
    assertArrayEquals(bytes("41"), humidity.value().orElseThrow());
    // Rejections that consume the nonce still count: bob's and carol's next nonces moved on.
    assertEquals(3, sequencer.nextNonce(bob.address()));
    assertEquals(2, sequencer.nextNonce(carol.address()));
  }

  @Test
  void shouldRefuseAnInvalidSignatureWithoutTouchingTheLogOrTheState() {
    sequencer = started(config());
    SignedRecord valid = alice.put(STREAM, "k", "v");
    SignedRecord highS = withHighS(valid);

    SubmissionRejectedException rejection = Await.rejection(sequencer.submit(highS));

    assertEquals(Reason.INVALID_SIGNATURE, rejection.reason());
    assertEquals(0, sequencer.status().nextSequence());
    assertTrue(sequencer.record(highS.recordHash()).isEmpty());
    assertEquals(0, sequencer.nextNonce(alice.address()));
    assertEquals(1, sequencer.metrics().rejectedRecords(Reason.INVALID_SIGNATURE));
    assertEquals(new Acknowledgement(0, valid.recordHash()), Await.result(sequencer.submit(valid)));
  }

  @Test
  void shouldTakeASenderRecoveredByTheCallerWithoutRecoveringAgain() {
    CountingSenderRecovery recovery = new CountingSenderRecovery();
    sequencer = started(config().senderRecovery(recovery));
    SignedRecord first = alice.put(STREAM, "k", "v");
    SignedRecord second = alice.put(STREAM, "k", "w");

    assertEquals(0, Await.result(sequencer.submit(first, alice.address())).sequence());
    assertEquals(1, Await.result(sequencer.submit(second, alice.address())).sequence());

    assertEquals(0, recovery.calls(), "the sender is recovered once, by the caller");
    assertEquals(alice.address(), sequencer.record(1).orElseThrow().sender());
    assertEquals(alice.address(), Await.result(sequencer.receiptOf(1)).sender());
    // The nonce rules hold as for any record.
    assertEquals(
        Reason.NONCE_TOO_LOW, Await.rejection(sequencer.submit(first, alice.address())).reason());
  }

  @Test
  void shouldStillCheckTheSignatureScalarsOfARecordWithARecoveredSender() {
    sequencer = started(config());
    SignedRecord highS = withHighS(alice.put(STREAM, "k", "v"));

    SubmissionRejectedException rejection =
        Await.rejection(sequencer.submit(highS, alice.address()));

    assertEquals(Reason.INVALID_SIGNATURE, rejection.reason());
    assertEquals(0, sequencer.status().nextSequence());
  }

  /** Recovers with the real library and counts the calls. */
  private static final class CountingSenderRecovery implements SenderRecovery {
    private final SenderRecovery delegate = SenderRecovery.fastestAvailable();
    private final java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();

    int calls() {
      return calls.get();
    }

    @Override
    public Optional<Address> recover(Bytes32 digest, Signature signature) {
      calls.incrementAndGet();
      return delegate.recover(digest, signature);
    }

    @Override
    public String name() {
      return "counting " + delegate.name();
    }
  }

  @Test
  void shouldRefuseAReplayedRecordAsNonceTooLow() {
    sequencer = started(config());
    SignedRecord record = alice.put(STREAM, "k", "v");
    Await.result(sequencer.submit(record));

    SubmissionRejectedException replay = Await.rejection(sequencer.submit(record));

    assertEquals(Reason.NONCE_TOO_LOW, replay.reason());
    assertTrue(replay.getMessage().contains("is 1"), replay.getMessage());
  }

  @Test
  void shouldRefuseANonceBeyondTheHoldWindowNamingTheExpectedNonce() {
    sequencer = started(config());
    Await.result(sequencer.submit(alice.put(STREAM, "k", "v")));

    SubmissionRejectedException rejection =
        Await.rejection(sequencer.submit(alice.putWithNonce(66, STREAM, "k", "v")));

    assertEquals(Reason.NONCE_TOO_HIGH, rejection.reason());
    assertTrue(rejection.getMessage().contains("which is 1"), rejection.getMessage());
  }

  @Test
  void shouldSequencePipelinedRecordsInNonceOrderWhateverOrderTheyArriveIn() {
    sequencer = started(config());
    List<SignedRecord> records = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      records.add(alice.put(STREAM, "k" + i, "v"));
    }
    List<CompletableFuture<Acknowledgement>> acks = new ArrayList<>();
    for (int i = records.size() - 1; i >= 0; i--) {
      acks.add(0, sequencer.submit(records.get(i)));
    }

    for (int i = 0; i < records.size(); i++) {
      assertEquals(i, Await.result(acks.get(i)).sequence());
    }
    assertEquals(8, sequencer.nextNonce(alice.address()));
  }

  @Test
  void shouldRefuseAHeldRecordWhenItsHoldTimeRunsOut() {
    sequencer = started(config().nonceHoldTime(Duration.ofSeconds(2)));
    CompletableFuture<Acknowledgement> ahead =
        sequencer.submit(alice.putWithNonce(1, STREAM, "k", "v"));
    Await.until(() -> sequencer.metrics().heldRecords() == 1, "the record is held");

    clock.advance(Duration.ofMillis(1_999));
    CompletableFuture<Acknowledgement> other = sequencer.submit(bob.put(STREAM, "k", "v"));
    Await.result(other);
    assertFalse(ahead.isDone());
    clock.advance(Duration.ofMillis(1));

    SubmissionRejectedException rejection = Await.rejection(ahead);
    assertEquals(Reason.NONCE_TOO_HIGH, rejection.reason());
    assertTrue(rejection.getMessage().contains("is 0"), rejection.getMessage());
    assertEquals(0, sequencer.metrics().heldRecords());
  }

  @Test
  void shouldRefuseWithPausedWhilePausedAndAcceptAfterResume() {
    sequencer = started(config());
    CompletableFuture<Acknowledgement> held =
        sequencer.submit(alice.putWithNonce(1, STREAM, "k", "v"));
    Await.until(() -> sequencer.metrics().heldRecords() == 1, "the record is held");

    sequencer.pause();

    assertTrue(sequencer.status().paused());
    assertEquals(Reason.PAUSED, Await.rejection(held).reason());
    assertEquals(
        Reason.PAUSED, Await.rejection(sequencer.submit(alice.put(STREAM, "k", "v"))).reason());
    sequencer.resume();
    assertFalse(sequencer.status().paused());
    assertEquals(
        0, Await.result(sequencer.submit(alice.startingAt(0).put(STREAM, "k", "v"))).sequence());
  }

  @Test
  void shouldRefuseWithBusyWhileRecoveryIsSaturatedAndRecoverAfterwards() {
    GatedSenderRecovery recovery = new GatedSenderRecovery();
    sequencer =
        started(config().recoveryThreads(1).ingressQueueCapacity(2).senderRecovery(recovery));
    List<CompletableFuture<Acknowledgement>> accepted = new ArrayList<>();
    accepted.add(sequencer.submit(alice.put(STREAM, "k", "0")));
    Await.until(() -> recovery.waiting() == 1, "the recovery thread is busy");
    accepted.add(sequencer.submit(alice.put(STREAM, "k", "1")));
    accepted.add(sequencer.submit(alice.put(STREAM, "k", "2")));

    SubmissionRejectedException busy = Await.rejection(sequencer.submit(bob.put(STREAM, "k", "v")));

    assertEquals(Reason.BUSY, busy.reason());
    assertEquals(2, sequencer.metrics().ingressQueueDepth());
    recovery.release();
    for (int i = 0; i < accepted.size(); i++) {
      assertEquals(i, Await.result(accepted.get(i)).sequence());
    }
    assertEquals(
        3, Await.result(sequencer.submit(bob.startingAt(0).put(STREAM, "k", "v"))).sequence());
  }

  @Test
  void shouldRefuseWithBusyWhileTheLogIsStalledAndRecoverAfterwards() {
    GatedKeyValueStore gated = new GatedKeyValueStore(store);
    sequencer =
        started(
            gated,
            config()
                .recoveryThreads(1)
                .nonceHoldAhead(2)
                .logQueueCapacity(4)
                .groupCommitRecords(1));
    gated.closeGate();
    List<CompletableFuture<Acknowledgement>> accepted = new ArrayList<>();
    accepted.add(sequencer.submit(alice.put(STREAM, "k", "0")));
    Await.until(() -> gated.waitingCommits() == 1, "the log writer waits on the disk");
    // Room for four in the log queue, of which three must stay free for a released run: two fit.
    accepted.add(sequencer.submit(alice.put(STREAM, "k", "1")));
    accepted.add(sequencer.submit(alice.put(STREAM, "k", "2")));
    Await.until(() -> sequencer.metrics().logQueueDepth() == 2, "two records wait for the log");

    SubmissionRejectedException busy =
        Await.rejection(sequencer.submit(alice.put(STREAM, "k", "3")));

    assertEquals(Reason.BUSY, busy.reason());
    assertTrue(
        accepted.stream().noneMatch(CompletableFuture::isDone),
        "nothing is acknowledged before it is written");
    assertEquals(3, sequencer.nextNonce(alice.address()), "sequenced records count as pending");
    assertEquals(3, sequencer.metrics().stateRootLag(), "three sequenced, none applied");
    gated.openGate();
    for (int i = 0; i < accepted.size(); i++) {
      assertEquals(i, Await.result(accepted.get(i)).sequence());
    }
    assertEquals(
        3, Await.result(sequencer.submit(alice.startingAt(3).put(STREAM, "k", "3"))).sequence());
  }

  @Test
  void shouldFsyncEveryLogCommitBeforeAcknowledgingUnderSync() {
    GatedKeyValueStore recording = new GatedKeyValueStore(store);
    sequencer = started(recording, config().durability(Durability.SYNC));
    int before = recording.commitSyncs().size();

    for (int i = 0; i < 5; i++) {
      Await.result(sequencer.submit(alice.put(STREAM, "k", "v" + i)));
      // The acknowledgement completes after the commit returned, which was synced.
      List<Boolean> syncs = recording.commitSyncs();
      assertEquals(true, syncs.get(syncs.size() - 1));
    }
    assertTrue(
        recording.commitSyncs().subList(before, recording.commitSyncs().size()).stream()
            .allMatch(sync -> sync));
  }

  @Test
  void shouldAcknowledgeWithoutFsyncUnderAsync() {
    GatedKeyValueStore recording = new GatedKeyValueStore(store);
    sequencer =
        started(
            recording,
            config().durability(Durability.ASYNC).asyncSyncInterval(Duration.ofHours(1)));
    int before = recording.commitSyncs().size();

    for (int i = 0; i < 5; i++) {
      Await.result(sequencer.submit(alice.put(STREAM, "k", "v" + i)));
    }

    assertTrue(
        recording.commitSyncs().subList(before, recording.commitSyncs().size()).stream()
            .noneMatch(sync -> sync));
  }

  @Test
  void shouldProveEntriesAtTheHeadAndAtCheckpoints() {
    sequencer = started(config());
    for (int i = 0; i < 12; i++) {
      Await.result(sequencer.submit(alice.put(STREAM, "reading", "value-" + i)));
      if (i == 4) {
        Await.result(sequencer.receiptOf(4));
        assertEquals(4L, Await.result(sequencer.checkpoint()));
      }
    }
    Await.result(sequencer.receiptOf(11));

    EntryProof head = sequencer.entry(STREAM, bytes("reading"), OptionalLong.empty());
    EntryProof checkpoint = sequencer.entry(STREAM, bytes("reading"), OptionalLong.of(4));

    assertEquals(11, head.sequence());
    assertEquals(sequencer.receipt(11).orElseThrow().postStateRoot(), head.root());
    assertArrayEquals(bytes("value-11"), head.value().orElseThrow());
    assertTrue(head.proof().verify(head.root(), head.treeKey()));
    assertEquals(sequencer.receipt(4).orElseThrow().postStateRoot(), checkpoint.root());
    assertArrayEquals(bytes("value-4"), checkpoint.value().orElseThrow());
    assertTrue(checkpoint.proof().verify(checkpoint.root(), checkpoint.treeKey()));
    IllegalArgumentException unretained =
        assertThrows(
            IllegalArgumentException.class,
            () -> sequencer.entry(STREAM, bytes("reading"), OptionalLong.of(7)));
    assertTrue(unretained.getMessage().contains("checkpoints"), unretained.getMessage());
  }

  @Test
  void shouldProveAnAbsentEntry() {
    sequencer = started(config());
    Await.result(sequencer.submit(alice.put(STREAM, "reading", "1")));
    Await.result(sequencer.receiptOf(0));

    EntryProof absent = sequencer.entry(STREAM, bytes("nothing"), OptionalLong.empty());

    assertTrue(absent.value().isEmpty());
    assertTrue(absent.proof().verify(absent.root(), absent.treeKey()));
    assertTrue(absent.proof().valueHashOf(absent.treeKey()).isEmpty());
  }

  @Test
  void shouldWriteACheckpointOnRequest() {
    sequencer = started(config());
    Await.result(sequencer.submit(alice.put(STREAM, "k", "v")));
    Await.result(sequencer.receiptOf(0));

    assertEquals(0L, Await.result(sequencer.checkpoint()));
    assertEquals(1, sequencer.metrics().checkpointTime().count());
  }

  @Test
  void shouldRefuseRecordsUntilStarted() {
    sequencer = PipelinedSequencer.open(config().build(), store);

    assertEquals(
        Reason.BUSY, Await.rejection(sequencer.submit(alice.put(STREAM, "k", "v"))).reason());
    assertFalse(sequencer.status().ready());
    Await.result(sequencer.start());
    assertTrue(sequencer.status().ready());
    assertThrows(IllegalStateException.class, sequencer::start);
  }

  @Test
  void shouldCountSubmissionsAcknowledgementsAndRejections() {
    sequencer = started(config());
    SignedRecord record = alice.put(STREAM, "k", "v");
    Await.result(sequencer.submit(record));
    Await.rejection(sequencer.submit(record));

    SequencerMetrics metrics = sequencer.metrics();
    assertEquals(2, metrics.submittedRecords());
    assertEquals(1, metrics.sequencedRecords());
    assertEquals(1, metrics.rejectedRecords(Reason.NONCE_TOO_LOW));
    assertEquals(1, metrics.ackLatency().count());
    assertTrue(metrics.logCommits() >= 1);
  }

  private Status applied(SignedRecord record) {
    long sequence = Await.result(sequencer.submit(record)).sequence();
    return Await.result(sequencer.receiptOf(sequence)).status();
  }

  private SequencerConfig.Builder config() {
    return SequencerConfig.builder(RecordFixtures.DOMAIN)
        .clock(clock)
        .recoveryThreads(2)
        .stateCacheNodes(1 << 12)
        .readerCacheNodes(1 << 10);
  }

  private PipelinedSequencer started(SequencerConfig.Builder config) {
    return started(store, config);
  }

  private static PipelinedSequencer started(
      dev.sluice.state.store.KeyValueStore store, SequencerConfig.Builder config) {
    PipelinedSequencer started = PipelinedSequencer.open(config.build(), store);
    Await.result(started.start());
    return started;
  }

  /** The malleated twin of a valid signature: same r, s' = n − s, v flipped. Invalid by EIP-2. */
  private static SignedRecord withHighS(SignedRecord valid) {
    Signature low = valid.signature();
    Signature high =
        Signature.of(low.r(), Signature.CURVE_ORDER.subtract(low.s()), low.v() == 27 ? 28 : 27);
    return new SignedRecord(valid.record(), high);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
