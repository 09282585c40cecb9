package dev.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.client.SluiceRpcException;
import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.limits.RateLimit;
import dev.sluice.state.record.SignedRecord;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Connection, rate, batch, queue and time limits, each on a node configured to reach it fast. */
class LimitsIT {
  private static final JsonCodec JSON = JsonCodec.forClients();
  private static final String CHAIN_ID =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sluice_chainId\"}";
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode json(RawHttp.Response response) {
    return JSON.parse(bytes(response.body()));
  }

  private static RawHttp.Response chainId(RawHttp.Connection connection) throws IOException {
    return connection.exchange(RawHttp.post("127.0.0.1", bytes(CHAIN_ID).length), bytes(CHAIN_ID));
  }

  /**
   * Retries {@code attempt} a bounded number of times: the server notices closes asynchronously.
   */
  private static RawHttp.Response eventually(
      int expectedStatus, IoSupplier<RawHttp.Response> attempt) throws Exception {
    RawHttp.Response response = null;
    for (int i = 0; i < 50; i++) {
      response = attempt.get();
      if (response.status() == expectedStatus) {
        return response;
      }
      Thread.sleep(20);
    }
    return response;
  }

  @FunctionalInterface
  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  @Test
  void shouldRefuseConnectionsOverThePerAddressAndTotalLimits() throws Exception {
    try (TestNode node =
        TestNode.start(vertx, c -> c.maxConnections(3).maxConnectionsPerAddress(2))) {
      int port = node.server.port();
      List<RawHttp.Connection> held = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          RawHttp.Connection connection = RawHttp.open("127.0.0.1", port);
          held.add(connection);
          assertEquals(200, chainId(connection).status());
        }
        try (RawHttp.Connection third = RawHttp.open("127.0.0.1", port)) {
          RawHttp.Response refused = chainId(third);
          assertEquals(503, refused.status());
          assertEquals(
              RpcErrorType.LIMIT_EXCEEDED.code(), json(refused).path("error").path("code").asInt());
          assertTrue(refused.body().contains("127.0.0.1 has 2 open connections"), refused.body());
        }
        RawHttp.Connection other = RawHttp.open("127.0.0.2", port);
        held.add(other);
        assertEquals(200, chainId(other).status());
        try (RawHttp.Connection overTotal = RawHttp.open("127.0.0.3", port)) {
          RawHttp.Response refused = chainId(overTotal);
          assertEquals(503, refused.status());
          assertTrue(refused.body().contains("3 open connections, its limit"), refused.body());
        }
      } finally {
        for (RawHttp.Connection connection : held) {
          connection.close();
        }
      }
      RawHttp.Response again =
          eventually(
              200,
              () -> {
                try (RawHttp.Connection connection = RawHttp.open("127.0.0.1", port)) {
                  return chainId(connection);
                }
              });
      assertEquals(200, again.status(), "closed connections free their places");
    }
  }

  @Test
  void shouldRateLimitEachAddressWith429() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    try (TestNode node =
        TestNode.start(vertx, c -> c.addressRateLimit(new RateLimit(1, 3)), clock)) {
      int port = node.server.port();
      for (int i = 0; i < 3; i++) {
        assertEquals(
            200,
            RawHttp.exchange(
                    port, RawHttp.post("127.0.0.1", bytes(CHAIN_ID).length), bytes(CHAIN_ID))
                .status());
      }
      RawHttp.Response limited =
          RawHttp.exchange(
              port, RawHttp.post("127.0.0.1", bytes(CHAIN_ID).length), bytes(CHAIN_ID));
      assertEquals(429, limited.status());
      assertEquals(
          RpcErrorType.RATE_LIMITED.code(), json(limited).path("error").path("code").asInt());
      assertTrue(limited.body().contains("address 127.0.0.1 sent more requests"), limited.body());
      assertEquals("1", limited.headers().get("retry-after"));

      RawHttp.Response fromElsewhere;
      try (RawHttp.Connection other = RawHttp.open("127.0.0.2", port)) {
        fromElsewhere = chainId(other);
      }
      assertEquals(200, fromElsewhere.status(), "another address has its own bucket");

      clock.advance(Duration.ofSeconds(1));
      assertEquals(
          200,
          RawHttp.exchange(port, RawHttp.post("127.0.0.1", bytes(CHAIN_ID).length), bytes(CHAIN_ID))
              .status());

      clock.advance(Duration.ofSeconds(10));
      String batch = "[" + String.join(",", Collections.nCopies(5, CHAIN_ID)) + "]";
      RawHttp.Response limitedBatch =
          RawHttp.exchange(port, RawHttp.post("127.0.0.1", bytes(batch).length), bytes(batch));
      assertEquals(429, limitedBatch.status(), "a batch costs one token per request");
    }
  }

  @Test
  void shouldRateLimitEachSignerWith429AndStoreNothing() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    try (TestNode node = TestNode.start(vertx, c -> c.signerRateLimit(new RateLimit(1, 2)), clock);
        SluiceClient client = node.client()) {
      SigningAccount alice = new SigningAccount(TestKeys.signer(1), 0);
      SigningAccount bob = new SigningAccount(TestKeys.signer(2), 0);
      client.send(alice.put("s", bytes("k"), bytes("1")));
      client.send(alice.put("s", bytes("k"), bytes("2")));
      SignedRecord third = alice.put("s", bytes("k"), bytes("3"));
      SluiceRpcException limited = assertThrows(SluiceRpcException.class, () -> client.send(third));
      assertEquals(429, limited.httpStatus());
      assertEquals(RpcErrorType.RATE_LIMITED.code(), limited.code());
      assertTrue(
          limited.getMessage().contains("signer " + alice.address().toHex()), limited.getMessage());
      assertEquals(2, node.sequencer.recordCount());

      client.send(bob.put("t", bytes("k"), bytes("1")));
      clock.advance(Duration.ofSeconds(1));
      client.send(third);
      assertEquals(4, node.sequencer.recordCount());
      assertTrue(
          node.registry.scrape().contains("sluice_rpc_rate_limited_total{limit=\"signer\"} 1.0"));
    }
  }

  @Test
  void shouldRefuseBatchesOverTheLimit() throws Exception {
    try (TestNode node = TestNode.start(vertx)) {
      String batch = "[" + String.join(",", Collections.nCopies(101, CHAIN_ID)) + "]";
      RawHttp.Response refused =
          RawHttp.exchange(
              node.server.port(), RawHttp.post("127.0.0.1", bytes(batch).length), bytes(batch));
      assertEquals(
          RpcErrorType.LIMIT_EXCEEDED.code(), json(refused).path("error").path("code").asInt());
      assertTrue(refused.body().contains("at most 100 requests; this one has 101"), refused.body());

      String full = "[" + String.join(",", Collections.nCopies(100, CHAIN_ID)) + "]";
      RawHttp.Response answered =
          RawHttp.exchange(
              node.server.port(), RawHttp.post("127.0.0.1", bytes(full).length), bytes(full));
      assertEquals(100, json(answered).size());
    }
  }

  @Test
  void shouldAnswerBusyPausedAndReceiptTimeoutsWithTheirCodes() throws Exception {
    try (TestNode node = TestNode.start(vertx);
        SluiceClient client = node.client()) {
      SigningAccount alice = new SigningAccount(TestKeys.signer(1), 0);
      SignedRecord record = alice.put("s", bytes("k"), bytes("v"));

      node.sequencer.setBusy(true);
      SluiceRpcException busy = assertThrows(SluiceRpcException.class, () -> client.send(record));
      assertEquals(RpcErrorType.BUSY.code(), busy.code());
      assertTrue(busy.getMessage().contains("retry"), busy.getMessage());
      node.sequencer.setBusy(false);

      node.sequencer.pause().join();
      SluiceRpcException paused = assertThrows(SluiceRpcException.class, () -> client.send(record));
      assertEquals(RpcErrorType.PAUSED.code(), paused.code());
      node.sequencer.resume().join();
      assertEquals(0, node.sequencer.recordCount());

      node.sequencer.holdApplication(true);
      SluiceRpcException timedOut =
          assertThrows(
              SluiceRpcException.class, () -> client.sendAndWait(record, Duration.ofMillis(100)));
      assertEquals(RpcErrorType.TIMEOUT.code(), timedOut.code());
      assertEquals("0x0", timedOut.dataField("sequence").orElseThrow());
      assertEquals(record.recordHash().toHex(), timedOut.dataField("recordHash").orElseThrow());
      assertTrue(client.receipt(record.recordHash()).isEmpty(), "durable but not applied");
      node.sequencer.holdApplication(false);
      assertTrue(client.receipt(record.recordHash()).isPresent());

      SluiceRpcException tooLong =
          assertThrows(
              SluiceRpcException.class,
              () ->
                  client.call(
                      "sluice_sendRecordSync",
                      HexData.format(record.encode()),
                      Map.of("timeout", 3_600_000)));
      assertEquals(RpcErrorType.INVALID_PARAMS.code(), tooLong.code());
    }
  }

  @Test
  void shouldCloseConnectionsThatTrickleHeadersOrBodies() throws Exception {
    try (TestNode node =
        TestNode.start(
            vertx,
            c -> c.headerTimeout(Duration.ofMillis(300)).requestTimeout(Duration.ofMillis(300)))) {
      int port = node.server.port();
      try (RawHttp.Connection slowHeaders = RawHttp.open("127.0.0.1", port)) {
        slowHeaders.write("POST / HTTP/1.1\r\nHost: loc");
        assertTrue(
            slowHeaders.closedByServer(), "headers must be complete within the header timeout");
      }
      try (RawHttp.Connection slowBody = RawHttp.open("127.0.0.1", port)) {
        RawHttp.Response response =
            slowBody.exchange(RawHttp.post("127.0.0.1", 100), bytes("{\"jsonrpc\":"));
        assertEquals(408, response.status());
        assertTrue(response.body().contains("did not arrive within 300 ms"), response.body());
      }
      assertEquals(
          200,
          RawHttp.exchange(port, RawHttp.post("127.0.0.1", bytes(CHAIN_ID).length), bytes(CHAIN_ID))
              .status());
    }
  }
}
