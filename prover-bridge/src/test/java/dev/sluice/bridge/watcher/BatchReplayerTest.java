package dev.sluice.bridge.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.FraudProof;
import dev.sluice.bridge.FraudProofBuilder;
import dev.sluice.bridge.TestSequencer;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.Batch;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.stf.StateKeys;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link BatchReplayer}: verdicts for honest and wrong batches, across recovery chunks. */
class BatchReplayerTest {
  private static final Eip712Domain DOMAIN =
      new Eip712Domain(4242, Address.fromHex("0x" + "5e".repeat(20)));
  private static final SenderRecovery RECOVERY = SenderRecovery.fastestAvailable();

  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final BatchReplayer replayer = new BatchReplayer(DOMAIN, RECOVERY, executor);
  private final TestSequencer sequencer = new TestSequencer(DOMAIN);
  private final List<RecordSigner> signers =
      List.of(
          RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(101)),
          RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(102)),
          RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(103)));
  private final Random random = new Random(11);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void anHonestBatchIsValidAndLeavesThePreStateWhereItWas() {
    // More records than one recovery chunk, from several senders into their own streams.
    Batch batch = sealBatch(3 * BatchReplayer.CHUNK + 5, -1);
    SparseMerkleTree pre = emptyState();
    BatchReplayer.Valid valid =
        assertInstanceOf(BatchReplayer.Valid.class, replayer.replay(batch, pre));
    assertEquals(batch.header().postStateRoot(), valid.state().root());
    assertEquals(SmtHashing.EMPTY, pre.root());
  }

  @Test
  void theFirstWrongRootIsFoundWithTheStateBeforeIt() {
    int wrong = BatchReplayer.CHUNK + 3;
    Batch batch = sealBatch(2 * BatchReplayer.CHUNK, wrong);
    BatchReplayer.StateFault fault =
        assertInstanceOf(BatchReplayer.StateFault.class, replayer.replay(batch, emptyState()));
    assertEquals(wrong, fault.recordIndex());
    assertEquals(batch.postStateRoots().get(wrong), fault.claimed());
    assertEquals(batch.preStateRootOf(wrong), fault.stateBefore().root());
    FraudProof proof =
        new FraudProofBuilder(DOMAIN, RECOVERY).prove(batch, wrong, fault.stateBefore());
    assertTrue(proof.showsFraud());
    assertEquals(fault.computed(), proof.computedPostStateRoot());
  }

  @Test
  void aHeaderThatClaimsAnotherPostStateRootIsAPostStateRootFault() {
    Batch honest = sealBatch(4, -1);
    BatchHeader h = honest.header();
    Bytes32 other = Bytes32.fromHex("0x" + "77".repeat(32));
    Batch wrong =
        new Batch(
            new BatchHeader(h.index(), h.prevHeaderHash(), h.firstSequence(), h.recordCount(),
                h.dataHash(), h.recordsRoot(), h.rootsRoot(), h.preStateRoot(), other),
            honest.records(),
            honest.postStateRoots());
    BatchReplayer.PostStateRootFault fault =
        assertInstanceOf(BatchReplayer.PostStateRootFault.class, replayer.replay(wrong, emptyState()));
    assertEquals(h.postStateRoot(), fault.lastRoot());
    assertEquals(other, fault.claimed());
  }

  @Test
  void aPreStateAtAnotherRootIsRefused() {
    Batch batch = sealBatch(1, -1);
    SparseMerkleTree elsewhere = emptyState();
    elsewhere.put(StateKeys.account(signers.get(0).address()), new byte[8]);
    assertThrows(IllegalArgumentException.class, () -> replayer.replay(batch, elsewhere));
  }

  /** A batch of {@code records} readings; the root after record {@code wrong} (if ≥ 0) is wrong. */
  private Batch sealBatch(int records, int wrong) {
    for (int i = 0; i < records; i++) {
      RecordSigner signer = signers.get(random.nextInt(signers.size()));
      int n = i;
      sequencer.submit(
          signer,
          nonce ->
              Record.put(
                  nonce,
                  "sensor/" + signer.address().toHex().substring(2, 8),
                  ("k" + n % 7).getBytes(StandardCharsets.US_ASCII),
                  ("" + random.nextInt()).getBytes(StandardCharsets.US_ASCII)));
      if (i == wrong) {
        sequencer.tamper(state -> state.put(StateKeys.account(Address.ZERO), new byte[8]));
      }
    }
    return sequencer.seal().posted();
  }

  private static SparseMerkleTree emptyState() {
    return new SparseMerkleTree(new TreeNodeStore(new InMemoryKeyValueStore(), 1 << 10), SmtHashing.EMPTY);
  }
}
