package dev.sluice.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.RpcConfig;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.client.SluiceRpcException;
import dev.sluice.sequencer.Durability;
import dev.sluice.state.Address;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.RecordSigner;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sluice_getStream lists granted writers, page by page, and keeps them across restarts. */
class StreamWritersIT {
  private static final Eip712Domain DOMAIN =
      new Eip712Domain(714_714, Address.fromHex("0x00000000000000000000000000000000000051ce"));
  private static final String STREAM = "fleet/3";

  @TempDir Path dataDirectory;

  @Test
  void shouldListGrantedWritersInPagesAcrossRestarts() throws Exception {
    RecordSigner owner = RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(0x0E1));
    TreeSet<String> expected = new TreeSet<>();
    List<Address> writers = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      writers.add(RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(0x1000 + i)).address());
    }
    try (SluiceNode node = SluiceNode.start(config());
        SluiceClient client = SluiceClient.connect(node.rpcUrl())) {
      SigningAccount account = SigningAccount.synced(owner, client);
      client.sendAndWait(account.put(STREAM, new byte[] {1}, new byte[] {2}));
      for (Address writer : writers) {
        client.sendAndWait(account.grant(STREAM, writer));
        expected.add(writer.toHex());
      }
      client.sendAndWait(account.revoke(STREAM, writers.get(2)));
      expected.remove(writers.get(2).toHex());

      assertEquals(List.copyOf(expected), allWriters(client, 4));
      JsonNode firstPage = client.call("sluice_getStream", STREAM, null, "0x2");
      assertEquals(2, firstPage.path("writers").size());
      assertTrue(firstPage.path("writersMore").asBoolean());
      SluiceRpcException tooMany =
          org.junit.jupiter.api.Assertions.assertThrows(
              SluiceRpcException.class,
              () -> client.call("sluice_getStream", STREAM, null, "0x3e9"));
      assertEquals(-32602, tooMany.code());
    }

    try (SluiceNode node = SluiceNode.start(config());
        SluiceClient client = SluiceClient.connect(node.rpcUrl())) {
      assertEquals(List.copyOf(expected), allWriters(client, 100), "after a restart");
      SigningAccount account = SigningAccount.synced(owner, client);
      client.sendAndWait(account.revoke(STREAM, writers.get(0)));
      expected.remove(writers.get(0).toHex());
      assertEquals(List.copyOf(expected), allWriters(client, 1));
    }

    try (SluiceNode node = SluiceNode.start(config());
        SluiceClient client = SluiceClient.connect(node.rpcUrl())) {
      assertEquals(List.copyOf(expected), allWriters(client, 3), "after a second restart");
    }
  }

  private static List<String> allWriters(SluiceClient client, int pageSize) {
    List<String> all = new ArrayList<>();
    String after = null;
    while (true) {
      JsonNode stream =
          client.call("sluice_getStream", STREAM, after, "0x" + Integer.toHexString(pageSize));
      JsonNode page = stream.path("writers");
      assertTrue(page.isArray(), stream.toString());
      assertTrue(page.size() <= pageSize);
      page.forEach(writer -> all.add(writer.asText()));
      if (!stream.path("writersMore").asBoolean()) {
        return all;
      }
      after = page.get(page.size() - 1).asText();
    }
  }

  private NodeConfig config() {
    return new NodeConfig(
        dataDirectory,
        DOMAIN,
        Durability.SYNC,
        RpcConfig.builder().host("127.0.0.1").port(0).build(),
        Optional.empty());
  }
}
