package dev.sluice.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.rpc.results.NodeStatusResult;
import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.stf.StreamLeaf;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of a Sluice node's JSON-RPC endpoint over HTTP, on {@code java.net.http}.
 *
 * <pre>{@code
 * try (SluiceClient client = SluiceClient.connect(URI.create("http://127.0.0.1:8645/"))) {
 *   RecordSigner signer = RecordSigner.ofPrivateKey(client.signingDomain(), privateKey);
 *   SigningAccount account = SigningAccount.synced(signer, client);
 *   RecordReceipt receipt = client.sendAndWait(account.put("meter-7", key, reading));
 *   EntryWithProof entry = client.entry("meter-7", key, receipt.receipt().sequence());
 *   Optional<byte[]> proven = entry.verify(receipt.receipt());
 * }
 * }</pre>
 *
 * Methods throw {@link SluiceRpcException} for error answers and transport failures; the {@code
 * Async} variants complete exceptionally with it.
 */
public final class SluiceClient implements AutoCloseable {
  private final URI endpoint;
  private final HttpClient http;
  private final Duration timeout;
  private final JsonCodec codec = JsonCodec.forClients();
  private final ResponseReader reader = new ResponseReader(codec.mapper());
  private final AtomicLong ids = new AtomicLong();

  private SluiceClient(URI endpoint, HttpClient http, Duration timeout) {
    this.endpoint = endpoint;
    this.http = http;
    this.timeout = timeout;
  }

  /** A client of {@code endpoint} (e.g. {@code http://127.0.0.1:8645/}), 30 s per request. */
  public static SluiceClient connect(URI endpoint) {
    return connect(endpoint, Duration.ofSeconds(30));
  }

  public static SluiceClient connect(URI endpoint, Duration timeout) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    return new SluiceClient(endpoint, http, timeout);
  }

  /** Calls any method with positional parameters (serialised by Jackson) and returns its result. */
  public JsonNode call(String method, Object... params) {
    return join(callAsync(method, params));
  }

  public CompletableFuture<JsonNode> callAsync(String method, Object... params) {
    long id = ids.incrementAndGet();
    ObjectNode request = codec.mapper().createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", id);
    request.put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object param : params) {
      array.add(codec.mapper().valueToTree(param));
    }
    HttpRequest httpRequest =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(codec.writeBytes(request)))
            .build();
    return http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw new SluiceRpcException(
                    "no answer from " + endpoint + ": " + failure.getMessage(), failure);
              }
              return resultOf(response.statusCode(), response.body());
            });
  }

  public long chainId() {
    return reader.quantity(call("sluice_chainId"));
  }

  /** The EIP-712 domain to sign records under, as the node states it. */
  public Eip712Domain signingDomain() {
    return reader.domain(call("sluice_signingDomain"));
  }

  public long nonce(Address account) {
    return reader.quantity(call("sluice_getNonce", account.toHex()));
  }

  /** Submits {@code record}; returns once the node reports it durable. */
  public Acknowledgement send(SignedRecord record) {
    return join(sendAsync(record));
  }

  public CompletableFuture<Acknowledgement> sendAsync(SignedRecord record) {
    return callAsync("sluice_sendRecord", HexData.format(record.encode()))
        .thenApply(reader::acknowledgement);
  }

  /** Submits {@code record} and returns its receipt once applied (the node's default wait). */
  public RecordReceipt sendAndWait(SignedRecord record) {
    return reader.receipt(call("sluice_sendRecordSync", HexData.format(record.encode())));
  }

  public RecordReceipt sendAndWait(SignedRecord record, Duration wait) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("timeout", Quantity.format(wait.toMillis()));
    return reader.receipt(call("sluice_sendRecordSync", HexData.format(record.encode()), options));
  }

  public Optional<RecordReceipt> receipt(Bytes32 recordHash) {
    return reader.optionalReceipt(call("sluice_getReceipt", recordHash.toHex()));
  }

  public Optional<RecordReceipt> receipt(long sequence) {
    return reader.optionalReceipt(call("sluice_getReceipt", Quantity.format(sequence)));
  }

  /**
   * Polls for the receipt of {@code recordHash} until it exists or {@code timeout} passes.
   *
   * @throws SluiceRpcException if it does not arrive in time
   */
  public RecordReceipt awaitReceipt(Bytes32 recordHash, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMillis = 5;
    while (true) {
      Optional<RecordReceipt> receipt = receipt(recordHash);
      if (receipt.isPresent()) {
        return receipt.get();
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new SluiceRpcException(
            "no receipt for " + recordHash + " within " + timeout.toMillis() + " ms", null);
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new SluiceRpcException("interrupted while waiting for " + recordHash, interrupted);
      }
      pauseMillis = Math.min(pauseMillis * 2, 200);
    }
  }

  public Optional<SequencedRecord> record(Bytes32 recordHash) {
    return reader.optionalRecord(call("sluice_getRecord", recordHash.toHex()));
  }

  public Optional<SequencedRecord> record(long sequence) {
    return reader.optionalRecord(call("sluice_getRecord", Quantity.format(sequence)));
  }

  /**
   * The entry with its proof against the latest applied state; check it with {@link
   * EntryWithProof#verify}.
   */
  public EntryWithProof entry(String stream, byte[] key) {
    return reader.entry(call("sluice_getEntry", stream, HexData.format(key)));
  }

  /** The entry with its proof against the state after the record of {@code atSequence}. */
  public EntryWithProof entry(String stream, byte[] key, long atSequence) {
    return reader.entry(
        call("sluice_getEntry", stream, HexData.format(key), Quantity.format(atSequence)));
  }

  public Optional<StreamLeaf> stream(String stream) {
    return reader.stream(call("sluice_getStream", stream));
  }

  public NodeStatusResult status() {
    return reader.status(call("sluice_nodeStatus"));
  }

  @Override
  public void close() {
    http.close();
  }

  private JsonNode resultOf(int status, byte[] body) {
    JsonNode response;
    try {
      response = codec.parse(body);
    } catch (JsonCodec.MalformedJsonException notJson) {
      throw new SluiceRpcException(
          0, "HTTP " + status + " without a JSON-RPC answer", null, status);
    }
    JsonNode error = response.path("error");
    if (error.isObject()) {
      throw new SluiceRpcException(
          error.path("code").asInt(), error.path("message").asText(), error.path("data"), status);
    }
    if (!response.has("result")) {
      throw new SluiceRpcException(
          0, "HTTP " + status + ": an answer with neither result nor error", null, status);
    }
    return response.get("result");
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException failure) {
      if (failure.getCause() instanceof SluiceRpcException rpc) {
        throw rpc;
      }
      throw new SluiceRpcException(String.valueOf(failure.getCause()), failure.getCause());
    }
  }
}
