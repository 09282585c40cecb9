package dev.sluice.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.rpc.RpcConfig;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.sequencer.Durability;
import dev.sluice.state.Address;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.Signature;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.stf.Status;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against the real node (pipelined sequencer on LevelDB behind the Vert.x server on
 * loopback), sent as raw HTTP so that nothing in a client library smooths it over. Each test also
 * checks that what the node acknowledged is there exactly once and nothing refused was applied.
 */
class NodeBadInputIT {
  private static final Eip712Domain DOMAIN =
      new Eip712Domain(714_714, Address.fromHex("0x00000000000000000000000000000000000051ce"));
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STREAM = "plant/9";

  @TempDir Path dataDirectory;

  private SluiceNode node;
  private SluiceClient client;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
  private final RecordSigner alice = RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(0xA11CE));
  private SigningAccount account;
  private final List<Acknowledgement> acknowledged = new ArrayList<>();

  @BeforeEach
  void startNode() throws Exception {
    node = SluiceNode.start(config());
    client = SluiceClient.connect(node.rpcUrl());
    account = new SigningAccount(alice, 0);
  }

  @AfterEach
  void stopNode() {
    if (client != null) {
      client.close();
    }
    if (node != null) {
      node.close();
    }
    http.close();
  }

  @Test
  void shouldAnswerMalformedJsonWithParseErrorsAndApplyNothing() throws Exception {
    assertError(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"), 200, -32700);
    assertError(post(""), 200, -32700);
    assertError(
        post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"method\":\"b\"}"), 200, -32700);
    assertError(
        post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sluice_chainId\"} trailing"), 200, -32700);
    assertError(post("[]"), 200, -32600);
    assertError(post("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"sluice_chainId\"}"), 200, -32600);
    assertError(post(request("no_such_method", "[]")), 200, -32601);
    assertError(post(request("sluice_sendRecord", "[\"0x1234\"]")), 200, -32602);
    assertError(post(request("sluice_sendRecord", "[{\"nonce\":\"0x0\"}]")), 200, -32602);

    Response wrongType =
        send(
            HttpRequest.newBuilder(node.rpcUrl())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(request("sluice_chainId", "[]"))));
    assertEquals(415, wrongType.status());

    assertNothingLostOrDoubled();
  }

  @Test
  void shouldRefuseDeepNestingAndOversizedBodiesBeforeTheyReachTheSequencer() throws Exception {
    String deep = "[".repeat(40) + "]".repeat(40);
    assertError(post(request("sluice_sendRecord", deep)), 200, -32700);

    // A body over the 256 KiB limit, carrying a record that would otherwise be valid.
    String padding = "\"" + "0".repeat(300 * 1024) + "\"";
    String oversized =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sluice_sendRecord\",\"params\":[\""
            + hex(account.put(STREAM, bytes("k"), bytes("v")).encode())
            + "\"],\"pad\":"
            + padding
            + "}";
    Response tooLarge = post(oversized);
    assertEquals(413, tooLarge.status());
    assertEquals(-32005, tooLarge.body().path("error").path("code").asInt());

    // A value over the protocol's limit in a body the server accepts.
    String huge =
        "{\"nonce\":\"0x0\",\"op\":\"put\",\"stream\":\""
            + STREAM
            + "\",\"key\":\"0x6b\",\"value\":\""
            + hex(new byte[62_000])
            + "\",\"signature\":\""
            + hex(account.put(STREAM, bytes("k"), bytes("v")).signature().toArray())
            + "\"}";
    assertError(post(request("sluice_sendRecord", "[" + huge + "]")), 200, -32006);
    account = new SigningAccount(alice, 0);

    // The nonce the oversized body carried was never used.
    acknowledge(alice.sign(Record.put(0, STREAM, bytes("k"), bytes("first"))));
    assertNothingLostOrDoubled();
  }

  @Test
  void shouldRefuseWrongChainsAndBadSignaturesWithTheirCodes() throws Exception {
    SignedRecord good = account.put(STREAM, bytes("k"), bytes("v"));
    Response wrongChain =
        post(
            request("sluice_sendRecord", "[\"" + hex(good.encode()) + "\",{\"chainId\":\"0x1\"}]"));
    assertError(wrongChain, 200, -32002);
    Response wrongContract =
        post(
            request(
                "sluice_sendRecord",
                "[\""
                    + hex(good.encode())
                    + "\",{\"verifyingContract\":\"0x00000000000000000000000000000000000000ff\"}]"));
    assertError(wrongContract, 200, -32002);

    Signature signature = good.signature();
    SignedRecord highS =
        new SignedRecord(
            good.record(),
            Signature.of(
                signature.r(),
                Signature.CURVE_ORDER.subtract(signature.s()),
                signature.v() == 27 ? 28 : 27));
    assertError(post(send(highS)), 200, -32001);
    SignedRecord zeroR =
        new SignedRecord(
            good.record(), Signature.of(BigInteger.ZERO, signature.s(), signature.v()));
    assertError(post(send(zeroR)), 200, -32001);

    // Signed for another chain, sent without options: it recovers a stranger, whose next nonce is
    // 0, so nonce 5 is too high; the message names the node's domain.
    RecordSigner otherChain =
        RecordSigner.ofPrivateKey(
            new Eip712Domain(1, DOMAIN.verifyingContract()), BigInteger.valueOf(0xA11CE));
    Response stranger = post(send(otherChain.sign(Record.put(5, STREAM, bytes("k"), bytes("v")))));
    assertError(stranger, 200, -32004);

    acknowledge(good);
    assertEquals(1, client.nonce(alice.address()), "only the good record used a nonce");
    assertNothingLostOrDoubled();
  }

  @Test
  void shouldRefuseNoncesTooLowAndTooHighAndAcceptTheExpectedOne() throws Exception {
    SignedRecord first = account.put(STREAM, bytes("k"), bytes("0"));
    acknowledge(first);
    Response replay = post(send(first));
    assertError(replay, 200, -32003);
    assertEquals("0x1", replay.body().path("error").path("data").path("expectedNonce").asText());

    SignedRecord farAhead = alice.sign(Record.put(500, STREAM, bytes("k"), bytes("x")));
    assertError(post(send(farAhead)), 200, -32004);
    // A few ahead is held for the gap to fill, then refused when it does not.
    SignedRecord gap = alice.sign(Record.put(3, STREAM, bytes("k"), bytes("x")));
    assertError(post(send(gap)), 200, -32004);

    acknowledge(account.put(STREAM, bytes("k"), bytes("1")));
    assertEquals(2, client.nonce(alice.address()));
    assertNothingLostOrDoubled();
  }

  @Test
  void shouldAnswerBatchesInOrderAndOrderADuplicatedRecordOnce() throws Exception {
    SignedRecord r0 = account.put(STREAM, bytes("a"), bytes("0"));
    SignedRecord r1 = account.put(STREAM, bytes("b"), bytes("1"));
    String batch =
        "["
            + send(r0, 1)
            + ","
            + send(r0, 2)
            + ","
            + "{\"jsonrpc\":\"2.0\",\"method\":\"sluice_chainId\",\"params\":[]}"
            + ","
            + request(3, "no_such_method", "[]")
            + ","
            + send(r1, 4)
            + ","
            + "17"
            + "]";
    Response answer = post(batch);
    assertEquals(200, answer.status());
    JsonNode answers = answer.body();
    assertTrue(answers.isArray(), answers.toString());
    assertEquals(5, answers.size(), "a notification gets no answer: " + answers);
    assertEquals(1, answers.get(0).path("id").asInt());
    assertEquals(0, Long.decode(answers.get(0).path("result").path("sequence").asText()));
    assertEquals(2, answers.get(1).path("id").asInt());
    assertEquals(-32003, answers.get(1).path("error").path("code").asInt(), "the duplicate");
    assertEquals(-32601, answers.get(2).path("error").path("code").asInt());
    assertEquals(4, answers.get(3).path("id").asInt());
    assertEquals(1, Long.decode(answers.get(3).path("result").path("sequence").asText()));
    assertEquals(-32600, answers.get(4).path("error").path("code").asInt());
    acknowledged.add(new Acknowledgement(0, r0.recordHash()));
    acknowledged.add(new Acknowledgement(1, r1.recordHash()));

    String tooLarge =
        "["
            + String.join(",", java.util.Collections.nCopies(101, request("sluice_chainId", "[]")))
            + "]";
    assertError(post(tooLarge), 200, -32005);
    assertNothingLostOrDoubled();
  }

  /** Every acknowledged record is at its sequence, once, applied; nothing else was ordered. */
  private void assertNothingLostOrDoubled() {
    assertEquals(
        acknowledged.size(),
        Long.decode(client.status().nextSequence()),
        "only acknowledged records ordered");
    for (Acknowledgement ack : acknowledged) {
      assertEquals(
          ack.recordHash(), client.record(ack.sequence()).orElseThrow().record().recordHash());
      assertEquals(
          ack.sequence(), client.awaitReceipt(ack.recordHash(), WAIT).receipt().sequence());
    }
    for (Acknowledgement ack : acknowledged) {
      assertEquals(Status.APPLIED, client.awaitReceipt(ack.recordHash(), WAIT).receipt().status());
    }
  }

  private void acknowledge(SignedRecord record) {
    acknowledged.add(client.send(record));
  }

  private void assertError(Response response, int status, int code) {
    assertEquals(status, response.status(), response.body().toString());
    assertEquals(
        code, response.body().path("error").path("code").asInt(), response.body().toString());
    assertTrue(
        !response.body().path("error").path("message").asText().isBlank(),
        "every error says what went wrong: " + response.body());
  }

  private Response post(String body) throws Exception {
    return send(
        HttpRequest.newBuilder(node.rpcUrl())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Response send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    return new Response(response.statusCode(), body);
  }

  private record Response(int status, JsonNode body) {}

  private static String send(SignedRecord record) {
    return send(record, 1);
  }

  private static String send(SignedRecord record, int id) {
    return request(id, "sluice_sendRecord", "[\"" + hex(record.encode()) + "\"]");
  }

  private static String request(String method, String params) {
    return request(1, method, params);
  }

  private static String request(int id, String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\""
        + method
        + "\",\"params\":"
        + params
        + "}";
  }

  private static String hex(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private NodeConfig config() {
    return new NodeConfig(
        dataDirectory,
        DOMAIN,
        Durability.SYNC,
        RpcConfig.builder().host("127.0.0.1").port(0).build(),
        Optional.empty());
  }
}
