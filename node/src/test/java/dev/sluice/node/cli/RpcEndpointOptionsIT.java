package dev.sluice.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.node.SluiceNode;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The endpoint options of {@code sluice node} reach the real server: a node started from the parsed
 * command line on loopback answers, or refuses, as they say.
 */
class RpcEndpointOptionsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAIN_ID =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sluice_chainId\"}";

  @TempDir Path directory;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private SluiceNode start(String... options) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "node",
                "--data-dir",
                directory.resolve("node-" + System.nanoTime()).toString(),
                "--rpc-port",
                "0",
                "--admin-port",
                "-1"));
    args.addAll(List.of(options));
    CommandLine root = SluiceCommand.commandLine(Map.of(), ConfigFile.NONE);
    root.parseArgs(args.toArray(String[]::new));
    NodeCommand command = root.getSubcommands().get("node").getCommand();
    return SluiceNode.start(command.config());
  }

  @Test
  void shouldAnswerOnlyTheHostNamesListed() throws Exception {
    try (SluiceNode node = start("--rpc-host-allowlist", "rpc.example.org")) {
      // The client reaches the node as 127.0.0.1, which the list given replaces.
      HttpResponse<String> refused = post(node, CHAIN_ID, Map.of());
      assertEquals(403, refused.statusCode(), refused.body());
      assertTrue(
          refused.body().contains("Host 127.0.0.1 is not allowed")
              && refused.body().contains("rpc.example.org"),
          refused.body());
    }
  }

  @Test
  void shouldServeTheOriginsListedAndApplyTheRatesGiven() throws Exception {
    try (SluiceNode node =
        start(
            "--rpc-cors-origins",
            "https://app.example",
            "--rpc-address-rate-limit",
            "0.001/4",
            "--rpc-signer-rate-limit",
            "0.001/1")) {
      HttpResponse<String> fromApp = post(node, CHAIN_ID, Map.of("Origin", "https://app.example"));
      assertEquals(200, fromApp.statusCode(), fromApp.body());
      assertEquals(
          "https://app.example",
          fromApp.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
      // Refused before the rate limit: costs the address nothing.
      HttpResponse<String> fromElsewhere =
          post(node, CHAIN_ID, Map.of("Origin", "https://evil.example"));
      assertEquals(403, fromElsewhere.statusCode(), fromElsewhere.body());

      // One record per signer at once, then the signer's limit.
      RecordSigner alice =
          RecordSigner.ofPrivateKey(node.config().domain(), BigInteger.valueOf(0xA11CE));
      assertEquals(200, post(node, sendRecord(alice, 0), Map.of()).statusCode());
      HttpResponse<String> secondRecord = post(node, sendRecord(alice, 1), Map.of());
      assertEquals(429, secondRecord.statusCode(), secondRecord.body());
      assertTrue(secondRecord.body().contains("signer"), secondRecord.body());

      // Four requests from 127.0.0.1 at once (the refused origin not counted), then its limit.
      assertEquals(200, post(node, CHAIN_ID, Map.of()).statusCode());
      HttpResponse<String> fifth = post(node, CHAIN_ID, Map.of());
      assertEquals(429, fifth.statusCode(), fifth.body());
      assertTrue(fifth.headers().firstValue("Retry-After").isPresent(), fifth.headers().toString());
      JsonNode error = JSON.readTree(fifth.body()).path("error");
      assertEquals(-32005, error.path("code").asInt(), fifth.body());
      assertTrue(error.path("message").asText().contains("127.0.0.1"), fifth.body());
    }
  }

  private HttpResponse<String> post(SluiceNode node, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(node.rpcUrl())
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String sendRecord(RecordSigner signer, long nonce) {
    byte[] encoded =
        signer
            .sign(Record.put(nonce, "meter/1", new byte[] {1}, new byte[] {(byte) nonce}))
            .encode();
    return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"sluice_sendRecord\",\"params\":[\"0x"
        + HexFormat.of().formatHex(encoded)
        + "\"]}";
  }
}
