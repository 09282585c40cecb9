package dev.sluice.devnet.bench;

import dev.sluice.devnet.load.BenchmarkNode;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.sequencer.PipelinedSequencer;
import dev.sluice.state.Address;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.Signature;
import dev.sluice.state.record.SignedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sluice as the benchmark sees it: an in-process node, one SDK client (one kept-alive HTTP
 * connection) per gateway, records signed with the gateway's key.
 *
 * <p>The acknowledgement is either {@code sluice_sendRecord}'s answer, given once the record is in
 * the durable log (what a producer waits for), or {@code sluice_sendRecordSync}'s, given once the
 * record is applied and its receipt carries the state root after it (the stronger one).
 */
final class SluiceTarget implements BenchTarget {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  enum Ack {
    /** {@code sluice_sendRecord}: durable in the log. */
    DURABLE,
    /** {@code sluice_sendRecordSync}: applied, receipt with the post-state root. */
    RECEIPT
  }

  private final BenchmarkNode node;
  private final Eip712Domain domain;
  private final List<GatewayKey> keys;
  private final List<SluiceClient> connections;
  private final Ack ack;
  private final boolean[] checked;

  private final boolean ownsNode;

  private SluiceTarget(
      BenchmarkNode node,
      List<GatewayKey> keys,
      List<SluiceClient> connections,
      Eip712Domain domain,
      Ack ack,
      boolean[] checked,
      boolean ownsNode) {
    this.node = node;
    this.keys = keys;
    this.connections = connections;
    this.domain = domain;
    this.ack = ack;
    this.checked = checked;
    this.ownsNode = ownsNode;
  }

  /** Takes over {@code node}, with a connection per key; {@link #close} closes both. */
  static SluiceTarget over(BenchmarkNode node, List<GatewayKey> keys) {
    List<SluiceClient> connections = new ArrayList<>(keys.size());
    for (int c = 0; c < keys.size(); c++) {
      connections.add(SluiceClient.connect(node.node().rpcUrl(), REQUEST_TIMEOUT));
    }
    Eip712Domain domain = connections.get(0).signingDomain();
    return new SluiceTarget(
        node, keys, connections, domain, Ack.DURABLE, new boolean[keys.size()], true);
  }

  /**
   * The same node, keys and connections, acknowledged by receipt instead; closing it closes
   * nothing. Do not use it at the same time as this one: they share the accounts' nonces.
   */
  SluiceTarget receiptView() {
    return new SluiceTarget(node, keys, connections, domain, Ack.RECEIPT, checked, false);
  }

  @Override
  public String name() {
    return ack == Ack.DURABLE ? "sluice" : "sluice (receipt)";
  }

  @Override
  public String acknowledgement() {
    return ack == Ack.DURABLE
        ? "sluice_sendRecord answer: the record is in the synced write-ahead log (fsync), with its"
            + " sequence number"
        : "sluice_sendRecordSync answer: the record is applied and its receipt carries the state"
            + " root after it";
  }

  @Override
  public int clients() {
    return keys.size();
  }

  BenchmarkNode node() {
    return node;
  }

  PipelinedSequencer sequencer() {
    return node.node().sequencer();
  }

  Eip712Domain domain() {
    return domain;
  }

  @Override
  public void setUp(PayloadSource source) {
    if (source.layout() != PayloadSource.Layout.HOT_STREAM) {
      return; // a gateway's first record creates its own stream
    }
    String stream = source.streamOf(0);
    SluiceClient owner = connections.get(0);
    if (owner.stream(stream).isPresent()) {
      return;
    }
    long nonce = owner.nonce(keys.get(0).address());
    owner.sendAndWait(sign(0, Record.put(nonce++, stream, new byte[] {0}, new byte[] {0})));
    for (int c = 1; c < keys.size(); c++) {
      owner.sendAndWait(sign(0, Record.grant(nonce++, stream, keys.get(c).address())));
    }
  }

  @Override
  public PreparedRun prepare(List<List<Payload>> payloads) {
    return PreparedRun.signedInParallel(
        payloads,
        this::signAll,
        (client, record) -> {
          if (ack == Ack.DURABLE) {
            connections.get(client).send(record);
          } else {
            connections.get(client).sendAndWait(record);
          }
        });
  }

  private List<SignedRecord> signAll(int client, List<Payload> payloads) {
    long nonce = connections.get(client).nonce(keys.get(client).address());
    List<SignedRecord> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      out.add(sign(client, Record.put(nonce++, p.stream(), p.key(), p.value())));
    }
    return out;
  }

  private SignedRecord sign(int client, Record record) {
    GatewayKey key = keys.get(client);
    byte[] rsv = key.sign(domain.digest(record).toArray());
    rsv[64] += 27;
    SignedRecord signed = new SignedRecord(record, Signature.of(rsv));
    if (!checked[client]) {
      // Once per key: the native signer must produce exactly what the protocol's own signer does.
      SignedRecord reference = RecordSigner.ofPrivateKey(domain, key.privateKey()).sign(record);
      if (!reference.signature().equals(signed.signature())) {
        throw new IllegalStateException(
            "libsecp256k1 and RecordSigner disagree for " + key.address() + ": " + signed);
      }
      checked[client] = true;
    }
    return signed;
  }

  Address address(int client) {
    return keys.get(client).address();
  }

  @Override
  public void close() throws java.io.IOException {
    if (ownsNode) {
      connections.forEach(SluiceClient::close);
      node.close();
    }
  }
}
