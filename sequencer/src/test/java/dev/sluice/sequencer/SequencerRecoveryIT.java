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

  private PipelinedSequencer started(Durability durability, int checkpointRecords) {
    SequencerConfig config =
        SequencerConfig.builder(RecordFixtures.DOMAIN)
            .durability(durability)
            .recoveryThreads(2)
            .checkpointRecords(checkpointRecords)
            .checkpointInterval(Duration.ofHours(1))
            .stateCacheNodes(1 << 12)
            .readerCacheNodes(1 << 10)
            .build();
    PipelinedSequencer sequencer = PipelinedSequencer.open(config, dataDirectory);
    Await.result(sequencer.start());
    return sequencer;
  }
}
