package dev.sluice.rpc.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.InMemorySequencer;
import dev.sluice.rpc.TestKeys;
import dev.sluice.rpc.TestNode;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.jsonrpc.JsonRpcErrorException;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.metrics.RpcMetrics;
import dev.sluice.state.record.BouncyCastleSenderRecovery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Subscription delivery without a server: a sink that records what would be written. */
class ConnectionSubscriptionsTest {
  private final JsonCodec codec = JsonCodec.forClients();
  private final InMemorySequencer sequencer =
      new InMemorySequencer(
          TestKeys.DOMAIN, new BouncyCastleSenderRecovery(), TestNode.SEQUENCER_CLOCK, 1000);
  private final SigningAccount alice = new SigningAccount(TestKeys.signer(1), 0);

  @AfterEach
  void close() throws InterruptedException {
    sequencer.close();
  }

  /** A sink that keeps messages and leaves them "unsent" until told. */
  private static final class RecordingSink implements MessageSink {
    final List<String> messages = new ArrayList<>();
    final List<Runnable> unsent = new ArrayList<>();
    final List<CompletableFuture<Void>> waiters = new ArrayList<>();
    final boolean completeWrites;

    RecordingSink(boolean completeWrites) {
      this.completeWrites = completeWrites;
    }

    @Override
    public synchronized void send(String message, Runnable written) {
      messages.add(message);
      if (completeWrites) {
        written.run();
      } else {
        unsent.add(written);
      }
      waiters.removeIf(
          waiter -> {
            waiter.complete(null);
            return true;
          });
    }

    synchronized List<String> snapshot() {
      return List.copyOf(messages);
    }

    /** Completes when the sink has received at least {@code count} messages. */
    CompletableFuture<Void> awaitCount(int count) {
      return CompletableFuture.runAsync(
          () -> {
            while (true) {
              CompletableFuture<Void> next = new CompletableFuture<>();
              synchronized (this) {
                if (messages.size() >= count) {
                  return;
                }
                waiters.add(next);
              }
              next.join();
            }
          });
    }
  }

  private ConnectionSubscriptions subscriptions(
      MessageSink sink, int maxSubscriptions, int maxPending) {
    return new ConnectionSubscriptions(
        sequencer,
        sink,
        codec,
        maxSubscriptions,
        maxPending,
        new RpcMetrics(new SimpleMeterRegistry()));
  }

  private void submit(int count) {
    for (int i = 0; i < count; i++) {
      sequencer
          .submit(alice.put("s", "k".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) i}))
          .join();
    }
  }

  private JsonNode parse(String message) {
    return codec.parse(message.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldHoldNotificationsUntilTheSubscribeAnswerIsWritten() throws Exception {
    submit(3);
    RecordingSink sink = new RecordingSink(true);
    ConnectionSubscriptions.Scope scope = subscriptions(sink, 16, 100).scope();
    String id = scope.subscribe(SubscriptionKind.RECEIPTS, Optional.empty(), OptionalLong.of(0));
    // A released subscription opened after it: once this one has all four records, the feed has
    // offered them to the held one too.
    RecordingSink witness = new RecordingSink(true);
    ConnectionSubscriptions.Scope witnessScope = subscriptions(witness, 16, 100).scope();
    witnessScope.subscribe(SubscriptionKind.RECEIPTS, Optional.empty(), OptionalLong.of(0));
    witnessScope.releaseHeld();
    submit(1);
    witness.awaitCount(4).get(5, TimeUnit.SECONDS);
    assertTrue(sink.snapshot().isEmpty(), "nothing reaches the client before the subscribe answer");

    scope.releaseHeld();
    sink.awaitCount(4).get(5, TimeUnit.SECONDS);
    List<String> messages = sink.snapshot();
    for (int i = 0; i < 4; i++) {
      JsonNode params = parse(messages.get(i)).path("params");
      assertEquals(id, params.path("subscription").asText());
      assertEquals("0x" + i, params.path("result").path("sequence").asText());
    }
  }

  @Test
  void shouldDropASubscriberThatFallsBehindAndSayWhereToResume() throws Exception {
    RecordingSink sink = new RecordingSink(false);
    ConnectionSubscriptions connection = subscriptions(sink, 16, 3);
    ConnectionSubscriptions.Scope scope = connection.scope();
    String id = scope.subscribe(SubscriptionKind.RECORDS, Optional.empty(), OptionalLong.empty());
    scope.releaseHeld();
    submit(5);
    sink.awaitCount(4).get(5, TimeUnit.SECONDS);

    List<String> messages = sink.snapshot();
    assertEquals(4, messages.size(), "three notifications, then the end");
    JsonNode ended = parse(messages.get(3));
    assertEquals(ConnectionSubscriptions.ENDED, ended.path("method").asText());
    assertEquals(id, ended.path("params").path("subscription").asText());
    assertEquals("0x3", ended.path("params").path("resumeFromSequence").asText());
    assertTrue(ended.path("params").path("reason").asText().contains("fell behind"));
    assertEquals(0, connection.size());
    assertFalse(connection.unsubscribe(id));
  }

  @Test
  void shouldRefuseSubscriptionsOverTheLimit() {
    ConnectionSubscriptions.Scope scope = subscriptions(new RecordingSink(true), 2, 10).scope();
    scope.subscribe(SubscriptionKind.RECORDS, Optional.empty(), OptionalLong.empty());
    scope.subscribe(SubscriptionKind.RECEIPTS, Optional.of("s"), OptionalLong.empty());
    JsonRpcErrorException refused =
        assertThrows(
            JsonRpcErrorException.class,
            () ->
                scope.subscribe(SubscriptionKind.RECORDS, Optional.empty(), OptionalLong.empty()));
    assertEquals(RpcErrorType.LIMIT_EXCEEDED, refused.error().type());
  }
}
