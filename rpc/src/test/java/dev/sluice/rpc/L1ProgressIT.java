package dev.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bridge.poster.BatchProgress;
import dev.sluice.bridge.poster.BatchStage;
import dev.sluice.bridge.poster.DataAvailability;
import dev.sluice.bridge.poster.RollupProgress;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.client.SluiceRpcException;
import dev.sluice.rpc.client.SluiceWebSocketClient;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchHeader;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The L1 side of the RPC over real HTTP and WebSocket: receipt lifecycles, sluice_getBatch,
 * sluice_nodeStatus and the batches subscription, from a poster's progress that the test scripts.
 */
class L1ProgressIT {
  private static Vertx vertx;
  private TestNode posting;
  private ScriptedRollupProgress progress;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @BeforeEach
  void start() {
    progress = new ScriptedRollupProgress();
    posting = TestNode.start(vertx, progress);
  }

  @AfterEach
  void stop() throws InterruptedException {
    posting.close();
  }

  private static BatchProgress batch(long index, long first, int count, BatchStage stage) {
    BatchHeader header =
        new BatchHeader(
            index,
            Bytes32.ZERO,
            first,
            count,
            Bytes32.fromHex("0x" + "11".repeat(32)),
            Bytes32.fromHex("0x" + "22".repeat(32)),
            Bytes32.fromHex("0x" + "33".repeat(32)),
            Bytes32.ZERO,
            Bytes32.fromHex("0x" + "44".repeat(32)));
    return new BatchProgress(
        header,
        DataAvailability.BLOBS,
        BatchCodec.ZSTD,
        1_234,
        Optional.of(Bytes32.fromHex("0x" + "ab".repeat(32))),
        stage == BatchStage.BATCHED ? OptionalLong.empty() : OptionalLong.of(77),
        stage);
  }

  @Test
  void receiptsCarryTheirBatchLifecycle() throws Exception {
    SigningAccount alice = new SigningAccount(TestKeys.signer(1), 0);
    try (SluiceClient client = posting.client()) {
      for (int i = 0; i < 3; i++) {
        client.sendAndWait(
            alice.put(
                "s",
                "k".getBytes(StandardCharsets.UTF_8),
                ("v" + i).getBytes(StandardCharsets.UTF_8)));
      }
      JsonNode sequenced = client.call("sluice_getReceipt", "0x2").path("lifecycle");
      assertEquals("sequenced", sequenced.path("stage").asText());
      assertFalse(sequenced.has("batchIndex"), "no batch fields while sequenced");

      progress.put(batch(0, 0, 2, BatchStage.BATCHED));
      JsonNode batched = client.call("sluice_getReceipt", "0x1").path("lifecycle");
      assertEquals("batched", batched.path("stage").asText());
      assertEquals("0x0", batched.path("batchIndex").asText());
      assertEquals("0x" + "ab".repeat(32), batched.path("l1TransactionHash").asText());
      assertEquals(
          "sequenced",
          client.call("sluice_getReceipt", "0x2").path("lifecycle").path("stage").asText());

      progress.put(batch(0, 0, 2, BatchStage.INCLUDED));
      JsonNode included = client.call("sluice_getReceipt", "0x0").path("lifecycle");
      assertEquals("included", included.path("stage").asText());
      assertEquals("0x4d", included.path("l1Block").asText());
      progress.put(batch(0, 0, 2, BatchStage.FINALIZED));
      assertEquals(
          "finalized",
          client.call("sluice_getReceipt", "0x0").path("lifecycle").path("stage").asText());
    }
  }

  @Test
  void getBatchAndNodeStatusReportThePoster() throws Exception {
    try (SluiceClient client = posting.client()) {
      assertTrue(client.call("sluice_getBatch", "0x0").isNull(), "not posted yet");
      progress.put(batch(0, 0, 5, BatchStage.INCLUDED));
      progress.finalized = OptionalLong.empty();
      progress.backlog = 42;
      JsonNode batch = client.call("sluice_getBatch", "0x0");
      assertEquals("0x0", batch.path("index").asText());
      assertEquals(
          batch(0, 0, 5, BatchStage.INCLUDED).header().hash().toHex(),
          batch.path("headerHash").asText());
      assertEquals("blobs", batch.path("dataAvailability").asText());
      assertEquals("zstd", batch.path("codec").asText());
      assertEquals("0x5", batch.path("recordCount").asText());
      assertEquals("included", batch.path("stage").asText());

      JsonNode status = client.call("sluice_nodeStatus");
      assertEquals("0x0", status.path("lastPostedBatch").asText());
      assertTrue(status.path("lastFinalizedBatch").isNull());
      assertTrue(status.path("l1").path("connected").asBoolean());
      assertEquals("0x2a", status.path("l1").path("backlog").asText());
      assertEquals("0x3e8", status.path("l1").path("maxBacklog").asText());

      progress.status = new RollupProgress.L1Status(false, "L1 request failed");
      assertFalse(client.call("sluice_nodeStatus").path("l1").path("connected").asBoolean());
    }
  }

  @Test
  void theBatchesSubscriptionDeliversEveryStageChange() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    CountDownLatch three = new CountDownLatch(3);
    try (SluiceWebSocketClient ws =
        SluiceWebSocketClient.connect(posting.ws())) {
      ws.subscribeBatches(
              batch -> {
                received.add(batch);
                three.countDown();
              },
              ended -> {})
          .get(10, TimeUnit.SECONDS);
      progress.put(batch(0, 0, 5, BatchStage.BATCHED));
      progress.put(batch(0, 0, 5, BatchStage.INCLUDED));
      progress.put(batch(1, 5, 5, BatchStage.BATCHED));
      assertTrue(three.await(10, TimeUnit.SECONDS));
      assertEquals(
          List.of("0x0:batched", "0x0:included", "0x1:batched"),
          received.stream()
              .map(b -> b.path("index").asText() + ":" + b.path("stage").asText())
              .toList());

      Exception refused =
          assertThrows(
              Exception.class,
              () ->
                  ws.call("sluice_subscribe", "batches", java.util.Map.of("stream", "s"))
                      .get(10, TimeUnit.SECONDS));
      assertInstanceOf(SluiceRpcException.class, refused.getCause());
    }
  }

  @Test
  void aNodeWithoutL1PostingSaysSo() throws Exception {
    try (TestNode node = TestNode.start(vertx);
        SluiceClient client = node.client()) {
      SluiceRpcException error =
          assertThrows(SluiceRpcException.class, () -> client.call("sluice_getBatch", "0x0"));
      assertEquals(-32008, error.code());
      JsonNode status = client.call("sluice_nodeStatus");
      assertFalse(status.path("l1").path("connected").asBoolean());
      assertTrue(status.path("lastPostedBatch").isNull());
    }
  }
}
