package dev.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.rpc.client.RecordReceipt;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.client.SluiceRpcException;
import dev.sluice.rpc.json.HexData;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.state.Address;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.Signature;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.stf.Status;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signatures the node must refuse (docs/protocol.md §1.1), and records signed for another chain or
 * contract. Each refused record leaves nothing stored.
 */
class SignatureValidationIT {
  private static final BigInteger N = Signature.CURVE_ORDER;
  private static Vertx vertx;
  private TestNode node;
  private SluiceClient client;
  private SigningAccount alice;
  private SignedRecord valid;

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
    node = TestNode.start(vertx);
    client = node.client();
    alice = new SigningAccount(TestKeys.signer(1), 0);
    valid =
        alice.put("s", "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    node.close();
  }

  private SignedRecord withScalars(BigInteger r, BigInteger s, int v) {
    return new SignedRecord(valid.record(), Signature.of(r, s, v));
  }

  private SluiceRpcException refused(SignedRecord record) {
    SluiceRpcException refused = assertThrows(SluiceRpcException.class, () -> client.send(record));
    assertEquals(0, node.sequencer.recordCount(), "nothing was stored");
    return refused;
  }

  private SluiceRpcException refusedRaw(Object record) {
    SluiceRpcException refused =
        assertThrows(SluiceRpcException.class, () -> client.call("sluice_sendRecord", record));
    assertEquals(0, node.sequencer.recordCount(), "nothing was stored");
    return refused;
  }

  private void assertInvalidSignature(SignedRecord record, String expectedWords) {
    SluiceRpcException refused = refused(record);
    assertEquals(RpcErrorType.INVALID_SIGNATURE.code(), refused.code(), refused.getMessage());
    assertTrue(refused.getMessage().contains(expectedWords), refused.getMessage());
  }

  @Test
  void shouldRefuseOutOfRangeScalars() {
    Signature signature = valid.signature();
    assertInvalidSignature(withScalars(BigInteger.ZERO, signature.s(), signature.v()), "r is zero");
    assertInvalidSignature(withScalars(N, signature.s(), signature.v()), "r is not below");
    assertInvalidSignature(
        withScalars(N.add(BigInteger.ONE), signature.s(), signature.v()), "r is not below");
    assertInvalidSignature(withScalars(signature.r(), BigInteger.ZERO, signature.v()), "s is zero");
    assertInvalidSignature(withScalars(signature.r(), N, signature.v()), "s is not below");
  }

  @Test
  void shouldRefuseTheHighSTwinOfAValidSignature() {
    Signature signature = valid.signature();
    int flipped = signature.v() == 27 ? 28 : 27;
    assertInvalidSignature(
        withScalars(signature.r(), N.subtract(signature.s()), flipped), "high s");
  }

  @Test
  void shouldRefuseAnRThatIsNoCurvePoint() {
    // x = 5 is not the x coordinate of any secp256k1 point (5^3 + 7 = 132 is no square mod p).
    assertInvalidSignature(
        withScalars(BigInteger.valueOf(5), valid.signature().s(), 27), "no public key recovers");
  }

  @Test
  void shouldRefuseBadVAndTheCompactFormAsMalformed() {
    byte[] encoded = valid.encode();
    for (int v : new int[] {0, 1, 29, 255}) {
      byte[] badV = encoded.clone();
      badV[badV.length - 1] = (byte) v;
      SluiceRpcException refused = refusedRaw(HexData.format(badV));
      assertEquals(RpcErrorType.INVALID_PARAMS.code(), refused.code());
      assertTrue(refused.getMessage().contains("v must be 27 or 28"), refused.getMessage());
      assertEquals("signature", refused.dataField("field").orElseThrow());
    }

    byte[] compact = Arrays.copyOf(encoded, encoded.length - 1);
    SluiceRpcException truncated = refusedRaw(HexData.format(compact));
    assertEquals(RpcErrorType.INVALID_PARAMS.code(), truncated.code());
    assertEquals("signature", truncated.dataField("field").orElseThrow());

    Map<String, Object> fields = fields(valid);
    fields.put("signature", HexData.format(Arrays.copyOf(valid.signature().toArray(), 64)));
    SluiceRpcException compactField = refusedRaw(fields);
    assertTrue(compactField.getMessage().contains("compact form"), compactField.getMessage());
  }

  @Test
  void shouldAcceptTheFieldFormOfAValidRecord() {
    assertEquals(
        valid.recordHash().toHex(),
        client.call("sluice_sendRecord", fields(valid)).path("recordHash").asText());
  }

  @Test
  void shouldTreatAnotherChainsSignatureAsAnotherSender() {
    SigningAccount owner = new SigningAccount(TestKeys.signer(1), 0);
    client.sendAndWait(owner.put("plant", new byte[] {1}, new byte[] {1}));

    // The same key signing for chain 1: the digest differs, so another address recovers. That
    // stranger has nonce 0, so the record is ordered, and it may not write the owner's stream.
    Eip712Domain otherChain = new Eip712Domain(1, TestKeys.CONTRACT);
    SigningAccount confused = new SigningAccount(TestKeys.signer(1, otherChain), 0);
    RecordReceipt receipt =
        client.sendAndWait(confused.put("plant", new byte[] {1}, new byte[] {2}));
    assertEquals(Status.PERMISSION_DENIED, receipt.receipt().status());
    assertNotEquals(owner.address(), receipt.receipt().sender());

    // With a nonce the stranger has not reached, it is refused, and the message says why.
    SigningAccount later = new SigningAccount(TestKeys.signer(1, otherChain), 5);
    SluiceRpcException ahead =
        assertThrows(
            SluiceRpcException.class,
            () -> client.send(later.put("plant", new byte[] {1}, new byte[] {3})));
    assertEquals(RpcErrorType.NONCE_TOO_HIGH.code(), ahead.code());
    assertTrue(ahead.getMessage().contains("chain id 31337"), ahead.getMessage());
  }

  @Test
  void shouldRefuseARecordThatStatesAnotherChainOrContract() {
    Eip712Domain otherChain = new Eip712Domain(1, TestKeys.CONTRACT);
    SignedRecord signedElsewhere =
        new SigningAccount(TestKeys.signer(1, otherChain), 0).put("s", new byte[] {1}, new byte[0]);

    SluiceRpcException chain =
        refusedRaw(HexData.format(signedElsewhere.encode()), Map.of("chainId", "0x1"));
    assertEquals(RpcErrorType.WRONG_CHAIN.code(), chain.code());
    assertTrue(
        chain.getMessage().contains("chain id 1 but this node serves chain id 31337"),
        chain.getMessage());

    SluiceRpcException contract =
        refusedRaw(
            HexData.format(valid.encode()), Map.of("verifyingContract", Address.ZERO.toHex()));
    assertEquals(RpcErrorType.WRONG_CHAIN.code(), contract.code());

    Map<String, Object> matching = new LinkedHashMap<>();
    matching.put("chainId", 31337);
    matching.put("verifyingContract", TestKeys.CONTRACT.toHex());
    assertEquals(
        "0x0",
        client
            .call("sluice_sendRecord", HexData.format(valid.encode()), matching)
            .path("sequence")
            .asText());
  }

  private SluiceRpcException refusedRaw(Object record, Map<String, Object> options) {
    SluiceRpcException refused =
        assertThrows(
            SluiceRpcException.class, () -> client.call("sluice_sendRecord", record, options));
    assertEquals(0, node.sequencer.recordCount(), "nothing was stored");
    return refused;
  }

  private static Map<String, Object> fields(SignedRecord signed) {
    Record record = signed.record();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("nonce", "0x" + Long.toHexString(record.nonce()));
    fields.put("op", record.op().name().toLowerCase(Locale.ROOT));
    fields.put("stream", record.stream());
    fields.put("key", HexData.format(record.key()));
    fields.put("value", HexData.format(record.value()));
    fields.put("signature", signed.signature().toHex());
    return fields;
  }
}
