package dev.sluice.sequencer.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.Batch;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.batch.BatchData;
import dev.sluice.state.batch.BatchMerkleTree;
import dev.sluice.state.batch.BatchRecord;
import dev.sluice.state.batch.MalformedBatchDataException;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.stf.RecoveredRecord;
import dev.sluice.state.stf.StateTransition;
import dev.sluice.state.stf.TreeStateAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batches cut from a real sequencer over LevelDB. */
class BatchBuilderTest {
  private static final BatchConfig CONFIG = BatchConfig.defaults();

  @TempDir Path dataDirectory;

  @Test
  void shouldCutAllWaitingRecordsOnceTheOldestReachesTheAgeLimit() throws Exception {
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      BatchBuilder builder = builder(fixture, CONFIG, BatchFaultInjection.none());
      assertEquals(Optional.empty(), builder.next(0, SmtHashing.EMPTY), "nothing waits");

      List<SignedRecord> records = fixture.submit(5);
      assertEquals(Optional.empty(), builder.next(0, SmtHashing.EMPTY), "the oldest is new");
      fixture.clock.advance(Duration.ofMillis(1_999));
      assertEquals(Optional.empty(), builder.next(0, SmtHashing.EMPTY));
      fixture.clock.advance(Duration.ofMillis(1));

      BatchContents batch = builder.next(0, SmtHashing.EMPTY).orElseThrow();
      assertEquals(0, batch.firstSequence());
      assertEquals(SmtHashing.EMPTY, batch.preStateRoot());
      assertEquals(records, batch.records().stream().map(BatchRecord::signed).toList());
      assertHonest(fixture, batch);
    }
  }

  @Test
  void shouldCutByRecordCountWithoutWaitingForAge() throws Exception {
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      BatchBuilder builder =
          builder(fixture, CONFIG.withMaxRecords(10), BatchFaultInjection.none());
      fixture.submit(25);

      BatchContents first = builder.next(0, SmtHashing.EMPTY).orElseThrow();
      assertEquals(10, first.recordCount());
      BatchContents second = builder.next(10, first.postStateRoot()).orElseThrow();
      assertEquals(10, second.firstSequence());
      assertEquals(10, second.recordCount());
      assertEquals(fixture.rootAfter(9), second.preStateRoot());
      assertEquals(Optional.empty(), builder.next(20, second.postStateRoot()), "5 young records");

      fixture.clock.advance(CONFIG.maxAge());
      BatchContents third = builder.next(20, second.postStateRoot()).orElseThrow();
      assertEquals(5, third.recordCount());
      for (BatchContents batch : List.of(first, second, third)) {
        assertHonest(fixture, batch);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(BatchCodec.class)
  void shouldCutTheMostRecordsWhoseCompressedDataFitsTheSizeLimit(BatchCodec codec)
      throws Exception {
    BatchConfig config = CONFIG.withMaxDataBytes(BatchConfig.MIN_DATA_BYTES).withCodec(codec);
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      BatchBuilder builder = builder(fixture, config, BatchFaultInjection.none());
      // Incompressible 3 KB values: about 21 records fill 64 KiB whatever the codec.
      int[] sizes = new int[50];
      Arrays.fill(sizes, 3_000);
      fixture.submit(sizes, new Random(1));

      long first = 0;
      for (int batchNumber = 0; batchNumber < 2; batchNumber++) {
        BatchContents batch = builder.next(first, fixture.rootAfter(first - 1)).orElseThrow();
        assertEquals(codec, batch.codec());
        assertTrue(batch.dataLength() <= config.maxDataBytes(), batch.dataLength() + " bytes");
        assertOneMoreWouldNotFit(fixture, config, batch);
        assertHonest(fixture, batch);
        first += batch.recordCount();
      }
      assertEquals(Optional.empty(), builder.next(first, fixture.rootAfter(first - 1)));
    }
  }

  @Test
  void shouldCutByAgeOnlyAsManyRecordsAsFitWhenMoreWaitThanFit() throws Exception {
    BatchConfig config = CONFIG.withMaxDataBytes(BatchConfig.MIN_DATA_BYTES);
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      BatchBuilder builder = builder(fixture, config, BatchFaultInjection.none());
      // Compressible values: the uncompressed size far exceeds the limit, the zstd data does not.
      int[] sizes = new int[40];
      Arrays.fill(sizes, 4_000);
      fixture.submit(sizes, null);
      assertEquals(Optional.empty(), builder.next(0, SmtHashing.EMPTY), "all 40 fit compressed");

      fixture.clock.advance(config.maxAge());
      BatchContents batch = builder.next(0, SmtHashing.EMPTY).orElseThrow();
      assertEquals(40, batch.recordCount());
      assertTrue(batch.dataLength() <= config.maxDataBytes());
      assertHonest(fixture, batch);
    }
  }

  @Test
  void shouldNeverExceedTheLimitsWithRandomRecordSizes() throws Exception {
    String fixed = System.getProperty("sluice.test.seed");
    long seed = fixed != null ? Long.parseLong(fixed) : ThreadLocalRandom.current().nextLong();
    String replay = "replay with -Dsluice.test.seed=" + seed;
    System.out.println("shouldNeverExceedTheLimitsWithRandomRecordSizes: " + replay);
    Random random = new Random(seed);
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      int[] sizes = new int[120];
      for (int i = 0; i < sizes.length; i++) {
        // Mostly small, some large, a few near the value limit.
        int kind = random.nextInt(10);
        sizes[i] = kind < 6 ? random.nextInt(200) : kind < 9 ? random.nextInt(6_000) : 40_000;
      }
      // Half the records compress well, half not at all.
      int half = sizes.length / 2;
      fixture.submit(Arrays.copyOfRange(sizes, 0, half), null);
      fixture.submit(Arrays.copyOfRange(sizes, half, sizes.length), random);

      // Several configurations over the same log; in later rounds every record is old already.
      for (int round = 0; round < 4; round++) {
        BatchConfig config =
            CONFIG
                .withMaxDataBytes(BatchConfig.MIN_DATA_BYTES + random.nextInt(40_000))
                .withMaxRecords(1 + random.nextInt(60))
                .withCodec(BatchCodec.values()[random.nextInt(BatchCodec.values().length)]);
        String context = config + ", " + replay;
        BatchBuilder builder = builder(fixture, config, BatchFaultInjection.none());
        long first = 0;
        while (first < sizes.length) {
          Optional<BatchContents> next = builder.next(first, fixture.rootAfter(first - 1));
          if (next.isEmpty()) {
            // Only the tail can wait for age: everything before was due by count or size.
            fixture.clock.advance(config.maxAge());
            next = builder.next(first, fixture.rootAfter(first - 1));
          }
          BatchContents batch = next.orElseThrow(() -> new AssertionError("no batch; " + context));
          assertEquals(first, batch.firstSequence(), context);
          assertTrue(batch.recordCount() <= config.maxRecords(), context);
          assertTrue(
              batch.dataLength() <= config.maxDataBytes(),
              batch.dataLength() + " bytes; " + context);
          if (batch.lastSequence() < sizes.length - 1
              && batch.recordCount() < config.maxRecords()) {
            assertOneMoreWouldNotFit(fixture, config, batch);
          }
          assertHonest(fixture, batch);
          first += batch.recordCount();
        }
        assertEquals(sizes.length, first, context);
      }
    }
  }

  @Test
  void shouldReadEachRecordOnceWhilePollingAndNothingWhenNothingIsNew() throws Exception {
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      CountingAppliedLog counting = new CountingAppliedLog(fixture.sequencer);
      BatchBuilder builder =
          new BatchBuilder(
              counting, RecordFixtures.DOMAIN, CONFIG, BatchFaultInjection.none(), fixture.clock);
      fixture.submit(10);
      assertEquals(Optional.empty(), builder.next(0, SmtHashing.EMPTY));
      assertEquals(10, counting.recordReads.get());
      int reads = counting.reads();
      for (int i = 0; i < 100; i++) {
        assertEquals(Optional.empty(), builder.next(0, SmtHashing.EMPTY));
      }
      assertEquals(reads, counting.reads(), "polls with nothing new read nothing");

      fixture.submit(5);
      assertEquals(Optional.empty(), builder.next(0, SmtHashing.EMPTY));
      assertEquals(15, counting.recordReads.get(), "only the new records are read");

      fixture.clock.advance(CONFIG.maxAge());
      BatchContents batch = builder.next(0, SmtHashing.EMPTY).orElseThrow();
      assertEquals(15, batch.recordCount());
      assertEquals(15, counting.recordReads.get(), "the cut reads nothing again");
    }
  }

  @Test
  void shouldRebuildByteIdenticalContentsForTheSameRangeAlsoAfterARestart() throws Exception {
    BatchConfig config = CONFIG.withMaxRecords(7);
    List<BatchContents> cut = new ArrayList<>();
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      BatchBuilder builder = builder(fixture, config, BatchFaultInjection.none());
      fixture.submit(30);
      long first = 0;
      for (int i = 0; i < 4; i++) {
        BatchContents batch = builder.next(first, fixture.rootAfter(first - 1)).orElseThrow();
        cut.add(batch);
        first += batch.recordCount();
      }
      // The same builder, asked again for a range it moved past, and a fresh one.
      BatchBuilder fresh = builder(fixture, config, BatchFaultInjection.none());
      for (BatchContents batch : cut) {
        assertEquals(batch, rebuild(builder, batch));
        assertEquals(batch, rebuild(fresh, batch));
      }
      assertEquals(cut.get(1), builder.next(7, fixture.rootAfter(6)).orElseThrow());
    }
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      BatchBuilder builder = builder(fixture, config, BatchFaultInjection.none());
      for (BatchContents batch : cut) {
        BatchContents again = rebuild(builder, batch);
        assertEquals(batch, again);
        assertArrayEquals(batch.data(), again.data());
      }
    }
  }

  @Test
  void shouldRefuseAPreStateRootThatIsNotTheSequencersRoot() {
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      BatchBuilder builder = builder(fixture, CONFIG, BatchFaultInjection.none());
      fixture.submit(10);
      Bytes32 wrong = fixture.rootAfter(3);

      PreStateRootMismatchException mismatch =
          assertThrows(PreStateRootMismatchException.class, () -> builder.next(5, wrong));
      assertEquals(5, mismatch.firstSequence());
      assertEquals(wrong, mismatch.given());
      assertEquals(fixture.rootAfter(4), mismatch.expected());
      assertTrue(mismatch.getMessage().contains("after record 4"), mismatch.getMessage());

      assertThrows(PreStateRootMismatchException.class, () -> builder.next(0, wrong));
      assertThrows(
          PreStateRootMismatchException.class, () -> builder.build(5, 2, fixture.rootAfter(5)));
      IllegalStateException beyond =
          assertThrows(IllegalStateException.class, () -> builder.next(12, wrong));
      assertTrue(beyond.getMessage().contains("not applied yet"), beyond.getMessage());
      assertThrows(IllegalArgumentException.class, () -> builder.next(-1, SmtHashing.EMPTY));
      assertThrows(
          IllegalArgumentException.class, () -> builder.build(5, 6, fixture.rootAfter(4)));
      // At the head: nothing waits yet, which is not an error.
      assertEquals(Optional.empty(), builder.next(10, fixture.rootAfter(9)));
      assertEquals(10, builder.nextSequence());
    }
  }

  @Test
  void shouldCorruptTheChosenRootOnceAndOnlyInItsBatch() throws Exception {
    BatchConfig config = CONFIG.withMaxRecords(5);
    BatchFaultInjection faults = BatchFaultInjection.none().corruptingPostStateRootOf(7);
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      BatchBuilder builder = builder(fixture, config, faults);
      fixture.submit(15);

      BatchContents before = builder.next(0, SmtHashing.EMPTY).orElseThrow();
      assertHonest(fixture, before);
      BatchContents faulty = builder.next(5, before.postStateRoot()).orElseThrow();
      List<Bytes32> honestRoots = honestRoots(fixture, faulty);
      assertNotEquals(honestRoots.get(2), faulty.postStateRoots().get(2));
      List<Bytes32> expected = new ArrayList<>(honestRoots);
      expected.set(2, faulty.postStateRoots().get(2));
      assertEquals(expected, faulty.postStateRoots(), "only record 7's root is wrong");
      assertEquals(BatchMerkleTree.rootOf(faulty.postStateRoots()), faulty.rootsRoot());
      assertEquals(honestRoots.get(4), faulty.postStateRoot(), "7 is not the last record");
      BatchData.Decoded decoded = BatchData.decode(faulty.data(), faulty.recordCount());
      assertEquals(faulty.postStateRoots(), decoded.postStateRoots(), "the data carries it");
      assertEquals(recordsRoot(faulty.records()), faulty.recordsRoot());

      assertHonest(fixture, builder.next(10, faulty.postStateRoot()).orElseThrow());
      // After a reversion the poster rebuilds the range: honest now.
      assertHonest(fixture, builder.next(5, before.postStateRoot()).orElseThrow());
      assertHonest(fixture, builder.build(5, 5, before.postStateRoot()));
    }
  }

  @Test
  void shouldGiveAFraudProverTheClaimedStateBeforeTheCorruptedRecord() throws Exception {
    BatchFaultInjection faults = BatchFaultInjection.none().corruptingPostStateRootOf(13);
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      BatchBuilder builder = builder(fixture, CONFIG.withMaxRecords(8), faults);
      fixture.submit(20);
      BatchContents first = builder.next(0, SmtHashing.EMPTY).orElseThrow();
      BatchContents faulty = builder.next(8, first.postStateRoot()).orElseThrow();
      Batch batch =
          faulty.toBatch(
              faulty.header(1, first.header(0, Bytes32.ZERO, Bytes32.ZERO).hash(), Bytes32.ZERO));
      assertTrue(batch.recordsMatch(RecordFixtures.DOMAIN));

      // What FraudProofBuilder.prove(batch, 5, stateBefore) checks and re-executes.
      int index = 13 - 8;
      SparseMerkleTree stateBefore = fixture.sequencer.historicalState().stateAfter(12);
      assertEquals(batch.preStateRootOf(index), stateBefore.root());
      StateTransition.apply(
          new TreeStateAccess(stateBefore),
          RecoveredRecord.recover(
              batch.records().get(index).signed(),
              RecordFixtures.DOMAIN,
              SenderRecovery.fastestAvailable()));
      assertEquals(fixture.rootAfter(13), stateBefore.root());
      assertNotEquals(batch.postStateRoots().get(index), stateBefore.root(), "fraud shows");
    }
  }

  @Test
  void shouldCarryAWrongLastRootIntoTheHeaderAndLetTheNextBatchBuildOnIt() throws Exception {
    BatchConfig config = CONFIG.withMaxRecords(5);
    BatchFaultInjection faults = BatchFaultInjection.none().corruptingPostStateRootOf(9);
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      BatchBuilder builder = builder(fixture, config, faults);
      fixture.submit(15);
      builder.next(0, SmtHashing.EMPTY).orElseThrow();
      BatchContents faulty = builder.next(5, fixture.rootAfter(4)).orElseThrow();
      Bytes32 wrong = faulty.postStateRoot();
      assertNotEquals(fixture.rootAfter(9), wrong);
      assertEquals(wrong, faulty.header(1, Bytes32.ZERO, Bytes32.ZERO).postStateRoot());

      // The L1 chain now ends at the wrong root; the next batch links to it.
      BatchContents next = builder.next(10, wrong).orElseThrow();
      assertEquals(wrong, next.preStateRoot());
      assertEquals(honestRoots(fixture, next), next.postStateRoots());
      // Anyone else's wrong root is still refused.
      assertThrows(
          PreStateRootMismatchException.class, () -> builder.next(10, fixture.rootAfter(8)));
    }
  }

  @Test
  void shouldPostAMismatchedRecordsRootOnceForTheBatchHoldingTheSequence() throws Exception {
    BatchConfig config = CONFIG.withMaxRecords(5);
    BatchFaultInjection faults = BatchFaultInjection.none().mismatchingRecordsRootAt(12);
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      BatchBuilder builder = builder(fixture, config, faults);
      fixture.submit(20);
      assertHonest(fixture, builder.next(0, SmtHashing.EMPTY).orElseThrow());
      assertHonest(fixture, builder.next(5, fixture.rootAfter(4)).orElseThrow());

      BatchContents faulty = builder.next(10, fixture.rootAfter(9)).orElseThrow();
      assertNotEquals(recordsRoot(faulty.records()), faulty.recordsRoot());
      BatchData.Decoded decoded = BatchData.decode(faulty.data(), faulty.recordCount());
      assertEquals(faulty.records(), decoded.records(), "the data is honest");
      assertEquals(honestRoots(fixture, faulty), faulty.postStateRoots());

      assertHonest(fixture, builder.next(15, fixture.rootAfter(14)).orElseThrow());
      assertHonest(fixture, builder.build(10, 5, fixture.rootAfter(9)));
    }
  }

  @Test
  void shouldStayHonestWhenTheFaultsSequenceIsNeverBatched() throws Exception {
    BatchFaultInjection faults =
        BatchFaultInjection.none().corruptingPostStateRootOf(1_000).mismatchingRecordsRootAt(1_000);
    assertTrue(faults.isArmed());
    assertTrue(faults.toString().startsWith("INJECTED FAULTS"), faults.toString());
    try (SequencerFixture fixture = SequencerFixture.start(dataDirectory)) {
      BatchBuilder builder = builder(fixture, CONFIG.withMaxRecords(4), faults);
      fixture.submit(8);
      assertHonest(fixture, builder.next(0, SmtHashing.EMPTY).orElseThrow());
      assertHonest(fixture, builder.next(4, fixture.rootAfter(3)).orElseThrow());
    }
  }

  private static BatchBuilder builder(
      SequencerFixture fixture, BatchConfig config, BatchFaultInjection faults) {
    return new BatchBuilder(
        fixture.sequencer, RecordFixtures.DOMAIN, config, faults, fixture.clock);
  }

  private static BatchContents rebuild(BatchBuilder builder, BatchContents batch) {
    return builder.build(batch.firstSequence(), batch.recordCount(), batch.preStateRoot());
  }

  /**
   * The batch is what the sequencer logged and applied: its records and timestamps from the log,
   * its roots from the receipts, both commitments over them, and data that decodes back to them.
   */
  private static void assertHonest(SequencerFixture fixture, BatchContents batch)
      throws MalformedBatchDataException {
    List<BatchRecord> logged = new ArrayList<>();
    for (long sequence = batch.firstSequence(); sequence <= batch.lastSequence(); sequence++) {
      SequencedRecord record = fixture.sequencer.record(sequence).orElseThrow();
      logged.add(new BatchRecord(record.record(), record.timestamp()));
    }
    assertEquals(logged, batch.records());
    assertEquals(honestRoots(fixture, batch), batch.postStateRoots());
    assertEquals(fixture.rootAfter(batch.firstSequence() - 1), batch.preStateRoot());
    assertEquals(fixture.rootAfter(batch.lastSequence()), batch.postStateRoot());
    assertEquals(recordsRoot(batch.records()), batch.recordsRoot());
    assertEquals(BatchMerkleTree.rootOf(batch.postStateRoots()), batch.rootsRoot());
    BatchData.Decoded decoded = BatchData.decode(batch.data(), batch.recordCount());
    assertEquals(batch.codec(), decoded.codec());
    assertEquals(batch.records(), decoded.records());
    assertEquals(batch.postStateRoots(), decoded.postStateRoots());
  }

  private static void assertOneMoreWouldNotFit(
      SequencerFixture fixture, BatchConfig config, BatchContents batch) {
    List<BatchRecord> records = new ArrayList<>(batch.records());
    List<Bytes32> roots = new ArrayList<>(batch.postStateRoots());
    long next = batch.lastSequence() + 1;
    SequencedRecord record = fixture.sequencer.record(next).orElseThrow();
    records.add(new BatchRecord(record.record(), record.timestamp()));
    roots.add(fixture.rootAfter(next));
    int bigger = BatchData.encode(config.codec(), records, roots).length;
    assertTrue(
        bigger > config.maxDataBytes(),
        "one more record would still fit: "
            + bigger
            + " bytes for "
            + records.size()
            + " records, limit "
            + config.maxDataBytes());
  }

  private static List<Bytes32> honestRoots(SequencerFixture fixture, BatchContents batch) {
    List<Bytes32> roots = new ArrayList<>();
    for (long sequence = batch.firstSequence(); sequence <= batch.lastSequence(); sequence++) {
      roots.add(fixture.rootAfter(sequence));
    }
    return roots;
  }

  private static Bytes32 recordsRoot(List<BatchRecord> records) {
    return BatchMerkleTree.rootOf(
        records.stream().map(record -> record.leaf(RecordFixtures.DOMAIN)).toList());
  }
}
