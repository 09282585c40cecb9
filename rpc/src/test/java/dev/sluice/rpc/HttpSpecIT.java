package dev.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.json.JsonCodec;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the HTTP specs under {@code src/test/resources/dev/sluice/rpc/spec}, as Besu tests its
 * HTTP layer: each file holds a request, the exact response and the HTTP status, and runs against a
 * fresh node (fixed sequencer clock, so receipts are the same every time).
 *
 * <p>A spec file: {@code description}; {@code setup}, JSON-RPC requests sent first that must
 * succeed; {@code request} (any JSON) or {@code rawRequest} (a string sent as is); {@code
 * response}, the expected body (null for none); {@code statusCode}; and {@code stored}, the number
 * of records the node holds afterwards (by default, as many as after the setup).
 */
class HttpSpecIT {
  private static final JsonCodec JSON = JsonCodec.forClients();
  private static Vertx vertx;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    http.close();
    vertx.close().await();
  }

  static Stream<Path> specs() throws IOException, URISyntaxException {
    URL directory = HttpSpecIT.class.getResource("spec");
    Path root = Path.of(directory.toURI());
    try (Stream<Path> files = Files.list(root)) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void replay(Path file) throws Exception {
    JsonNode spec = JSON.parse(Files.readAllBytes(file));
    try (TestNode node = TestNode.start(vertx)) {
      for (JsonNode setup : spec.path("setup")) {
        HttpResponse<String> answer = post(node, JSON.writeString(setup));
        assertEquals(200, answer.statusCode(), answer.body());
        assertFalse(answer.body().contains("\"error\""), "setup failed: " + answer.body());
      }
      int storedAfterSetup = node.sequencer.recordCount();

      String body =
          spec.has("rawRequest")
              ? spec.get("rawRequest").asText()
              : JSON.writeString(spec.get("request"));
      HttpResponse<String> answer = post(node, body);

      assertEquals(
          spec.path("statusCode").asInt(200),
          answer.statusCode(),
          file.getFileName() + ": " + answer.body());
      JsonNode expected = spec.get("response");
      if (expected == null || expected.isNull()) {
        assertTrue(answer.body().isEmpty(), "expected no body, got " + answer.body());
      } else {
        JsonNode actual = JSON.parse(answer.body().getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, actual, file.getFileName() + " answered " + actual);
      }
      assertEquals(
          spec.path("stored").asInt(storedAfterSetup),
          node.sequencer.recordCount(),
          "records stored");
      HttpResponse<String> stillServing =
          post(node, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"sluice_chainId\"}");
      assertTrue(stillServing.body().contains("0x7a69"), "the node still serves");
    }
  }

  private static HttpResponse<String> post(TestNode node, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(node.http())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }
}
