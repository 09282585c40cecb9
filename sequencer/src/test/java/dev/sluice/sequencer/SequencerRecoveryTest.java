package dev.sluice.sequencer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.sequencer.SubmissionRejectedException.Reason;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.store.InMemoryKeyValueStore;
import dev.sluice.state.store.KeyValueStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Restarts over one in-memory store: the store is what survives, as a disk would. */
class SequencerRecoveryTest {
  private final KeyValueStore store = new InMemoryKeyValueStore();
  private final RandomWorkload workload = new RandomWorkload(7, 3);

  @Test
  void shouldRecoverTheSameRootsAndReceiptsAfterCloseAndReopen() {
    List<byte[]> before;
    SequencerStatus statusBefore;
    try (PipelinedSequencer first = started(config().checkpointRecords(17))) {
      acknowledgeAll(first, workload.records(120));
      Await.result(first.receiptOf(119));
      before = receipts(first, 120);
      statusBefore = first.status();
    }

    try (PipelinedSequencer second = started(config().checkpointRecords(17))) {
      assertEquals(statusBefore.stateRoot(), second.status().stateRoot());
      assertEquals(119, second.status().appliedSequence());
      assertEquals(120, second.status().nextSequence());
      assertReceiptsEqual(before, receipts(second, 120));
      assertEquals(120, Await.result(second.submit(workload.next())).sequence());
    }
  }

  @Test
  void shouldReplayTheLogAfterAHaltThatSkippedTheFinalCheckpoint() {
    PipelinedSequencer first =
        started(config().checkpointRecords(1_000_000).checkpointInterval(Duration.ofHours(1)));
    List<SignedRecord> records = workload.records(90);
    acknowledgeAll(first, records);
    Await.result(first.receiptOf(89));
    List<byte[]> before = receipts(first, 90);
    first.halt();
    assertEquals(
        SequencerStore.Checkpoint.GENESIS,
        SequencerStore.open(store, RecordFixtures.DOMAIN).lastCheckpoint(),
        "nothing was checkpointed");

    try (PipelinedSequencer second = started(config())) {
      assertReceiptsEqual(before, receipts(second, 90));
      SubmissionRejectedException replay = Await.rejection(second.submit(records.get(89)));
      assertEquals(Reason.NONCE_TOO_LOW, replay.reason());
      assertEquals(90, Await.result(second.submit(workload.next())).sequence());
    }
  }

  @Test
  void shouldKeepEveryAcknowledgedRecordWhenHaltedWithRecordsInFlight() {
    PipelinedSequencer first = started(config().checkpointRecords(25));
    acknowledgeAll(first, workload.records(50));
    List<SignedRecord> inFlight = workload.records(60);
    List<CompletableFuture<Acknowledgement>> acks = new ArrayList<>();
    for (SignedRecord record : inFlight) {
      acks.add(first.submit(record));
    }
    Await.result(acks.get(0));
    first.halt();
    List<Acknowledgement> acknowledged = new ArrayList<>();
    for (CompletableFuture<Acknowledgement> ack : acks) {
      if (ack.isDone() && !ack.isCompletedExceptionally()) {
        acknowledged.add(ack.join());
      }
    }

    try (PipelinedSequencer second = started(config())) {
      for (Acknowledgement ack : acknowledged) {
        assertEquals(
            ack.recordHash(), second.record(ack.sequence()).orElseThrow().record().recordHash());
      }
      long next = second.status().nextSequence();
      assertTrue(next >= 50 + acknowledged.size(), "next " + next);
      ReferenceState reference = new ReferenceState();
      for (long sequence = 0; sequence < next; sequence++) {
        ReferenceState.Outcome expected =
            reference.apply(second.record(sequence).orElseThrow().record());
        assertEquals(expected.root(), Await.result(second.receiptOf(sequence)).postStateRoot());
      }
    }
  }

  @Test
  void shouldApplyPastAStalledCheckpointWriteAndRecoverTheSameReceiptsAfterAHaltDuringIt() {
    GatedKeyValueStore disk = new GatedKeyValueStore(store, SequencerRecoveryTest::isCheckpointKey);
    PipelinedSequencer first = started(disk, config().checkpointRecords(1_000_000));
    disk.closeGate();
    acknowledgeAll(first, workload.records(20));
    Await.result(first.receiptOf(19));
    CompletableFuture<Long> stalled = first.checkpoint();
    Await.until(() -> disk.waitingCommits() == 1, "the checkpoint's head waits on the disk");

    // The state thread does not wait for the write: it applies the next records, and readers
    // find the checkpoint's nodes in memory while the store lacks them.
    acknowledgeAll(first, workload.records(25));
    Await.result(first.receiptOf(44));
    EntryProof proof = first.entry("plant/a", new byte[] {'t'}, OptionalLong.empty());
    assertEquals(44, proof.sequence());
    assertTrue(proof.proof().verify(proof.root(), proof.treeKey()));
    assertFalse(stalled.isDone(), "a checkpoint is answered only once it is durable");
    List<byte[]> before = receipts(first, 45);
    first.halt();

    assertEquals(
        SequencerStore.Checkpoint.GENESIS,
        SequencerStore.open(store, RecordFixtures.DOMAIN).lastCheckpoint(),
        "a checkpoint whose head was never written is not visible");
    try (PipelinedSequencer second = started(config())) {
      assertReceiptsEqual(before, receipts(second, 45));
      assertEquals(45, Await.result(second.submit(workload.next())).sequence());
    }
  }

  @Test
  void shouldRecoverFromTheLastDurableCheckpointWhenHaltedWhileTheNextIsWritten() {
    GatedKeyValueStore disk = new GatedKeyValueStore(store, SequencerRecoveryTest::isCheckpointKey);
    PipelinedSequencer first = started(disk, config().checkpointRecords(1_000_000));
    acknowledgeAll(first, workload.records(30));
    Await.result(first.receiptOf(29));
    assertEquals(29L, Await.result(first.checkpoint()));
    disk.closeGate();
    acknowledgeAll(first, workload.records(30));
    Await.result(first.receiptOf(59));
    CompletableFuture<Long> stalled = first.checkpoint();
    // The nodes go in chunks before the head, so they may already be stored; only the head waits.
    Await.until(() -> disk.waitingCommits() == 1, "the second checkpoint's head waits on the disk");
    List<byte[]> before = receipts(first, 60);
    Bytes32 root = first.status().stateRoot();
    first.halt();
    assertFalse(
        stalled.isDone() && !stalled.isCompletedExceptionally(),
        "a checkpoint that never became durable is not reported as written");

    assertEquals(29, SequencerStore.open(store, RecordFixtures.DOMAIN).lastCheckpoint().sequence());
    try (PipelinedSequencer second = started(config())) {
      assertEquals(root, second.status().stateRoot());
      assertReceiptsEqual(before, receipts(second, 60));
      assertEquals(60, Await.result(second.submit(workload.next())).sequence());
    }
  }

  @Test
  void shouldNotBeReadyBeforeStartAndRefuseAStoreOfAnotherChain() {
    try (PipelinedSequencer first = started(config())) {
      acknowledgeAll(first, workload.records(3));
    }
    PipelinedSequencer notStarted = PipelinedSequencer.open(config().build(), store);
    assertFalse(notStarted.status().ready());
    notStarted.close();

    Eip712Domain otherChain = new Eip712Domain(1, Address.ZERO);
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> PipelinedSequencer.open(SequencerConfig.builder(otherChain).build(), store));
    assertTrue(refused.getMessage().contains("chain 31337"), refused.getMessage());
  }

  static void acknowledgeAll(Sequencer sequencer, List<SignedRecord> records) {
    for (int from = 0; from < records.size(); from += 50) {
      List<CompletableFuture<Acknowledgement>> acks = new ArrayList<>();
      for (SignedRecord record : records.subList(from, Math.min(records.size(), from + 50))) {
        acks.add(sequencer.submit(record));
      }
      acks.forEach(Await::result);
    }
  }

  static List<byte[]> receipts(Sequencer sequencer, int count) {
    List<byte[]> receipts = new ArrayList<>();
    for (long sequence = 0; sequence < count; sequence++) {
      receipts.add(Await.result(sequencer.receiptOf(sequence)).encode());
    }
    return receipts;
  }

  static void assertReceiptsEqual(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "receipt " + i);
    }
  }

  private SequencerConfig.Builder config() {
    return SequencerConfig.builder(RecordFixtures.DOMAIN)
        .recoveryThreads(2)
        .stateCacheNodes(1 << 12)
        .readerCacheNodes(1 << 10);
  }

  private PipelinedSequencer started(SequencerConfig.Builder config) {
    return started(store, config);
  }

  private static PipelinedSequencer started(KeyValueStore on, SequencerConfig.Builder config) {
    PipelinedSequencer started = PipelinedSequencer.open(config.build(), on);
    Await.result(started.start());
    return started;
  }

  /** The key of a checkpoint's root, which is in the last batch of the checkpoint's write. */
  private static boolean isCheckpointKey(byte[] key) {
    return key.length == 9 && key[0] == SequencerStore.CHECKPOINT;
  }
}
