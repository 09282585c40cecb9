package dev.sluice.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.poster.BatchPoster;
import dev.sluice.bridge.poster.BatchSource;
import dev.sluice.bridge.poster.BatchStage;
import dev.sluice.bridge.poster.DataAvailability;
import dev.sluice.bridge.poster.PosterConfig;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.Batch;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A fraud proof reverts batches the poster appended: the poster forgets them, deposits the bond
 * again, and posts fresh contents from the first reverted batch on, in order.
 */
class PosterFraudRevertIT {
  private static final long L2_CHAIN_ID = 5151;
  private static final BigInteger BOND = BigInteger.TEN.pow(18);
  private static final String STREAM = "line-3/flow";

  /** Batches the test seals, handed to the poster in order; asks are recorded. */
  private static final class SealedBatches implements BatchSource {
    private final Eip712Domain domain;
    private final List<TestSequencer.Sealed> queue = new ArrayList<>();
    final List<String> asks = new ArrayList<>();
    long sequenced;

    SealedBatches(Eip712Domain domain) {
      this.domain = domain;
    }

    void add(TestSequencer.Sealed sealed) {
      queue.add(sealed);
      sequenced = Math.max(sequenced, sealed.header().lastSequence() + 1);
    }

    @Override
    public synchronized Optional<BatchContents> next(long firstSequence, Bytes32 preStateRoot) {
      asks.add(firstSequence + "@" + preStateRoot);
      for (TestSequencer.Sealed sealed : queue) {
        Batch batch = sealed.posted();
        if (batch.header().firstSequence() == firstSequence
            && batch.header().preStateRoot().equals(preStateRoot)) {
          return Optional.of(
              BatchContents.build(
                  domain,
                  BatchCodec.ZSTD,
                  firstSequence,
                  preStateRoot,
                  batch.records(),
                  batch.postStateRoots()));
        }
      }
      return Optional.empty();
    }

    @Override
    public long nextSequence() {
      return sequenced;
    }
  }

  @Test
  void afterAFraudProofThePosterPostsFreshContentsFromTheFirstRevertedBatch() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.start();
        L1Client proposer =
            L1Client.connect(anvil.rpcUrl(), AnvilProcess.DEV_KEYS.get(0), Duration.ofSeconds(20));
        L1Client challenger =
            L1Client.connect(
                anvil.rpcUrl(), AnvilProcess.DEV_KEYS.get(1), Duration.ofSeconds(20))) {
      RollupContract rollup =
          RollupContract.deploy(
              proposer,
              RollupArtifact.load(),
              proposer.address(),
              BOND,
              Duration.ofHours(1),
              L2_CHAIN_ID);
      Eip712Domain domain = new Eip712Domain(L2_CHAIN_ID, rollup.address());
      RecordSigner owner = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0xF10));
      TestSequencer sequencer = new TestSequencer(domain);
      SealedBatches source = new SealedBatches(domain);
      BatchPoster poster =
          BatchPoster.create(
              rollup,
              source,
              new InMemoryKeyValueStore(),
              PosterConfig.defaults().withMode(DataAvailability.CALLDATA));

      // One honest batch, one whose second root is wrong, one built on it.
      sequencer.submit(owner, n -> Record.put(n, STREAM, bytes("a"), bytes("1")));
      sequencer.submit(owner, n -> Record.put(n, STREAM, bytes("b"), bytes("2")));
      TestSequencer.Sealed honest = sequencer.seal();
      source.add(honest);
      sequencer.submit(owner, n -> Record.put(n, STREAM, bytes("c"), bytes("3")));
      sequencer.submit(owner, n -> Record.put(n, STREAM, bytes("d"), bytes("4")));
      sequencer.tamper(state -> state.put(Keccak.hash32(bytes("slipped in")), bytes("x")));
      sequencer.submit(owner, n -> Record.delete(n, STREAM, bytes("c")));
      source.add(sequencer.seal());
      sequencer.submit(owner, n -> Record.put(n, STREAM, bytes("e"), bytes("5")));
      source.add(sequencer.seal());
      for (int i = 0; i < 20 && rollup.batchCount() < 3; i++) {
        poster.tick();
      }
      poster.tick();
      assertEquals(3, rollup.batchCount());
      Bytes32 revertedHeader = poster.batch(1).orElseThrow().header().hash();
      List<String> events = new ArrayList<>();
      poster.onBatchProgress(p -> events.add(p.index() + ":" + p.stage().wireName()));

      // A watcher re-executes from the empty state and proves batch 1 wrong.
      FraudProofBuilder builder = new FraudProofBuilder(domain, SenderRecovery.fastestAvailable());
      SparseMerkleTree watcher =
          new SparseMerkleTree(
              new TreeNodeStore(new InMemoryKeyValueStore(), 1 << 12), SmtHashing.EMPTY);
      assertTrue(builder.findFraud(honest.posted(), watcher).isEmpty());
      watcher = watcher.at(honest.header().postStateRoot());
      Batch bad = source.queue.get(1).posted();
      Batch badAsPosted =
          new Batch(poster.batch(1).orElseThrow().header(), bad.records(), bad.postStateRoots());
      FraudProof proof = builder.findFraud(badAsPosted, watcher).orElseThrow();
      rollup.withClient(challenger).proveFraud(badAsPosted.header(), proof);
      assertEquals(1, rollup.batchCount());
      assertEquals(BigInteger.ZERO, rollup.bond(), "the bond went to the challenger");

      // The sequencer re-executes from batch 0's state: fresh, honest contents.
      sequencer.rewindTo(honest.header());
      sequencer.submit(owner, n -> Record.put(n, STREAM, bytes("c"), bytes("3")));
      sequencer.submit(owner, n -> Record.put(n, STREAM, bytes("d"), bytes("4")));
      TestSequencer.Sealed fresh = sequencer.seal();
      source.queue.subList(1, source.queue.size()).clear();
      source.add(fresh);
      source.asks.clear();
      for (int i = 0; i < 20 && rollup.batchCount() < 2; i++) {
        poster.tick();
      }
      poster.tick();

      assertEquals(2, rollup.batchCount());
      assertEquals(BOND, rollup.bond(), "the bond was deposited again");
      assertEquals(
          honest.header().lastSequence() + 1 + "@" + honest.header().postStateRoot(),
          source.asks.getFirst(),
          "asked for fresh contents right after the last good batch");
      Bytes32 reposted = poster.batch(1).orElseThrow().header().hash();
      assertFalse(reposted.equals(revertedHeader));
      assertEquals(rollup.batch(1).headerHash(), reposted);
      assertEquals(
          poster.batch(0).orElseThrow().header().hash(),
          poster.batch(1).orElseThrow().header().prevHeaderHash());
      assertTrue(poster.batch(2).isEmpty(), "the reverted batch 2 is forgotten");
      assertEquals(List.of("1:reverted", "2:reverted", "1:batched", "1:included"), events);
      assertEquals(BatchStage.INCLUDED, poster.batch(1).orElseThrow().stage());
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
