package dev.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.rpc.client.EntryWithProof;
import dev.sluice.rpc.client.InvalidProofException;
import dev.sluice.rpc.client.RecordReceipt;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.client.SluiceRpcException;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.results.RecordStage;
import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.stf.Status;
import dev.sluice.state.stf.StreamLeaf;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Records submitted through the SDK over HTTP, read back and proven. */
class HttpEndToEndIT {
  private static Vertx vertx;
  private TestNode node;
  private SluiceClient client;

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
    node = TestNode.start(vertx);
    client = node.client();
  }

  @AfterEach
  void stopNode() throws InterruptedException {
    client.close();
    node.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldSubmitRecordAndProveItsEntryAgainstTheReceiptRoot() throws Exception {
    SigningAccount alice = SigningAccount.synced(TestKeys.signer(1), client);
    SignedRecord put = alice.put("meter-7", bytes("temp"), bytes("21.5C"));

    Acknowledgement ack = client.send(put);
    assertEquals(0, ack.sequence());
    assertEquals(put.recordHash(), ack.recordHash());

    RecordReceipt receipt = client.awaitReceipt(ack.recordHash(), java.time.Duration.ofSeconds(5));
    assertEquals(Status.APPLIED, receipt.receipt().status());
    assertEquals(alice.address(), receipt.receipt().sender());
    assertEquals(RecordStage.SEQUENCED, receipt.stage());

    EntryWithProof entry = client.entry("meter-7", bytes("temp"), receipt.receipt().sequence());
    Optional<byte[]> proven = entry.verify(receipt.receipt());
    assertArrayEquals(bytes("21.5C"), proven.orElseThrow());
  }

  @Test
  void shouldProveAbsenceAndRefuseAProofAgainstAnotherRoot() throws Exception {
    SigningAccount alice = SigningAccount.synced(TestKeys.signer(1), client);
    RecordReceipt first = client.sendAndWait(alice.put("s", bytes("a"), bytes("1")));
    RecordReceipt second = client.sendAndWait(alice.put("s", bytes("b"), bytes("2")));

    EntryWithProof absent = client.entry("s", bytes("b"), first.receipt().sequence());
    assertTrue(absent.verify(first.receipt()).isEmpty(), "b did not exist after the first record");
    InvalidProofException wrongRoot =
        assertThrows(
            InvalidProofException.class, () -> absent.verify(second.receipt().postStateRoot()));
    assertTrue(wrongRoot.getMessage().contains("does not verify"), wrongRoot.getMessage());

    EntryWithProof latest = client.entry("s", bytes("b"));
    assertArrayEquals(bytes("2"), latest.verify(second.receipt()).orElseThrow());
  }

  @Test
  void shouldReadRecordsStreamsNoncesAndStatus() {
    SigningAccount alice = SigningAccount.synced(TestKeys.signer(1), client);
    SignedRecord put = alice.put("s", bytes("k"), bytes("v"));
    RecordReceipt receipt = client.sendAndWait(put);

    SequencedRecord record = client.record(put.recordHash()).orElseThrow();
    assertEquals(put, record.record());
    assertEquals(alice.address(), record.sender());
    assertEquals(record, client.record(0).orElseThrow());
    assertTrue(client.record(1).isEmpty());
    assertTrue(client.receipt(Bytes32.ZERO).isEmpty());

    StreamLeaf stream = client.stream("s").orElseThrow();
    assertEquals(alice.address(), stream.owner());
    assertEquals(1, stream.count());
    assertTrue(client.stream("nope").isEmpty());

    assertEquals(1, client.nonce(alice.address()));
    assertEquals(TestKeys.CHAIN_ID, client.chainId());
    assertEquals(TestKeys.DOMAIN.separator(), client.signingDomain().separator());
    assertEquals(receipt.receipt().postStateRoot().toHex(), client.status().stateRoot());
    assertEquals("0x0", client.status().headSequence());
    assertFalse(client.status().l1().connected());
  }

  @Test
  void shouldRefuseReplaysAndNonceGapsNamingTheExpectedNonce() {
    SigningAccount alice = SigningAccount.synced(TestKeys.signer(1), client);
    SignedRecord first = alice.put("s", bytes("k"), bytes("1"));
    client.sendAndWait(first);

    SluiceRpcException replay = assertThrows(SluiceRpcException.class, () -> client.send(first));
    assertEquals(RpcErrorType.NONCE_TOO_LOW.code(), replay.code());
    assertEquals("0x1", replay.dataField("expectedNonce").orElseThrow());

    alice.put("s", bytes("k"), bytes("skipped"));
    SignedRecord gap = alice.put("s", bytes("k"), bytes("3"));
    SluiceRpcException ahead = assertThrows(SluiceRpcException.class, () -> client.send(gap));
    assertEquals(RpcErrorType.NONCE_TOO_HIGH.code(), ahead.code());
    assertTrue(ahead.getMessage().contains("next nonce is 1"), ahead.getMessage());
    assertEquals(1, node.sequencer.recordCount(), "nothing but the first record was ordered");
  }

  @Test
  void shouldReportPermissionOutcomesAsReceiptStatuses() {
    SigningAccount owner = SigningAccount.synced(TestKeys.signer(1), client);
    SigningAccount writer = SigningAccount.synced(TestKeys.signer(2), client);

    assertEquals(
        Status.APPLIED,
        client.sendAndWait(owner.put("plant", bytes("k"), bytes("1"))).receipt().status());
    RecordReceipt denied = client.sendAndWait(writer.put("plant", bytes("k"), bytes("2")));
    assertEquals(Status.PERMISSION_DENIED, denied.receipt().status());
    assertEquals(1, client.nonce(writer.address()), "a permission rejection consumes the nonce");

    assertEquals(
        Status.APPLIED,
        client.sendAndWait(owner.grant("plant", writer.address())).receipt().status());
    RecordReceipt granted = client.sendAndWait(writer.put("plant", bytes("k"), bytes("3")));
    assertEquals(Status.APPLIED, granted.receipt().status());

    assertEquals(
        Status.APPLIED,
        client.sendAndWait(owner.revoke("plant", writer.address())).receipt().status());
    assertEquals(
        Status.PERMISSION_DENIED,
        client.sendAndWait(writer.delete("plant", bytes("k"))).receipt().status());
    assertEquals(
        Status.ENTRY_NOT_FOUND,
        client.sendAndWait(owner.delete("plant", bytes("missing"))).receipt().status());
    assertEquals(
        Status.STREAM_NOT_FOUND,
        client.sendAndWait(owner.delete("nowhere", bytes("k"))).receipt().status());
  }
}
