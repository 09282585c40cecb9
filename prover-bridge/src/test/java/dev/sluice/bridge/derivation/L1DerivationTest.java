package dev.sluice.bridge.derivation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import dev.sluice.bridge.L1Exception;
import dev.sluice.bridge.TestSequencer;
import dev.sluice.bridge.derivation.DerivationEvent.BatchDerived;
import dev.sluice.bridge.derivation.DerivationEvent.BatchesDropped;
import dev.sluice.bridge.derivation.DerivationEvent.Cause;
import dev.sluice.bridge.derivation.DerivationEvent.Finalized;
import dev.sluice.bridge.derivation.DerivedBatch.DataFault;
import dev.sluice.bridge.derivation.DerivedBatch.Decoded;
import dev.sluice.bridge.derivation.DerivedBatch.FaultKind;
import dev.sluice.bridge.derivation.DerivedBatch.NotFetched;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link L1Derivation} against a scripted L1: order, reverts, reorgs, data faults, failures. */
class L1DerivationTest {
  private static final Address ROLLUP = Address.fromHex("0x" + "5e".repeat(20));
  private static final Eip712Domain DOMAIN = new Eip712Domain(4242, ROLLUP);
  private static final String STREAM = "plant-7/pressure";

  private ScriptedL1Chain chain;
  private TestSequencer sequencer;
  private RecordSigner owner;
  private int reading;

  @BeforeEach
  void setUp() {
    chain = new ScriptedL1Chain(ROLLUP);
    sequencer = new TestSequencer(DOMAIN).withCodec(BatchCodec.ZSTD);
    owner = RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(0xA11CE1));
  }

  @Test
  void batchesComeOutInOrderWithTheirRecordsAndRoots() {
    List<TestSequencer.Sealed> sealed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestSequencer.Sealed batch = sealBatch(3);
      sealed.add(batch);
      chain.mine(List.of(chain.appendCalldata(batch.header(), batch.data())));
      chain.mineEmpty(2);
    }
    // Ranges of two blocks: the batches come out over several polls, in order.
    L1Derivation derivation = derivation(new L1Derivation.Options(0, 0, 2, 16), a -> false);
    List<DerivationEvent> events = drain(derivation);
    assertEquals(3, events.size());
    for (int i = 0; i < 3; i++) {
      Decoded decoded = decodedAt(events, i);
      assertEquals(sealed.get(i).header(), decoded.batch().header());
      assertEquals(sealed.get(i).posted().postStateRoots(), decoded.batch().postStateRoots());
      assertEquals(sealed.get(i).posted().recordLeaves(DOMAIN), decoded.batch().recordLeaves(DOMAIN));
      assertEquals(BatchCodec.ZSTD, decoded.codec());
    }
    assertTrue(derivation.caughtUp());
    assertEquals(List.of(), derivation.advance());
  }

  @Test
  void confirmationsKeepDerivationBehindTheHead() {
    TestSequencer.Sealed batch = sealBatch(1);
    chain.mine(List.of(chain.appendCalldata(batch.header(), batch.data())));
    L1Derivation derivation = derivation(new L1Derivation.Options(0, 2, 100, 16), a -> false);
    assertEquals(List.of(), derivation.advance());
    chain.mineEmpty(1);
    assertEquals(List.of(), derivation.advance());
    chain.mineEmpty(1);
    assertEquals(1, derivation.advance().size());
  }

  @Test
  void revertedBatchesAreDroppedAndTheirReplacementFollows() {
    TestSequencer.Sealed first = append(sealBatch(2));
    TestSequencer.Sealed bad = append(sealBatch(2));
    append(sealBatch(1));
    L1Derivation derivation = derivation(L1Derivation.Options.from(0), a -> false);
    assertEquals(3, drain(derivation).size());

    chain.mine(List.of(chain.revert(1, 2)));
    sequencer.rewindTo(first.header());
    TestSequencer.Sealed replacement = append(sealBatch(1));
    List<DerivationEvent> events = drain(derivation);
    assertEquals(new BatchesDropped(1, Cause.REVERTED_ON_L1), events.get(0));
    Decoded decoded = decodedAt(events, 1);
    assertEquals(replacement.header(), decoded.batch().header());
    assertEquals(bad.header().index(), decoded.batch().header().index());
    assertEquals(2, derivation.batchCount());
  }

  @Test
  void anL1ReorgDropsTheBatchesOfReplacedBlocksAndFollowsTheNewOnes() {
    TestSequencer.Sealed first = append(sealBatch(2));
    append(sealBatch(2));
    L1Derivation derivation = derivation(L1Derivation.Options.from(0), a -> false);
    assertEquals(2, drain(derivation).size());

    // The block with batch 1 is replaced by one with another batch 1, and two blocks on top.
    chain.rollback(1);
    sequencer.rewindTo(first.header());
    TestSequencer.Sealed other = append(sealBatch(3));
    chain.mineEmpty(1);
    List<DerivationEvent> events = drain(derivation);
    assertEquals(new BatchesDropped(1, Cause.L1_REORG), events.get(0));
    assertEquals(other.header(), decodedAt(events, 1).batch().header());
  }

  @Test
  void aReorgThatUndoesARevertBringsTheRevertedBatchesBack() {
    append(sealBatch(1));
    TestSequencer.Sealed second = append(sealBatch(1));
    L1Derivation derivation = derivation(L1Derivation.Options.from(0), a -> false);
    drain(derivation);
    chain.mine(List.of(chain.revert(1, 1)));
    assertEquals(List.of(new BatchesDropped(1, Cause.REVERTED_ON_L1)), drain(derivation));

    chain.rollback(1);
    chain.mineEmpty(2);
    List<DerivationEvent> events = drain(derivation);
    assertEquals(1, events.size());
    assertEquals(second.header(), decodedAt(events, 0).batch().header());
  }

  @Test
  void aReorgDeeperThanTheKeptHashesStopsDerivation() {
    append(sealBatch(1));
    chain.mineEmpty(10);
    // Ranges of one block and three hashes kept: block 1 is long forgotten.
    L1Derivation derivation = derivation(new L1Derivation.Options(1, 0, 1, 3), a -> false);
    drain(derivation);
    chain.rollback(11);
    chain.mineEmpty(12);
    DerivationException deep = assertThrows(DerivationException.class, derivation::advance);
    assertTrue(deep.getMessage().contains("deeper"), deep.getMessage());
  }

  @Test
  void finalisationIsReported() {
    TestSequencer.Sealed first = append(sealBatch(1));
    TestSequencer.Sealed second = append(sealBatch(1));
    L1Derivation derivation = derivation(L1Derivation.Options.from(0), a -> false);
    drain(derivation);
    chain.mine(List.of(chain.finalize(List.of(first.header(), second.header()))));
    assertEquals(List.of(new Finalized(2)), drain(derivation));
  }

  @Test
  void garbageDataIsAnUndecodableDataFault() {
    byte[] garbage = new byte[500];
    new Random(7).nextBytes(garbage);
    append(sealFaulty(data -> garbage, header -> header));
    DataFault fault = faultOf(drain(derivation(L1Derivation.Options.from(0), a -> false)));
    assertEquals(FaultKind.UNDECODABLE, fault.kind());
  }

  @Test
  void aDecompressionBombIsRefusedWithoutInflatingIt() {
    // 1 record may decompress to 61,847 bytes; this payload inflates to 256 MiB of zeros.
    byte[] bomb = zstdOfZeros(256 << 20);
    append(
        sealFaulty(
            data -> {
              ByteBuffer out = ByteBuffer.allocate(6 + bomb.length + 32);
              out.put((byte) 1).put((byte) BatchCodec.ZSTD.id()).putInt(bomb.length).put(bomb);
              out.put(data, data.length - 32, 32);
              return out.array();
            },
            header -> header));
    DataFault fault = faultOf(drain(derivation(L1Derivation.Options.from(0), a -> false)));
    assertEquals(FaultKind.UNDECODABLE, fault.kind());
  }

  @Test
  void recordsThatDoNotHashToTheRecordsRootAreADataFault() {
    append(
        sealFaulty(
            data -> data,
            header ->
                new BatchHeader(
                    header.index(), header.prevHeaderHash(), header.firstSequence(),
                    header.recordCount(), header.dataHash(), Bytes32.fromHex("0x" + "11".repeat(32)),
                    header.rootsRoot(), header.preStateRoot(), header.postStateRoot())));
    DataFault fault = faultOf(drain(derivation(L1Derivation.Options.from(0), a -> false)));
    assertEquals(FaultKind.RECORDS_ROOT_MISMATCH, fault.kind());
  }

  @Test
  void dataThatDoesNotHashToTheDataHashIsADataFault() {
    TestSequencer.Sealed batch = sealBatch(1);
    byte[] other = batch.data().clone();
    other[other.length - 1] ^= 1;
    chain.mine(List.of(chain.appendCalldata(batch.header(), other)));
    DataFault fault = faultOf(drain(derivation(L1Derivation.Options.from(0), a -> false)));
    assertEquals(FaultKind.DATA_HASH_MISMATCH, fault.kind());
  }

  @Test
  void aHeaderThatDoesNotLinkIsReported() {
    append(sealBatch(1));
    TestSequencer.Sealed unlinked = sealBatch(1);
    BatchHeader h = unlinked.header();
    BatchHeader wrongPre =
        new BatchHeader(h.index(), h.prevHeaderHash(), h.firstSequence(), h.recordCount(),
            h.dataHash(), h.recordsRoot(), h.rootsRoot(), Bytes32.fromHex("0x" + "22".repeat(32)),
            h.postStateRoot());
    chain.mine(List.of(chain.appendCalldata(wrongPre, unlinked.data())));
    List<DerivationEvent> events = drain(derivation(L1Derivation.Options.from(0), a -> false));
    assertEquals(FaultKind.HEADER_LINKAGE, faultOf(events).kind());
  }

  @Test
  void batchesTheConsumerHoldsAreNotFetched() {
    TestSequencer.Sealed first = append(sealBatch(1));
    append(sealBatch(1));
    Predicate<AppendedBatch> held = a -> a.headerHash().equals(first.header().hash());
    List<DerivationEvent> events = drain(derivation(L1Derivation.Options.from(0), held));
    assertInstanceOf(NotFetched.class, ((BatchDerived) events.get(0)).batch().content());
    assertInstanceOf(Decoded.class, ((BatchDerived) events.get(1)).batch().content());
  }

  @Test
  void anUnreachableEndpointLosesNothing() {
    append(sealBatch(1));
    append(sealBatch(1));
    L1Derivation derivation = derivation(L1Derivation.Options.from(0), a -> false);
    chain.failNextReads(1);
    assertThrows(L1Exception.class, derivation::advance);
    // Fail in the middle of reading the second batch's transaction: the first is kept.
    List<DerivationEvent> events = new ArrayList<>();
    for (int failAt = 1; failAt < 12 && events.size() < 2; failAt++) {
      chain.failNextReads(0);
      L1Derivation fresh = derivation(L1Derivation.Options.from(0), a -> false);
      events.clear();
      for (int attempt = 0; attempt < 20 && !(fresh.caughtUp() && events.size() == 2); attempt++) {
        chain.failNextReads(attempt == 0 ? failAt : 0);
        try {
          events.addAll(fresh.advance());
        } catch (L1Exception e) {
          // retried on the next poll
        }
      }
      assertEquals(2, events.size(), "failing after " + failAt + " reads");
      assertEquals(0, decodedAt(events, 0).batch().header().index());
      assertEquals(1, decodedAt(events, 1).batch().header().index());
    }
  }

  @Test
  void aLogTheContractCannotHaveEmittedStopsDerivation() {
    chain.mine(
        List.of(
            chain.rawLog(
                List.of(RollupLog.BATCH_APPENDED_TOPIC, ScriptedL1Chain.uintWord(0), Bytes32.ZERO),
                new byte[64])));
    L1Derivation derivation = derivation(L1Derivation.Options.from(0), a -> false);
    assertThrows(DerivationException.class, derivation::advance);
  }

  // -----------------------------------------------------------------------------------------------

  private L1Derivation derivation(L1Derivation.Options options, Predicate<AppendedBatch> held) {
    return new L1Derivation(chain, ROLLUP, DOMAIN, options, held);
  }

  /** Polls until caught up; bounded. */
  static List<DerivationEvent> drain(L1Derivation derivation) {
    List<DerivationEvent> events = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      events.addAll(derivation.advance());
      if (derivation.caughtUp()) {
        return events;
      }
    }
    throw new AssertionError("derivation did not catch up in 1,000 polls");
  }

  private TestSequencer.Sealed sealBatch(int records) {
    for (int i = 0; i < records; i++) {
      int n = reading++;
      sequencer.submit(
          owner,
          nonce ->
              Record.put(
                  nonce,
                  STREAM,
                  ("p" + n % 4).getBytes(StandardCharsets.US_ASCII),
                  ("{\"kPa\":" + (1000 + n) + "}").getBytes(StandardCharsets.US_ASCII)));
    }
    return sequencer.seal();
  }

  private TestSequencer.Sealed sealFaulty(
      java.util.function.UnaryOperator<byte[]> data,
      java.util.function.UnaryOperator<BatchHeader> header) {
    sealBatchRecordsOnly(1);
    return sequencer.seal(data, header);
  }

  private void sealBatchRecordsOnly(int records) {
    for (int i = 0; i < records; i++) {
      int n = reading++;
      sequencer.submit(
          owner,
          nonce -> Record.put(nonce, STREAM, "p".getBytes(StandardCharsets.US_ASCII),
              ("" + n).getBytes(StandardCharsets.US_ASCII)));
    }
  }

  private TestSequencer.Sealed append(TestSequencer.Sealed batch) {
    chain.mine(List.of(chain.appendCalldata(batch.header(), batch.data())));
    return batch;
  }

  private static Decoded decodedAt(List<DerivationEvent> events, int i) {
    return assertInstanceOf(
        Decoded.class, assertInstanceOf(BatchDerived.class, events.get(i)).batch().content());
  }

  private static DataFault faultOf(List<DerivationEvent> events) {
    return assertInstanceOf(
        DataFault.class,
        assertInstanceOf(BatchDerived.class, events.getLast()).batch().content());
  }

  private static byte[] zstdOfZeros(int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStream zstd = new ZstdOutputStream(out)) {
      byte[] chunk = new byte[1 << 20];
      for (int written = 0; written < length; written += chunk.length) {
        zstd.write(chunk);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
