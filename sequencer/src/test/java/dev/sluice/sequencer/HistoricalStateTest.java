package dev.sluice.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Bytes32;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.stf.RecoveredRecord;
import dev.sluice.state.stf.StateTransition;
import dev.sluice.state.stf.TreeStateAccess;
import dev.sluice.state.store.InMemoryKeyValueStore;
import dev.sluice.state.store.KeyValueStore;
import dev.sluice.state.store.LevelDbKeyValueStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Historical states rebuilt from checkpoints and the log, against a real LevelDB store. */
class HistoricalStateTest {
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);

  @TempDir Path dataDirectory;

  @Test
  void shouldRebuildTheRootOfEveryReceiptAtRandomSequencesAlsoAfterARestart() {
    long seed = TestSeeds.seed("shouldRebuildTheRootOfEveryReceiptAtRandomSequences");
    Random random = new Random(seed);
    RandomWorkload workload = new RandomWorkload(seed, 4);
    int count = 400;
    try (PipelinedSequencer sequencer = started(config().checkpointRecords(53))) {
      acknowledgeAll(sequencer, workload.records(count));
      Await.result(sequencer.receiptOf(count - 1));
      assertRootsAtRandomSequences(sequencer, random, count, seed);
    }
    // Another checkpoint spacing after the restart: old checkpoints and new ones interleave.
    try (PipelinedSequencer sequencer = started(config().checkpointRecords(31))) {
      acknowledgeAll(sequencer, workload.records(100));
      Await.result(sequencer.receiptOf(count + 99));
      assertRootsAtRandomSequences(sequencer, random, count + 100, seed);
    }
  }

  @Test
  void shouldRebuildStatesWhileTheSequencerAppliesAndCheckpoints() throws Exception {
    long seed = TestSeeds.seed("shouldRebuildStatesWhileTheSequencerAppliesAndCheckpoints");
    Random random = new Random(seed);
    RandomWorkload workload = new RandomWorkload(seed, 4);
    List<SignedRecord> records = workload.records(600);
    try (PipelinedSequencer sequencer = started(config().checkpointRecords(41))) {
      acknowledgeAll(sequencer, records.subList(0, 100));
      Await.result(sequencer.receiptOf(99));
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(() -> acknowledgeAll(sequencer, records.subList(100, 600)));
      int rebuilt = 0;
      while (!writer.isDone() || rebuilt < 20) {
        long applied = sequencer.status().appliedSequence();
        long sequence = random.nextInt((int) applied + 2) - 1;
        assertEquals(
            sequence < 0
                ? SmtHashing.EMPTY
                : sequencer.receipt(sequence).orElseThrow().postStateRoot(),
            sequencer.historicalState().stateAfter(sequence).root(),
            "sequence " + sequence + ", " + TestSeeds.replay(seed));
        rebuilt++;
      }
      Await.result(writer);
    }
  }

  @Test
  void shouldGiveTheEmptyStateBeforeTheFirstRecordAndTheHeadAtTheHead() {
    RandomWorkload workload = new RandomWorkload(3, 2);
    try (PipelinedSequencer sequencer = started(config())) {
      assertEquals(SmtHashing.EMPTY, sequencer.historicalState().stateAfter(-1).root());
      acknowledgeAll(sequencer, workload.records(20));
      Await.result(sequencer.receiptOf(19));
      assertEquals(SmtHashing.EMPTY, sequencer.historicalState().stateAfter(-1).root());
      assertEquals(
          sequencer.status().stateRoot(), sequencer.historicalState().stateAfter(19).root());
    }
  }

  @Test
  void shouldRefuseSequencesNotAppliedOrBelowMinusOne() {
    RandomWorkload workload = new RandomWorkload(5, 2);
    try (PipelinedSequencer sequencer = started(config())) {
      acknowledgeAll(sequencer, workload.records(5));
      Await.result(sequencer.receiptOf(4));
      IllegalArgumentException ahead =
          assertThrows(
              IllegalArgumentException.class, () -> sequencer.historicalState().stateAfter(5));
      assertTrue(ahead.getMessage().contains("applied head is 4"), ahead.getMessage());
      assertThrows(
          IllegalArgumentException.class, () -> sequencer.historicalState().stateAfter(-2));
    }
  }

  @Test
  void shouldNeverWriteTheLiveStoreEvenWhenTheCallerAppliesAndFlushes() {
    RandomWorkload workload = new RandomWorkload(9, 3);
    try (LevelDbKeyValueStore live = LevelDbKeyValueStore.open(dataDirectory);
        PipelinedSequencer sequencer =
            PipelinedSequencer.open(config().checkpointRecords(10).build(), live)) {
      Await.result(sequencer.start());
      acknowledgeAll(sequencer, workload.records(40));
      Await.result(sequencer.receiptOf(39));
      Await.result(sequencer.checkpoint());
      int before = countEntries(live);

      SparseMerkleTree tree = sequencer.historicalState().stateAfter(25);
      Bytes32 at25 = tree.root();
      // What a fraud-proof builder may do: apply a record to the historical state, even flush it.
      StateTransition.apply(
          new TreeStateAccess(tree),
          RecoveredRecord.recover(
              workload.next(), RecordFixtures.DOMAIN, SenderRecovery.fastestAvailable()));
      try (KeyValueStore.WriteBatch batch = new InMemoryKeyValueStore().newWriteBatch()) {
        tree.flushTo(batch);
      }

      assertEquals(before, countEntries(live), "the live store gained or lost entries");
      assertEquals(at25, sequencer.receipt(25).orElseThrow().postStateRoot());
      assertEquals(at25, sequencer.historicalState().stateAfter(25).root());
    }
  }

  @Test
  void shouldFailLoudlyWhenAStoredReceiptDisagreesWithTheReplay() {
    RandomWorkload workload = new RandomWorkload(13, 3);
    KeyValueStore kv = new InMemoryKeyValueStore();
    SequencerConfig config = config().checkpointRecords(1000).build();
    try (PipelinedSequencer sequencer = PipelinedSequencer.open(config, kv)) {
      Await.result(sequencer.start());
      acknowledgeAll(sequencer, workload.records(30));
      Await.result(sequencer.receiptOf(29));
      Await.result(sequencer.checkpoint());
    }
    // Forge receipt 20 with another root: the checkpoint is at 29, so 20 replays from genesis.
    SequencerStore store = SequencerStore.open(kv, RecordFixtures.DOMAIN);
    Receipt real = store.receipt(20).orElseThrow();
    try (KeyValueStore.WriteBatch batch = kv.newWriteBatch()) {
      store.putReceipt(
          batch,
          new Receipt(
              real.sequence(),
              real.recordHash(),
              real.sender(),
              real.status(),
              Bytes32.fromHex("11".repeat(32)),
              real.timestamp()));
      batch.commit(false);
    }
    try (PipelinedSequencer sequencer = PipelinedSequencer.open(config, kv)) {
      Await.result(sequencer.start());
      IllegalStateException mismatch =
          assertThrows(
              IllegalStateException.class, () -> sequencer.historicalState().stateAfter(24));
      assertTrue(mismatch.getMessage().contains("replaying record 20"), mismatch.getMessage());
      assertEquals(
          sequencer.receipt(19).orElseThrow().postStateRoot(),
          sequencer.historicalState().stateAfter(19).root());
    }
  }

  @Test
  void shouldFindTheNearestCheckpointAcrossScanWindows() {
    KeyValueStore kv = new InMemoryKeyValueStore();
    SequencerStore store = SequencerStore.open(kv, RecordFixtures.DOMAIN);
    long[] checkpoints = {3, 255, 256, 70_000, 1L << 33, (1L << 33) + 5};
    for (long sequence : checkpoints) {
      try (KeyValueStore.WriteBatch batch = kv.newWriteBatch()) {
        store.putCheckpoint(batch, new SequencerStore.Checkpoint(sequence, root(sequence)));
        batch.commit(false);
      }
    }
    // The head is the last checkpoint written; ask below it so the scans are used.
    try (KeyValueStore.WriteBatch batch = kv.newWriteBatch()) {
      store.putCheckpoint(batch, new SequencerStore.Checkpoint(1L << 40, root(1L << 40)));
      batch.commit(false);
    }
    CheckpointReplay replay =
        new CheckpointReplay(store, new ReceiptLedger(store, () -> 1L << 41), () -> 1L << 41);
    assertEquals(SequencerStore.Checkpoint.GENESIS, replay.nearestCheckpoint(2));
    assertEquals(SequencerStore.Checkpoint.GENESIS, replay.nearestCheckpoint(-1));
    assertEquals(3, replay.nearestCheckpoint(3).sequence());
    assertEquals(3, replay.nearestCheckpoint(254).sequence());
    assertEquals(255, replay.nearestCheckpoint(255).sequence());
    assertEquals(256, replay.nearestCheckpoint(69_999).sequence());
    assertEquals(70_000, replay.nearestCheckpoint((1L << 33) - 1).sequence());
    assertEquals(1L << 33, replay.nearestCheckpoint((1L << 33) + 4).sequence());
    assertEquals((1L << 33) + 5, replay.nearestCheckpoint((1L << 40) - 1).sequence());
    assertEquals(1L << 40, replay.nearestCheckpoint(1L << 40).sequence());
    assertEquals(root(70_000), replay.nearestCheckpoint(1_000_000).root());
  }

  private void assertRootsAtRandomSequences(
      PipelinedSequencer sequencer, Random random, int count, long seed) {
    List<Long> sequences = new ArrayList<>(List.of(0L, (long) count - 1));
    for (int i = 0; i < 12; i++) {
      sequences.add((long) random.nextInt(count));
    }
    for (long sequence : sequences) {
      assertEquals(
          sequencer.receipt(sequence).orElseThrow().postStateRoot(),
          sequencer.historicalState().stateAfter(sequence).root(),
          "sequence " + sequence + ", " + TestSeeds.replay(seed));
    }
  }

  private static Bytes32 root(long sequence) {
    return Bytes32.fromHex(String.format("%064x", sequence + 1));
  }

  private static int countEntries(KeyValueStore store) {
    int count = 0;
    try (KeyValueStore.Cursor cursor = store.scan(new byte[0])) {
      while (cursor.hasNext()) {
        cursor.next();
        count++;
      }
    }
    return count;
  }

  private static void acknowledgeAll(PipelinedSequencer sequencer, List<SignedRecord> records) {
    for (int from = 0; from < records.size(); from += 60) {
      List<CompletableFuture<Acknowledgement>> acks = new ArrayList<>();
      for (SignedRecord record : records.subList(from, Math.min(records.size(), from + 60))) {
        acks.add(sequencer.submit(record));
      }
      acks.forEach(Await::result);
    }
  }

  private SequencerConfig.Builder config() {
    return SmallSequencerConfig.builder().clock(clock);
  }

  private PipelinedSequencer started(SequencerConfig.Builder config) {
    PipelinedSequencer sequencer = PipelinedSequencer.open(config.build(), dataDirectory);
    Await.result(sequencer.start());
    return sequencer;
  }
}
