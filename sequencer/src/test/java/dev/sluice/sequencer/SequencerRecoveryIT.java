package dev.sluice.sequencer;

import static dev.sluice.sequencer.SequencerRecoveryTest.acknowledgeAll;
import static dev.sluice.sequencer.SequencerRecoveryTest.assertReceiptsEqual;
import static dev.sluice.sequencer.SequencerRecoveryTest.receipts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.sequencer.SubmissionRejectedException.Reason;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.store.LevelDbKeyValueStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Restarts on a real LevelDB data directory. */
class SequencerRecoveryIT {
  @TempDir Path dataDirectory;

  private final RandomWorkload workload = new RandomWorkload(99, 4);

  @ParameterizedTest
  @EnumSource(Durability.class)
  void shouldRecoverTheSameRootsAndReceiptsAfterCloseAndReopen(Durability durability) {
    List<byte[]> before;
    SequencerStatus status;
    try (PipelinedSequencer first = started(durability, 40)) {
      acknowledgeAll(first, workload.records(250));
      before = receipts(first, 250);
      status = first.status();
    }

    try (PipelinedSequencer second = started(durability, 40)) {
      assertEquals(status.stateRoot(), second.status().stateRoot());
      assertEquals(status.appliedSequence(), second.status().appliedSequence());
      assertReceiptsEqual(before, receipts(second, 250));
      assertEquals(250, Await.result(second.submit(workload.next())).sequence());
    }
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void shouldReplayTheLogAfterTheStoreClosedWithoutAFinalCheckpoint(Durability durability) {
    PipelinedSequencer first = started(durability, 1_000_000);
    List<SignedRecord> records = workload.records(250);
    acknowledgeAll(first, records.subList(0, 150));
    Await.result(first.receiptOf(149));
    assertEquals(149L, Await.result(first.checkpoint()));
    acknowledgeAll(first, records.subList(150, 250));
    List<byte[]> before = receipts(first, 250);
    first.halt();
    try (LevelDbKeyValueStore store = LevelDbKeyValueStore.open(dataDirectory)) {
      long checkpoint =
          SequencerStore.open(store, RecordFixtures.DOMAIN).lastCheckpoint().sequence();
      assertEquals(149, checkpoint, "the last hundred records are only in the log");
    }

    try (PipelinedSequencer second = started(durability, 64)) {
      assertReceiptsEqual(before, receipts(second, 250));
      ReferenceState reference = new ReferenceState();
      for (long sequence = 0; sequence < 250; sequence++) {
        SignedRecord logged = second.record(sequence).orElseThrow().record();
        assertEquals(
            reference.apply(logged).root(), second.receipt(sequence).orElseThrow().postStateRoot());
      }
      assertEquals(Reason.NONCE_TOO_LOW, Await.rejection(second.submit(records.get(0))).reason());
      assertEquals(250, Await.result(second.submit(workload.next())).sequence());
    }
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void shouldRecoverTheSameStateWhenHaltedWhileACheckpointIsBeingWritten(Durability durability) {
    List<byte[]> before;
    Map<String, Optional<StreamWriters>> writersBefore = new TreeMap<>();
    try (LevelDbKeyValueStore leveldb = LevelDbKeyValueStore.open(dataDirectory)) {
      // Only the checkpoint's last batch (receipts, writer index, head) waits: its node chunks
      // reach LevelDB, as they would before a crash in the middle of the write.
      GatedKeyValueStore disk =
          new GatedKeyValueStore(
              leveldb, key -> key.length == 9 && key[0] == SequencerStore.CHECKPOINT);
      PipelinedSequencer first = PipelinedSequencer.open(config(durability, 1_000_000), disk);
      Await.result(first.start());
      acknowledgeAll(first, workload.records(150));
      Await.result(first.receiptOf(149));
      assertEquals(149L, Await.result(first.checkpoint()));
      disk.closeGate();
      acknowledgeAll(first, workload.records(100));
      Await.result(first.receiptOf(249));
      first.checkpoint();
      Await.until(() -> disk.waitingCommits() == 1, "the checkpoint's head waits on the disk");
      before = receipts(first, 250);
      for (String stream : List.of("plant/a", "plant/b", "fleet")) {
        writersBefore.put(stream, first.writers(stream, Optional.empty(), 1000));
      }
      first.halt();
      assertEquals(
          149, SequencerStore.open(leveldb, RecordFixtures.DOMAIN).lastCheckpoint().sequence());
    }

    try (PipelinedSequencer second = started(durability, 64)) {
      assertReceiptsEqual(before, receipts(second, 250));
      for (Map.Entry<String, Optional<StreamWriters>> stream : writersBefore.entrySet()) {
        assertEquals(
            stream.getValue(),
            second.writers(stream.getKey(), Optional.empty(), 1000),
            "writers of " + stream.getKey());
      }
      assertEquals(250, Await.result(second.submit(workload.next())).sequence());
    }
  }

  private PipelinedSequencer started(Durability durability, int checkpointRecords) {
    PipelinedSequencer sequencer =
        PipelinedSequencer.open(config(durability, checkpointRecords), dataDirectory);
    Await.result(sequencer.start());
    return sequencer;
  }

  private static SequencerConfig config(Durability durability, int checkpointRecords) {
    return SmallSequencerConfig.builder()
        .durability(durability)
        .checkpointRecords(checkpointRecords)
        .checkpointInterval(Duration.ofHours(1))
        .build();
  }
}
