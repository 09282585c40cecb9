package dev.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.client.SluiceRpcException;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Liveness, readiness, the Prometheus endpoint and the OpenRPC document. */
class HealthAndMetricsIT {
  private static Vertx vertx;
  private static TestNode node;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    node = TestNode.start(vertx);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    node.close();
    vertx.close().await();
  }

  private static RawHttp.Response get(String path) throws IOException {
    return RawHttp.exchange(
        node.server.port(), "GET " + path + " HTTP/1.1\r\nHost: localhost", new byte[0]);
  }

  @Test
  void shouldReportLivenessAndReadinessFromTheSequencer() throws IOException {
    assertEquals(200, get("/health").status());
    assertEquals("{\"status\":\"UP\"}", get("/health").body());
    assertEquals(200, get("/ready").status());
    node.sequencer.setReady(false);
    try {
      RawHttp.Response notReady = get("/ready");
      assertEquals(503, notReady.status());
      assertTrue(notReady.body().contains("\"ready\":false"));
      assertEquals(200, get("/health").status(), "alive while not ready");
    } finally {
      node.sequencer.setReady(true);
    }
  }

  @Test
  void shouldExposeRpcAndSequencerMetrics() throws IOException {
    try (SluiceClient client = node.client()) {
      SigningAccount alice = SigningAccount.synced(TestKeys.signer(21), client);
      client.send(alice.put("m", new byte[] {1}, new byte[] {1}));
      assertThrows(
          SluiceRpcException.class,
          () ->
              client.send(
                  new SigningAccount(TestKeys.signer(21), 9)
                      .put("m", new byte[] {1}, new byte[0])));
    }
    RawHttp.Response metrics = get("/metrics");
    assertEquals(200, metrics.status());
    assertTrue(metrics.headers().get("content-type").startsWith("text/plain"));
    String text = metrics.body();
    for (String expected :
        List.of(
            "sluice_rpc_records_received_total",
            "sluice_rpc_record_ack_seconds_bucket",
            "sluice_rpc_record_ack_seconds_count",
            "sluice_rpc_record_rejections_total{reason=\"nonce_too_high\"}",
            "sluice_rpc_requests_total{method=\"sluice_sendRecord\",outcome=\"ok\",transport=\"http\"}",
            "sluice_rpc_requests_total{method=\"sluice_sendRecord\",outcome=\"-32004\",transport=\"http\"}",
            "sluice_rpc_connections{transport=\"http\"}",
            "sluice_rpc_connections{transport=\"websocket\"}",
            "sluice_rpc_submissions_in_flight",
            "sluice_rpc_worker_queue",
            "sluice_sequencer_next_sequence",
            "sluice_sequencer_apply_backlog",
            "sluice_sequencer_ready 1.0")) {
      assertTrue(text.contains(expected), "metrics lack " + expected);
    }
  }

  @Test
  void shouldListEveryRegisteredMethodInTheOpenRpcDocument() {
    try (SluiceClient client = node.client()) {
      JsonNode document = client.call("rpc.discover");
      assertEquals("1.2.6", document.path("openrpc").asText());
      Set<String> listed = new TreeSet<>();
      for (JsonNode method : document.path("methods")) {
        listed.add(method.path("name").asText());
        assertTrue(method.path("result").path("schema").isObject(), method.path("name").asText());
        assertTrue(method.path("params").isArray());
        for (JsonNode param : method.path("params")) {
          assertTrue(
              param.path("schema").isObject() && !param.path("description").asText().isEmpty());
        }
      }
      Set<String> expected =
          new TreeSet<>(
              List.of(
                  "rpc.discover",
                  "sluice_chainId",
                  "sluice_getBatch",
                  "sluice_getEntry",
                  "sluice_getNonce",
                  "sluice_getReceipt",
                  "sluice_getRecord",
                  "sluice_getStream",
                  "sluice_nodeStatus",
                  "sluice_sendRecord",
                  "sluice_sendRecordSync",
                  "sluice_signingDomain",
                  "sluice_subscribe",
                  "sluice_unsubscribe"));
      assertEquals(expected, listed);
      List<String> errorsOfSend = new ArrayList<>();
      for (JsonNode method : document.path("methods")) {
        if (method.path("name").asText().equals("sluice_sendRecord")) {
          method.path("errors").forEach(error -> errorsOfSend.add(error.path("message").asText()));
        }
      }
      assertTrue(errorsOfSend.contains("Nonce too low"), errorsOfSend.toString());
    }
  }
}
