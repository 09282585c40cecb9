package dev.sluice.rpc.jsonrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.InMemorySequencer;
import dev.sluice.rpc.TestKeys;
import dev.sluice.rpc.TestNode;
import dev.sluice.rpc.TestSeeds;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.limits.KeyedRateLimiter;
import dev.sluice.rpc.limits.RateLimit;
import dev.sluice.rpc.methods.RecordIngress;
import dev.sluice.rpc.methods.SluiceJsonRpcMethods;
import dev.sluice.rpc.metrics.RpcMetrics;
import dev.sluice.state.record.BouncyCastleSenderRecovery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of valid requests, straight into the dispatcher (no server): whatever
 * arrives, the answer is well-formed JSON-RPC with a documented code, and never an internal error.
 */
class JsonRpcDispatcherPropertyTest {
  private static final int CASES = 3_000;
  private static final String JSON_CHARACTERS = "{}[]\":,0x1aZ-. \\e9";
  private static final Set<Integer> DOCUMENTED_CODES =
      Arrays.stream(RpcErrorType.values()).map(RpcErrorType::code).collect(Collectors.toSet());

  private final InMemorySequencer sequencer =
      new InMemorySequencer(
          TestKeys.DOMAIN, new BouncyCastleSenderRecovery(), TestNode.SEQUENCER_CLOCK, 100_000);
  private final JsonCodec codec = new JsonCodec(32, 256 * 1024);
  private final JsonRpcDispatcher dispatcher = dispatcher();

  @AfterEach
  void close() throws InterruptedException {
    sequencer.close();
  }

  private JsonRpcDispatcher dispatcher() {
    RpcMetrics metrics = new RpcMetrics(new SimpleMeterRegistry());
    KeyedRateLimiter signers =
        new KeyedRateLimiter(
            "signer", "records", RateLimit.UNLIMITED, InstantSource.system(), 10, () -> {});
    RecordIngress ingress =
        new RecordIngress(
            sequencer, TestKeys.DOMAIN, new BouncyCastleSenderRecovery(), signers, metrics);
    List<JsonRpcMethod> methods =
        SluiceJsonRpcMethods.create(
            sequencer, ingress, 64 * 1024, Duration.ofSeconds(1), Duration.ofSeconds(2));
    return new JsonRpcDispatcher(
        MethodRegistry.of(methods),
        new TimedJsonRpcProcessor(new BaseJsonRpcProcessor(), metrics),
        codec,
        Runnable::run,
        100,
        Optional.empty());
  }

  private static List<String> corpus() {
    SigningAccount alice = new SigningAccount(TestKeys.signer(1), 0);
    String record = HexData.format(alice.put("s", new byte[] {1}, new byte[] {2}).encode());
    String grant = HexData.format(alice.grant("s", TestKeys.signer(2).address()).encode());
    return List.of(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sluice_chainId\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"sluice_getNonce\",\"params\":[\""
            + alice.address()
            + "\"]}",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"sluice_getEntry\",\"params\":{\"stream\":\"s\",\"key\":\"0x01\",\"atSequence\":0}}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"sluice_sendRecord\",\"params\":[\""
            + record
            + "\"]}",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"sluice_sendRecord\",\"params\":[{\"nonce\":\"0x1\",\"op\":\"grant\",\"stream\":\"s\",\"key\":\""
            + TestKeys.signer(2).address()
            + "\",\"signature\":\"0x"
            + "ab".repeat(64)
            + "1b\"}]}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"sluice_sendRecordSync\",\"params\":[\""
            + grant
            + "\",{\"timeout\":10}]}",
        "[{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"sluice_getReceipt\",\"params\":[\"0x0\"]},{\"jsonrpc\":\"2.0\",\"method\":\"sluice_nodeStatus\"}]",
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"sluice_getStream\",\"params\":[\"s\"]}");
  }

  @Test
  void shouldAnswerEveryMutatedRequestWithWellFormedJsonRpc() throws Exception {
    long seed = TestSeeds.seed("shouldAnswerEveryMutatedRequestWithWellFormedJsonRpc");
    Random random = new Random(seed);
    List<String> corpus = corpus();
    for (int i = 0; i < CASES; i++) {
      String request = mutate(corpus.get(random.nextInt(corpus.size())), random);
      String context = "case " + i + " " + TestSeeds.replay(seed) + ": " + request;
      DispatchResult result =
          dispatcher
              .dispatch(request.getBytes(StandardCharsets.UTF_8), Caller.http("127.0.0.1"))
              .get(10, TimeUnit.SECONDS);
      if (result.body().isEmpty()) {
        assertEquals(204, result.httpStatus(), context);
        continue;
      }
      JsonNode answer = codec.parse(result.body().get());
      for (JsonNode response : answer.isArray() ? answer : List.of(answer)) {
        assertEquals("2.0", response.path("jsonrpc").asText(), context);
        assertTrue(response.has("id"), context);
        assertTrue(response.has("result") != response.has("error"), context);
        if (response.has("error")) {
          int code = response.path("error").path("code").asInt();
          assertTrue(DOCUMENTED_CODES.contains(code), context + " -> " + response);
          assertFalse(code == RpcErrorType.INTERNAL_ERROR.code(), context + " -> " + response);
          assertFalse(response.path("error").path("message").asText().isBlank(), context);
        }
      }
    }
  }

  private static String mutate(String request, Random random) {
    StringBuilder text = new StringBuilder(request);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && text.length() > 0; e++) {
      int at = random.nextInt(text.length());
      switch (random.nextInt(5)) {
        case 0 -> text.deleteCharAt(at);
        case 1 -> text.insert(at, JSON_CHARACTERS.charAt(random.nextInt(JSON_CHARACTERS.length())));
        case 2 -> text.setCharAt(at, (char) (random.nextInt(0x7f - 0x20) + 0x20));
        case 3 -> text.setLength(at);
        default -> {
          int end = Math.min(text.length(), at + 1 + random.nextInt(20));
          text.insert(at, text.substring(at, end));
        }
      }
    }
    return text.toString();
  }
}
