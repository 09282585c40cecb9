package dev.sluice.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.rpc.RpcConfig;
import dev.sluice.rpc.client.EntryWithProof;
import dev.sluice.rpc.client.RecordReceipt;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.client.SluiceWebSocketClient;
import dev.sluice.sequencer.Durability;
import dev.sluice.state.Address;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.stf.Status;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole node with real parts: the pipelined sequencer on LevelDB behind the Vert.x server,
 * driven by the Java SDK over HTTP and WebSocket on loopback.
 */
class SluiceNodeIT {
  private static final Eip712Domain DOMAIN =
      new Eip712Domain(714_714, Address.fromHex("0x00000000000000000000000000000000000051ce"));
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDirectory;

  @Test
  void shouldSequenceProveAndFeedRecordsAndKeepThemAcrossARestart() throws Exception {
    RecordSigner owner = RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(0xA11CE));
    RecordSigner stranger = RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(0xB0B));
    List<Receipt> fed = new CopyOnWriteArrayList<>();
    Receipt last;
    try (SluiceNode node = SluiceNode.start(config());
        SluiceClient client = SluiceClient.connect(node.rpcUrl());
        SluiceWebSocketClient socket = SluiceWebSocketClient.connect(node.webSocketUrl())) {
      socket
          .subscribeReceipts(
              Optional.of("plant/7"), OptionalLong.empty(), r -> fed.add(r.receipt()), ended -> {})
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      SigningAccount account = SigningAccount.synced(owner, client);
      List<RecordReceipt> receipts = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        receipts.add(
            client.sendAndWait(
                account.put("plant/7", bytes("sensor-" + (i % 3)), bytes(Integer.toString(i)))));
      }
      RecordReceipt denied =
          client.sendAndWait(SigningAccount.synced(stranger, client).put("plant/7", bytes("x"), bytes("y")));
      assertEquals(Status.PERMISSION_DENIED, denied.receipt().status());

      for (int i = 0; i < receipts.size(); i++) {
        assertEquals(i, receipts.get(i).receipt().sequence(), "sequence numbers follow arrival");
        assertEquals(Status.APPLIED, receipts.get(i).receipt().status());
      }
      last = receipts.get(receipts.size() - 1).receipt();
      EntryWithProof entry = client.entry("plant/7", bytes("sensor-1"));
      assertArrayEquals(bytes("19"), entry.verify(denied.receipt()).orElseThrow());

      long deadline = System.nanoTime() + WAIT.toNanos();
      while (fed.size() < 21 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(21, fed.size(), "the feed delivers every receipt of the stream");
      for (int i = 0; i < fed.size(); i++) {
        assertEquals(i, fed.get(i).sequence(), "in order, without gaps");
      }
    }

    // A restart replays the log: same receipts, and the sender's nonce carries on.
    try (SluiceNode node = SluiceNode.start(config());
        SluiceClient client = SluiceClient.connect(node.rpcUrl())) {
      assertEquals(last, client.receipt(last.sequence()).orElseThrow().receipt());
      SigningAccount account = SigningAccount.synced(owner, client);
      assertEquals(20, account.nextNonce());
      RecordReceipt after = client.sendAndWait(account.put("plant/7", bytes("sensor-0"), bytes("again")));
      assertEquals(21, after.receipt().sequence(), "numbering continues after the replayed log");
      assertTrue(client.entry("plant/7", bytes("sensor-0")).verify(after.receipt()).isPresent());
    }
  }

  private NodeConfig config() {
    return new NodeConfig(
        dataDirectory,
        DOMAIN,
        Durability.SYNC,
        RpcConfig.builder().host("127.0.0.1").port(0).build(),
        Optional.of(new NodeConfig.OperatorPort("127.0.0.1", 0, dataDirectory.resolve("jwt.hex"))));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
