package dev.sluice.bridge.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupArtifact;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.TestSequencer;
import dev.sluice.bridge.l1.MinedTransaction;
import dev.sluice.bridge.l1.SignedTransaction;
import dev.sluice.bridge.l1.TransactionFees;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.batch.BlobPacking;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.stf.StateKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches posted in real EIP-4844 blob transactions on Anvil (signed by {@link L1Client}, as the
 * poster sends them), derived back through Anvil's beacon-style blob endpoint and verified by the
 * watcher, which also proves a wrong root in a blob batch.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BlobWatcherIT {
  private static final long L2_CHAIN_ID = 4242;
  private static final BigInteger BOND = BigInteger.TEN.pow(18);

  @TempDir Path dataDir;

  @Test
  void blobBatchesAreDerivedVerifiedAndProvenWrong() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.start();
        L1Client proposer =
            L1Client.connect(anvil.rpcUrl(), AnvilProcess.DEV_KEYS.get(0), Duration.ofSeconds(30))) {
      long deployBlock = proposer.latestBlock().number();
      RollupContract rollup =
          RollupContract.deploy(
              proposer, RollupArtifact.load(), proposer.address(), BOND, Duration.ofMinutes(10),
              L2_CHAIN_ID);
      rollup.depositBond(BOND);
      Eip712Domain domain = new Eip712Domain(L2_CHAIN_ID, rollup.address());
      TestSequencer sequencer = new TestSequencer(domain).withCodec(BatchCodec.ZSTD);
      RecordSigner device = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0xB10B));

      // Two blob batches (the second spans two blobs) and a calldata batch between them.
      BatchHeader first = appendInBlobs(proposer, rollup, sealReadings(sequencer, device, 50, 40));
      for (int i = 0; i < 5; i++) {
        submitReading(sequencer, device, 40, 1_000 + i);
      }
      TestSequencer.Sealed inCalldata = sequencer.seal();
      rollup.appendBatch(inCalldata.header(), inCalldata.data());
      BatchHeader second = appendInBlobs(proposer, rollup, sealReadings(sequencer, device, 300, 600));
      assertTrue(lastBlobCount >= 2, "the second batch needs " + lastBlobCount + " blobs");

      WatcherConfig config =
          new WatcherConfig(
              anvil.rpcUrl(), rollup.address(), dataDir.resolve("watcher"),
              AnvilProcess.DEV_KEYS.get(1), deployBlock, Duration.ofMillis(50), 0);
      try (Watcher watcher = Watcher.open(config, new SimpleMeterRegistry())) {
        WatcherStatus status = pollUntil(watcher, s -> s.caughtUp());
        assertEquals(2, status.verifiedBatch(), status.toString());
        assertEquals(second.postStateRoot(), status.verifiedRoot());
        assertEquals(List.of(), status.faults());
        assertEquals(0, first.index());

        // A blob batch whose fifth root is wrong is proven like any other.
        for (int i = 0; i < 10; i++) {
          submitReading(sequencer, device, 40, i);
          if (i == 4) {
            sequencer.tamper(state -> state.put(StateKeys.account(proposer.address()), new byte[8]));
          }
        }
        appendInBlobs(proposer, rollup, sequencer.seal(this::captureBlobs, this::withBlobDataHash));
        status = pollUntil(watcher, s -> !s.challenges().isEmpty());
        assertEquals(ChallengeReport.Outcome.PROVEN, status.challenges().getFirst().outcome());
        assertEquals(4, status.challenges().getFirst().recordIndex());
        assertEquals(3, rollup.batchCount());
      }
    }
  }

  private List<byte[]> lastBlobs;
  private int lastBlobCount;

  private TestSequencer.Sealed sealReadings(
      TestSequencer sequencer, RecordSigner device, int records, int valueBytes) {
    for (int i = 0; i < records; i++) {
      submitReading(sequencer, device, valueBytes, i);
    }
    return sequencer.seal(this::captureBlobs, this::withBlobDataHash);
  }

  private byte[] captureBlobs(byte[] data) {
    lastBlobs = BlobPacking.pack(data);
    lastBlobCount = lastBlobs.size();
    return data;
  }

  private static void submitReading(
      TestSequencer sequencer, RecordSigner device, int valueBytes, int n) {
    // Hash-chained bytes: values that do not compress, so that a batch fills blobs.
    byte[] value = new byte[valueBytes];
    byte[] seed = Keccak.hash(("reading " + n + " " + System.nanoTime()).getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < valueBytes; i++) {
      if (i % 32 == 0 && i > 0) {
        seed = Keccak.hash(seed);
      }
      value[i] = seed[i % 32];
    }
    sequencer.submit(
        device, nonce -> Record.put(nonce, "cam-3/frames", ("f" + n % 8).getBytes(StandardCharsets.US_ASCII), value));
  }

  /** The header with the dataHash of the blobs {@link #captureBlobs} made: what the contract binds. */
  private BatchHeader withBlobDataHash(BatchHeader h) {
    List<Bytes32> hashes = L1Client.blobVersionedHashes(lastBlobs);
    byte[] joined = new byte[32 * hashes.size()];
    for (int i = 0; i < hashes.size(); i++) {
      hashes.get(i).copyTo(joined, 32 * i);
    }
    return new BatchHeader(h.index(), h.prevHeaderHash(), h.firstSequence(), h.recordCount(),
        Keccak.hash32(joined), h.recordsRoot(), h.rootsRoot(), h.preStateRoot(), h.postStateRoot());
  }

  /** Sends the sealed batch as an appendBatchFromBlobs carrying the captured blobs. */
  private BatchHeader appendInBlobs(L1Client proposer, RollupContract rollup, TestSequencer.Sealed sealed)
      throws InterruptedException {
    BatchHeader header = sealed.header();
    BigInteger gasPrice = BigInteger.valueOf(20_000_000_000L);
    TransactionFees fees =
        new TransactionFees(gasPrice, BigInteger.valueOf(1_000_000_000L), proposer.blobBaseFee().multiply(BigInteger.TEN).add(BigInteger.ONE));
    SignedTransaction tx =
        proposer.signBlobCall(
            proposer.transactionCount(true), fees, 1_000_000, rollup.address(),
            rollup.appendBatchFromBlobsCalldata(header), lastBlobs, true);
    proposer.broadcast(tx);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      var mined = proposer.minedTransaction(tx.hash());
      if (mined.isPresent()) {
        MinedTransaction done = mined.get();
        assertTrue(done.succeeded(), "appendBatchFromBlobs reverted");
        return header;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the blob transaction was not mined in 30 s");
  }

  private static WatcherStatus pollUntil(
      Watcher watcher, java.util.function.Predicate<WatcherStatus> done) {
    for (int i = 0; i < 500; i++) {
      watcher.poll();
      if (done.test(watcher.status())) {
        return watcher.status();
      }
    }
    throw new AssertionError("the watcher did not get there: " + watcher.status());
  }
}
