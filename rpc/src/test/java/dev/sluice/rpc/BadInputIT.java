package dev.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.client.SluiceRpcException;
import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Input refused at the transport or by the JSON parser. After each, nothing was stored and the
 * server still serves another client; JSON-RPC-level mistakes are in the spec files (HttpSpecIT).
 */
class BadInputIT {
  private static final JsonCodec JSON = JsonCodec.forClients();
  private static Vertx vertx;
  private static TestNode node;
  private static SluiceClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    node = TestNode.start(vertx);
    client = node.client();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    client.close();
    node.close();
    vertx.close().await();
  }

  @AfterEach
  void nothingStoredAndStillServing() {
    assertEquals(0, node.sequencer.recordCount(), "nothing was stored");
    assertEquals(TestKeys.CHAIN_ID, client.chainId(), "the server still serves another client");
  }

  private static int port() {
    return node.server.port();
  }

  private static RawHttp.Response post(String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return RawHttp.exchange(port(), RawHttp.post("127.0.0.1", bytes.length), bytes);
  }

  private static JsonNode error(RawHttp.Response response) {
    return JSON.parse(response.body().getBytes(StandardCharsets.UTF_8)).path("error");
  }

  @Test
  void shouldRefuseDeeplyNestedArraysWithoutRecursing() throws IOException {
    long start = System.nanoTime();
    RawHttp.Response response = post("[".repeat(100_000));
    assertEquals(200, response.status());
    assertEquals(RpcErrorType.PARSE_ERROR.code(), error(response).path("code").asInt());
    assertTrue(
        error(response).path("message").asText().contains("deeper than 32"), response.body());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "refused quickly");
  }

  @Test
  void shouldRefuseDeeplyNestedObjectsInsideAValidEnvelope() throws IOException {
    String deep = "{\"a\":".repeat(40_000) + "1" + "}".repeat(40_000);
    RawHttp.Response response =
        post(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sluice_chainId\",\"params\":["
                + deep
                + "]}");
    assertEquals(RpcErrorType.PARSE_ERROR.code(), error(response).path("code").asInt());
  }

  @Test
  void shouldRefuseABodyLargerThanTheLimitFromItsContentLengthAlone() throws IOException {
    // Declares 300 KiB and sends nothing: the answer must not wait for the body.
    RawHttp.Response response =
        RawHttp.exchange(port(), RawHttp.post("127.0.0.1", 300 * 1024), new byte[0]);
    assertEquals(413, response.status());
    assertEquals(RpcErrorType.LIMIT_EXCEEDED.code(), error(response).path("code").asInt());
    assertTrue(error(response).path("message").asText().contains("307200 bytes"), response.body());
    assertEquals("close", response.headers().get("connection"));
  }

  @Test
  void shouldRefuseAChunkedBodyOnceItPassesTheLimit() throws IOException {
    String head = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json";
    RawHttp.Response response = RawHttp.chunked(port(), head, 64, 8 * 1024, (byte) ' ');
    assertEquals(413, response.status());
    assertTrue(error(response).path("message").asText().contains("262144"), response.body());
  }

  @Test
  void shouldAcceptABodyJustUnderTheLimit() throws IOException {
    String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sluice_chainId\"}";
    String padded = request + " ".repeat(256 * 1024 - request.length());
    RawHttp.Response response = post(padded);
    assertEquals(200, response.status());
    assertEquals(
        "0x7a69",
        JSON.parse(response.body().getBytes(StandardCharsets.UTF_8)).path("result").asText());
  }

  @Test
  void shouldRefuseHostsOffTheAllowlist() throws IOException {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sluice_chainId\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    RawHttp.Response rebound =
        RawHttp.exchange(port(), RawHttp.post("evil.example:8545", bytes.length), bytes);
    assertEquals(403, rebound.status());
    assertEquals(RpcErrorType.FORBIDDEN.code(), error(rebound).path("code").asInt());
    assertTrue(error(rebound).path("message").asText().contains("evil.example"), rebound.body());

    RawHttp.Response noHost =
        RawHttp.exchange(
            port(),
            "POST / HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length,
            bytes);
    assertEquals(403, noHost.status());
    assertTrue(
        error(noHost).path("message").asText().startsWith("the request has no Host header"),
        noHost.body());

    RawHttp.Response allowed =
        RawHttp.exchange(port(), RawHttp.post("localhost:1234", bytes.length), bytes);
    assertEquals(200, allowed.status());
  }

  @Test
  void shouldRefuseBrowserOriginsWithoutCors() throws IOException {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sluice_chainId\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    RawHttp.Response response =
        RawHttp.exchange(
            port(),
            RawHttp.post("127.0.0.1", bytes.length) + "\r\nOrigin: https://evil.example",
            bytes);
    assertEquals(403, response.status());
    assertTrue(response.headers().keySet().stream().noneMatch(h -> h.startsWith("access-control")));
  }

  @Test
  void shouldServeConfiguredOriginsWithCorsHeadersAndOnlyThem() throws Exception {
    try (TestNode cors =
        TestNode.start(vertx, c -> c.corsOrigins(List.of("https://app.example")))) {
      int corsPort = cors.server.port();
      RawHttp.Response preflight =
          RawHttp.exchange(
              corsPort,
              "OPTIONS / HTTP/1.1\r\n"
                  + "Host: localhost\r\n"
                  + "Origin: https://app.example\r\n"
                  + "Access-Control-Request-Method: POST\r\n"
                  + "Access-Control-Request-Headers: content-type",
              new byte[0]);
      assertEquals(204, preflight.status());
      assertEquals("https://app.example", preflight.headers().get("access-control-allow-origin"));
      assertTrue(preflight.headers().get("access-control-allow-methods").contains("POST"));

      byte[] body =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sluice_chainId\"}"
              .getBytes(StandardCharsets.UTF_8);
      RawHttp.Response allowed =
          RawHttp.exchange(
              corsPort,
              RawHttp.post("localhost", body.length) + "\r\nOrigin: https://app.example",
              body);
      assertEquals(200, allowed.status());
      assertEquals("https://app.example", allowed.headers().get("access-control-allow-origin"));

      RawHttp.Response other =
          RawHttp.exchange(
              corsPort,
              RawHttp.post("localhost", body.length) + "\r\nOrigin: https://evil.example",
              body);
      assertEquals(403, other.status());
    }
  }

  @Test
  void shouldRefuseOtherContentTypesMethodsAndPaths() throws IOException {
    byte[] body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sluice_chainId\"}"
            .getBytes(StandardCharsets.UTF_8);
    RawHttp.Response plain =
        RawHttp.exchange(
            port(),
            "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length,
            body);
    assertEquals(415, plain.status());
    assertEquals(
        405, RawHttp.exchange(port(), "GET / HTTP/1.1\r\nHost: localhost", new byte[0]).status());
    assertEquals(
        404,
        RawHttp.exchange(port(), "GET /nope HTTP/1.1\r\nHost: localhost", new byte[0]).status());
    assertEquals(
        400, RawHttp.exchange(port(), "GET /ws HTTP/1.1\r\nHost: localhost", new byte[0]).status());
  }

  @Test
  void shouldRefuseAnOversizedRecordBeforeDecodingIt() {
    String hex = "0x" + "00".repeat(70 * 1024);
    SluiceRpcException refused =
        assertThrows(SluiceRpcException.class, () -> client.call("sluice_sendRecord", hex));
    assertEquals(RpcErrorType.RECORD_TOO_LARGE.code(), refused.code());
    assertTrue(refused.getMessage().contains("at most 61839 bytes"), refused.getMessage());
  }

  @Test
  void shouldRefuseAValueTooLargeInTheFieldForm() {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("nonce", 0);
    record.put("op", "put");
    record.put("stream", "s");
    record.put("key", "0x01");
    record.put("value", "0x" + "ab".repeat(61_441));
    record.put("signature", "0x" + "11".repeat(64) + "1b");
    SluiceRpcException refused =
        assertThrows(SluiceRpcException.class, () -> client.call("sluice_sendRecord", record));
    assertEquals(RpcErrorType.RECORD_TOO_LARGE.code(), refused.code());
    assertTrue(refused.getMessage().contains("record.value"), refused.getMessage());
  }
}
