package dev.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.client.RecordReceipt;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.client.SluiceRpcException;
import dev.sluice.rpc.client.SluiceWebSocketClient;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.stf.Status;
import io.vertx.core.Vertx;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Submissions and subscriptions over WebSocket, through the SDK and a bare socket. */
class WebSocketIT {
  private static final long WAIT_SECONDS = 10;
  private static Vertx vertx;
  private TestNode node;
  private SluiceClient http;
  private SluiceWebSocketClient ws;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @BeforeEach
  void startNode() {
    node =
        TestNode.start(
            vertx,
            config -> config.maxWebSocketFrameBytes(8 * 1024).maxWebSocketMessageBytes(16 * 1024));
    http = node.client();
    ws = node.webSocketClient();
  }

  @AfterEach
  void stopNode() throws InterruptedException {
    ws.close();
    http.close();
    node.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void shouldSubmitOverWebSocketAndAnswerWithReceipt() throws Exception {
    SigningAccount alice = new SigningAccount(TestKeys.signer(1), 0);
    Acknowledgement ack = await(ws.send(alice.put("s", bytes("k"), bytes("v"))));
    assertEquals(0, ack.sequence());
    RecordReceipt receipt = await(ws.sendAndWait(alice.put("s", bytes("k"), bytes("w"))));
    assertEquals(1, receipt.receipt().sequence());
    assertEquals(Status.APPLIED, receipt.receipt().status());
    JsonNode nonce = await(ws.call("sluice_getNonce", alice.address().toHex()));
    assertEquals("0x2", nonce.textValue());
  }

  @Test
  void shouldDeliverEveryReceiptInOrderWithoutGapsAndFilterByStream() throws Exception {
    int records = 60;
    List<RecordReceipt> all = new CopyOnWriteArrayList<>();
    List<SequencedRecord> onlyA = new CopyOnWriteArrayList<>();
    CountDownLatch allArrived = new CountDownLatch(records);
    CountDownLatch aArrived = new CountDownLatch(records / 2);
    await(
        ws.subscribeReceipts(
            Optional.empty(),
            OptionalLong.empty(),
            receipt -> {
              all.add(receipt);
              allArrived.countDown();
            },
            ended -> {}));
    await(
        ws.subscribeRecords(
            Optional.of("stream-a"),
            OptionalLong.empty(),
            record -> {
              onlyA.add(record);
              aArrived.countDown();
            },
            ended -> {}));

    SigningAccount alice = new SigningAccount(TestKeys.signer(1), 0);
    SigningAccount bob = new SigningAccount(TestKeys.signer(2), 0);
    // Pipelined over one WebSocket without waiting for answers: the node starts a connection's
    // requests in arrival order, so every record arrives in nonce order.
    List<CompletableFuture<Acknowledgement>> acks = new ArrayList<>();
    for (int i = 0; i < records / 2; i++) {
      acks.add(ws.send(alice.put("stream-a", bytes("k" + i), bytes("v" + i))));
      acks.add(ws.send(bob.put("stream-b", bytes("k" + i), bytes("v" + i))));
    }
    for (CompletableFuture<Acknowledgement> ack : acks) {
      await(ack);
    }

    assertTrue(allArrived.await(WAIT_SECONDS, TimeUnit.SECONDS), "all receipts arrive");
    assertTrue(aArrived.await(WAIT_SECONDS, TimeUnit.SECONDS), "all of stream-a arrives");
    for (int i = 0; i < records; i++) {
      assertEquals(i, all.get(i).receipt().sequence(), "receipt " + i + " in order, no gap");
    }
    long previous = -1;
    for (SequencedRecord record : onlyA) {
      assertEquals("stream-a", record.record().record().stream());
      assertTrue(record.sequence() > previous);
      previous = record.sequence();
    }
    assertEquals(records / 2, onlyA.size());
  }

  @Test
  void shouldStopDeliveringAfterUnsubscribe() throws Exception {
    List<RecordReceipt> stopped = new CopyOnWriteArrayList<>();
    CompletableFuture<RecordReceipt> firstOfStopped = new CompletableFuture<>();
    SluiceWebSocketClient.Subscription subscription =
        await(
            ws.subscribeReceipts(
                Optional.empty(),
                OptionalLong.empty(),
                receipt -> {
                  stopped.add(receipt);
                  firstOfStopped.complete(receipt);
                },
                ended -> {}));
    SigningAccount alice = new SigningAccount(TestKeys.signer(1), 0);
    http.send(alice.put("s", bytes("k"), bytes("1")));
    await(firstOfStopped);

    assertTrue(await(subscription.unsubscribe()));
    assertFalse(await(subscription.unsubscribe()), "a second unsubscribe finds nothing");

    // A sentinel subscription opened after the unsubscribe: once it has seen the next record,
    // the first would have seen it too, had it still been live.
    CompletableFuture<RecordReceipt> sentinel = new CompletableFuture<>();
    await(
        ws.subscribeReceipts(
            Optional.empty(), OptionalLong.empty(), sentinel::complete, ended -> {}));
    http.send(alice.put("s", bytes("k"), bytes("2")));
    assertEquals(1, await(sentinel).receipt().sequence());
    assertEquals(1, stopped.size());
  }

  @Test
  void shouldResumeFromAGivenSequence() throws Exception {
    SigningAccount alice = new SigningAccount(TestKeys.signer(1), 0);
    for (int i = 0; i < 5; i++) {
      http.send(alice.put("s", bytes("k"), bytes("v" + i)));
    }
    List<Long> sequences = new CopyOnWriteArrayList<>();
    CountDownLatch three = new CountDownLatch(3);
    await(
        ws.subscribeReceipts(
            Optional.empty(),
            OptionalLong.of(2),
            receipt -> {
              sequences.add(receipt.receipt().sequence());
              three.countDown();
            },
            ended -> {}));
    assertTrue(three.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(List.of(2L, 3L, 4L), sequences);
  }

  @Test
  void shouldRefuseTheSubscriptionOverTheLimitAndSubscriptionsOverHttp() throws Exception {
    for (int i = 0; i < 16; i++) {
      await(
          ws.subscribeReceipts(Optional.empty(), OptionalLong.empty(), receipt -> {}, ended -> {}));
    }
    Exception refused =
        assertThrows(
            Exception.class,
            () ->
                await(
                    ws.subscribeReceipts(
                        Optional.empty(), OptionalLong.empty(), receipt -> {}, ended -> {})));
    SluiceRpcException cause = assertInstanceOf(SluiceRpcException.class, refused.getCause());
    assertEquals(RpcErrorType.LIMIT_EXCEEDED.code(), cause.code());
    assertTrue(cause.getMessage().contains("at most 16 subscriptions"), cause.getMessage());

    SluiceRpcException overHttp =
        assertThrows(SluiceRpcException.class, () -> http.call("sluice_subscribe", "receipts"));
    assertEquals(RpcErrorType.METHOD_NOT_FOUND.code(), overHttp.code());
    assertTrue(overHttp.getMessage().contains("WebSocket"), overHttp.getMessage());
  }

  @Test
  void shouldCloseWithMessageTooBigOnOversizedFramesAndMessagesAndKeepServing() throws Exception {
    assertEquals(
        1009, closeCodeAfterSending(List.of("x".repeat(9 * 1024))), "one frame over 8 KiB");
    List<String> fragments = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      fragments.add("y".repeat(4 * 1024));
    }
    assertEquals(1009, closeCodeAfterSending(fragments), "4 KiB frames adding up to 20 KiB");

    SigningAccount alice = new SigningAccount(TestKeys.signer(1), 0);
    assertEquals(0, await(ws.send(alice.put("s", bytes("k"), bytes("v")))).sequence());
  }

  /** Sends {@code fragments} as one text message over a bare socket; returns the close code. */
  private int closeCodeAfterSending(List<String> fragments) throws Exception {
    CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    try (HttpClient client = HttpClient.newHttpClient()) {
      WebSocket socket =
          client
              .newWebSocketBuilder()
              .buildAsync(
                  node.ws(),
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(
                        WebSocket webSocket, int statusCode, String reason) {
                      closeCode.complete(statusCode);
                      return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                      closeCode.completeExceptionally(error);
                    }
                  })
              .get(WAIT_SECONDS, TimeUnit.SECONDS);
      for (int i = 0; i < fragments.size(); i++) {
        try {
          socket
              .sendText(fragments.get(i), i == fragments.size() - 1)
              .get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception closedMeanwhile) {
          break;
        }
      }
      int code = closeCode.get(WAIT_SECONDS, TimeUnit.SECONDS);
      socket.abort();
      return code;
    }
  }

  @Test
  void shouldAnswerJsonRpcErrorsOverWebSocketWithTheRequestId() throws Exception {
    SluiceRpcException unknown =
        assertInstanceOf(
            SluiceRpcException.class,
            assertThrows(Exception.class, () -> await(ws.call("sluice_nope"))).getCause());
    assertEquals(RpcErrorType.METHOD_NOT_FOUND.code(), unknown.code());

    SignedRecord tooFar =
        new SigningAccount(TestKeys.signer(1), 7).put("s", bytes("k"), bytes("v"));
    SluiceRpcException ahead =
        assertInstanceOf(
            SluiceRpcException.class,
            assertThrows(Exception.class, () -> await(ws.send(tooFar))).getCause());
    assertEquals(RpcErrorType.NONCE_TOO_HIGH.code(), ahead.code());
    assertEquals(0, node.sequencer.recordCount());
  }
}
