package dev.sluice.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.state.record.SignedRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A client of a Sluice node over WebSocket ({@code ws://host:port/ws}): the same calls as {@link
 * SluiceClient}, plus subscriptions to sequenced records and receipts.
 *
 * <p>Notifications are handed to their consumer on the socket's listener thread, one at a time and
 * in the node's order; a consumer that blocks holds up every subscription of this client.
 */
public final class SluiceWebSocketClient implements AutoCloseable {
  private final JsonCodec codec = JsonCodec.forClients();
  private final ResponseReader reader = new ResponseReader(codec.mapper());
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final HttpClient http;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private WebSocket socket;
  private CompletableFuture<WebSocket> sending;

  private SluiceWebSocketClient(HttpClient http) {
    this.http = http;
  }

  /** Connects to {@code endpoint}, e.g. {@code ws://127.0.0.1:8645/ws}. */
  public static SluiceWebSocketClient connect(URI endpoint) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    SluiceWebSocketClient client = new SluiceWebSocketClient(http);
    try {
      client.socket =
          http.newWebSocketBuilder()
              .buildAsync(endpoint, client.new Listener())
              .get(10, TimeUnit.SECONDS);
    } catch (Exception failure) {
      http.close();
      throw new SluiceRpcException("cannot open a WebSocket to " + endpoint, failure);
    }
    client.sending = CompletableFuture.completedFuture(client.socket);
    return client;
  }

  /** Calls any method with positional parameters; completes with its result. */
  public CompletableFuture<JsonNode> call(String method, Object... params) {
    long id = ids.incrementAndGet();
    Pending answer = new Pending(Optional.empty());
    pending.put(id, answer);
    send(request(id, method, params))
        .exceptionally(
            failure -> {
              pending.remove(id);
              answer.future.completeExceptionally(new SluiceRpcException("send failed", failure));
              return null;
            });
    return answer.future;
  }

  public CompletableFuture<Acknowledgement> send(SignedRecord record) {
    return call("sluice_sendRecord", HexData.format(record.encode()))
        .thenApply(reader::acknowledgement);
  }

  public CompletableFuture<RecordReceipt> sendAndWait(SignedRecord record) {
    return call("sluice_sendRecordSync", HexData.format(record.encode()))
        .thenApply(reader::receipt);
  }

  /**
   * Subscribes to receipts, of every stream or of {@code stream}, from {@code fromSequence} (or the
   * next record).
   *
   * @param onEnded called if the node ends the subscription
   */
  public CompletableFuture<Subscription> subscribeReceipts(
      Optional<String> stream,
      OptionalLong fromSequence,
      Consumer<RecordReceipt> onReceipt,
      Consumer<SubscriptionEnded> onEnded) {
    return subscribe(
        "receipts", stream, fromSequence, node -> onReceipt.accept(reader.receipt(node)), onEnded);
  }

  /** Subscribes to sequenced records; see {@link #subscribeReceipts}. */
  public CompletableFuture<Subscription> subscribeRecords(
      Optional<String> stream,
      OptionalLong fromSequence,
      Consumer<SequencedRecord> onRecord,
      Consumer<SubscriptionEnded> onEnded) {
    return subscribe(
        "records", stream, fromSequence, node -> onRecord.accept(reader.record(node)), onEnded);
  }

  /**
   * Subscribes to the lifecycle changes of the batches the node posts to L1: each as {@code
   * sluice_getBatch} returns it (JSON), from now on.
   */
  public CompletableFuture<Subscription> subscribeBatches(
      Consumer<JsonNode> onBatch, Consumer<SubscriptionEnded> onEnded) {
    return subscribe("batches", Optional.empty(), OptionalLong.empty(), onBatch, onEnded);
  }

  private CompletableFuture<Subscription> subscribe(
      String kind,
      Optional<String> stream,
      OptionalLong fromSequence,
      Consumer<JsonNode> onResult,
      Consumer<SubscriptionEnded> onEnded) {
    Map<String, Object> filter = new LinkedHashMap<>();
    stream.ifPresent(name -> filter.put("stream", name));
    fromSequence.ifPresent(from -> filter.put("fromSequence", Quantity.format(from)));
    long id = ids.incrementAndGet();
    Subscriber subscriber = new Subscriber(onResult, onEnded);
    Pending answer = new Pending(Optional.of(subscriber));
    pending.put(id, answer);
    send(request(id, "sluice_subscribe", kind, filter));
    return answer.future.thenApply(result -> new Subscription(result.textValue()));
  }

  /** Closes the socket; pending calls fail. */
  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      socket.abort();
    }
    failPending("the client closed the connection");
    http.close();
  }

  /** Completes when the node closes the connection (or it fails). */
  public CompletableFuture<Void> closedFuture() {
    return closed;
  }

  private String request(long id, String method, Object... params) {
    ObjectNode request = codec.mapper().createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", id);
    request.put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object param : params) {
      array.add(codec.mapper().valueToTree(param));
    }
    return codec.writeString(request);
  }

  /** java.net.http allows one outstanding send at a time; chaining keeps sends in call order. */
  private synchronized CompletableFuture<WebSocket> send(String text) {
    sending = sending.thenCompose(ws -> ws.sendText(text, true));
    return sending;
  }

  private void onMessage(String text) {
    JsonNode message;
    try {
      message = codec.parse(text.getBytes(StandardCharsets.UTF_8));
    } catch (JsonCodec.MalformedJsonException malformed) {
      return;
    }
    if (message.has("id") && message.get("id").canConvertToLong()) {
      Pending answer = pending.remove(message.get("id").longValue());
      if (answer != null) {
        answer.complete(message);
      }
      return;
    }
    if (message.has("id") && message.path("error").isObject()) {
      // An error the node could not attribute to a request (a rate limit, an unparsable message).
      JsonNode error = message.get("error");
      SluiceRpcException failure =
          new SluiceRpcException(
              error.path("code").asInt(), error.path("message").asText(), error.path("data"), 0);
      pending.values().forEach(p -> p.future.completeExceptionally(failure));
      pending.clear();
      return;
    }
    String method = message.path("method").asText();
    JsonNode params = message.path("params");
    Subscriber subscriber = subscribers.get(params.path("subscription").asText());
    if (subscriber == null) {
      return;
    }
    if ("sluice_subscription".equals(method)) {
      subscriber.onResult.accept(params.path("result"));
    } else if ("sluice_subscriptionEnded".equals(method)) {
      subscribers.remove(params.path("subscription").asText());
      subscriber.onEnded.accept(
          new SubscriptionEnded(
              params.path("subscription").asText(),
              params.path("reason").asText(),
              Quantity.parse(params.path("resumeFromSequence").asText("0x0"))));
    }
  }

  private void failPending(String why) {
    SluiceRpcException failure = new SluiceRpcException(why, null);
    pending.values().forEach(p -> p.future.completeExceptionally(failure));
    pending.clear();
  }

  /** A live subscription of this client. */
  public final class Subscription {
    private final String id;

    private Subscription(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    /** Ends it; no notification for it arrives after the answer. */
    public CompletableFuture<Boolean> unsubscribe() {
      return call("sluice_unsubscribe", id)
          .thenApply(
              ended -> {
                subscribers.remove(id);
                return ended.asBoolean();
              });
    }
  }

  private record Subscriber(Consumer<JsonNode> onResult, Consumer<SubscriptionEnded> onEnded) {}

  /** A call awaiting its answer; a subscribe call registers its subscriber before completing. */
  private final class Pending {
    private final Optional<Subscriber> subscriber;
    private final CompletableFuture<JsonNode> future = new CompletableFuture<>();

    Pending(Optional<Subscriber> subscriber) {
      this.subscriber = subscriber;
    }

    void complete(JsonNode response) {
      JsonNode error = response.path("error");
      if (error.isObject()) {
        future.completeExceptionally(
            new SluiceRpcException(
                error.path("code").asInt(), error.path("message").asText(), error.path("data"), 0));
        return;
      }
      JsonNode result = response.path("result");
      // Registered here, on the listener thread, so the first notification finds its subscriber.
      subscriber.ifPresent(s -> subscribers.put(result.asText(), s));
      future.complete(result);
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        onMessage(text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      failPending("the node closed the connection (" + statusCode + " " + reason + ")");
      closed.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failPending("the connection failed: " + error);
      closed.completeExceptionally(error);
    }
  }
}
