package dev.sluice.bridge.derivation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.L1Receipt;
import dev.sluice.bridge.RollupArtifact;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.TestSequencer;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Web3jL1ChainReader} against a real Anvil: blocks, logs, transactions, the blob endpoint. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Web3jL1ChainReaderIT {

  @Test
  void readsWhatDerivationNeedsFromAnvil() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.start();
        L1Client client =
            L1Client.connect(anvil.rpcUrl(), AnvilProcess.DEV_KEYS.get(0), Duration.ofSeconds(20));
        Web3jL1ChainReader reader = Web3jL1ChainReader.connect(anvil.rpcUrl())) {
      RollupContract rollup =
          RollupContract.deploy(
              client, RollupArtifact.load(), client.address(), BigInteger.ONE, Duration.ofMinutes(1), 4242);
      rollup.depositBond(BigInteger.ONE);
      Eip712Domain domain = new Eip712Domain(4242, rollup.address());
      TestSequencer sequencer = new TestSequencer(domain);
      RecordSigner owner = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(5));
      sequencer.submit(owner, n -> Record.put(n, "s", bytes("k"), bytes("v")));
      TestSequencer.Sealed sealed = sequencer.seal();
      L1Receipt receipt = rollup.appendBatch(sealed.header(), sealed.data());

      long head = reader.headNumber();
      assertEquals(receipt.blockNumber(), head);
      L1Block block = reader.block(head).orElseThrow();
      assertEquals(reader.block(head - 1).orElseThrow().hash(), block.parentHash());
      assertTrue(reader.block(head + 100).isEmpty());

      List<L1Log> logs = reader.logs(rollup.address(), 0, head, RollupLog.TOPICS);
      assertEquals(1, logs.size());
      RollupLog.Appended appended =
          assertInstanceOf(RollupLog.Appended.class, RollupLog.decode(logs.getFirst(), rollup.address()));
      assertEquals(sealed.header(), appended.batch().header());
      assertEquals(block.hash(), appended.batch().l1BlockHash());
      assertEquals(receipt.transactionHash(), appended.batch().transactionHash());

      L1Transaction tx = reader.transaction(receipt.transactionHash()).orElseThrow();
      assertEquals(rollup.address(), tx.to().orElseThrow());
      assertEquals(List.of(), tx.blobVersionedHashes());
      assertArrayEquals(sealed.data(), AppendBatchCall.decode(tx.input()).data());
      assertTrue(reader.transaction(Keccak.hash32(bytes("no such transaction"))).isEmpty());

      // The beacon-style endpoint on Anvil's own port, addressed by block hash: no blobs here.
      assertEquals(List.of(), reader.blobs(block, List.of()));
      assertEquals(List.of(), reader.blobs(block, List.of(Bytes32.fromHex("0x01" + "00".repeat(31)))));
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
