package dev.sluice.node.cli;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.smt.SmtProof;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.stf.RecoveredRecord;
import dev.sluice.state.stf.StateKeys;
import dev.sluice.state.stf.StateTransition;
import dev.sluice.state.stf.Status;
import dev.sluice.state.stf.TreeStateAccess;
import dev.sluice.state.store.KeyValueStore;
import dev.sluice.state.store.LevelDbKeyValueStore;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Signs a few IoT records, applies them through the state transition function to a LevelDB-backed
 * tree and prints each receipt with its state root, then proves one entry against the last root.
 * Running it again on the same data directory continues from the stored state.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Sign a few IoT records, apply them to a LevelDB-backed state tree and print each receipt"
          + " with its state root.",
      "Shows the state core on its own; it starts no network service."
    })
final class DemoCommand implements Callable<Integer> {
  /** Key of the demo's own progress record; tree data lives under the tree's prefixes. */
  private static final byte[] HEAD_KEY = "\u00ffdemo/head".getBytes(StandardCharsets.ISO_8859_1);

  // Anvil's first three development keys: well known, never use them on a real chain.
  private static final String[] DEVNET_KEYS = {
    "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"
  };

  @Option(
      names = "--data-dir",
      description = "Where the LevelDB database is kept (default: ${DEFAULT-VALUE}).",
      defaultValue = ".sluice/demo")
  Path dataDirectory;

  @Option(
      names = "--readings",
      description = "Sensor readings to sign and apply (default: ${DEFAULT-VALUE}).",
      defaultValue = "6")
  int readings;

  @Option(
      names = "--chain-id",
      description = "L2 chain id in the EIP-712 domain (default: ${DEFAULT-VALUE}).",
      defaultValue = "31337")
  long chainId;

  @Spec CommandSpec spec;

  private final PrintStream out = System.out;

  @Override
  public Integer call() {
    if (readings < 1 || readings > 100_000) {
      throw new ParameterException(
          spec.commandLine(), "--readings must be between 1 and 100000, got " + readings);
    }
    // No rollup contract exists in this demo; the zero address stands in for it in the domain.
    Eip712Domain domain = new Eip712Domain(chainId, Address.ZERO);
    List<RecordSigner> devices = new ArrayList<>();
    for (String key : DEVNET_KEYS) {
      devices.add(RecordSigner.ofPrivateKey(domain, new BigInteger(key, 16)));
    }
    SenderRecovery recovery = SenderRecovery.fastestAvailable();
    Clock clock = Clock.systemUTC();

    out.println("data directory: " + dataDirectory.toAbsolutePath());
    out.println("sender recovery: " + recovery.name());
    try (KeyValueStore store = LevelDbKeyValueStore.open(dataDirectory)) {
      TreeNodeStore nodes = new TreeNodeStore(store);
      Head head = store.get(HEAD_KEY).map(Head::decode).orElse(Head.GENESIS);
      SparseMerkleTree tree = new SparseMerkleTree(nodes, head.root());
      out.println(
          head.nextSequence() == 0
              ? "starting from the empty state"
              : "resuming at sequence " + head.nextSequence() + ", state root " + head.root());
      out.println();
      out.printf(
          Locale.ROOT,
          "%-5s %-18s %-8s %-17s %s%n",
          "seq",
          "status",
          "sender",
          "record",
          "state root");

      List<SignedRecord> script = script(devices, tree, head.nextSequence());
      long sequence = head.nextSequence();
      for (SignedRecord signed : script) {
        RecoveredRecord recovered = RecoveredRecord.recover(signed, domain, recovery);
        Status status = StateTransition.apply(new TreeStateAccess(tree), recovered);
        Receipt receipt =
            new Receipt(
                sequence++,
                signed.recordHash(),
                recovered.sender().orElse(Address.ZERO),
                status,
                tree.root(),
                clock.millis());
        // Tree nodes and the demo's head go to disk together, so a crash never splits them.
        try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
          tree.flushTo(batch);
          batch.put(HEAD_KEY, new Head(sequence, tree.root()).encode());
          batch.commit(true);
        }
        printReceipt(receipt, signed);
      }
      proveOneEntry(tree, devices.get(0));
    }
    return 0;
  }

  /**
   * Readings from two devices on one stream, the owner granting the second device, a stranger who
   * is refused, and a deletion: every outcome a reader should see once.
   */
  private List<SignedRecord> script(List<RecordSigner> devices, SparseMerkleTree tree, long run) {
    RecordSigner owner = devices.get(0);
    RecordSigner second = devices.get(1);
    RecordSigner stranger = devices.get(2);
    Nonces nonces = new Nonces(tree);
    String stream = "iot/site-1/temperature";
    List<SignedRecord> records = new ArrayList<>();
    records.add(owner.sign(Record.grant(nonces.next(owner), stream, second.address())));
    for (int i = 0; i < readings; i++) {
      RecordSigner device = i % 2 == 0 ? owner : second;
      String reading = String.format(Locale.ROOT, "%.2f", 19.5 + ((run + i) % 17) * 0.25);
      records.add(
          device.sign(
              Record.put(
                  nonces.next(device),
                  stream,
                  ("sensor-" + (i % 2)).getBytes(StandardCharsets.US_ASCII),
                  reading.getBytes(StandardCharsets.US_ASCII))));
    }
    records.add(
        stranger.sign(
            Record.put(
                nonces.next(stranger),
                stream,
                "sensor-9".getBytes(StandardCharsets.US_ASCII),
                new byte[] {1})));
    records.add(
        owner.sign(
            Record.delete(
                nonces.next(owner), stream, "sensor-1".getBytes(StandardCharsets.US_ASCII))));
    return records;
  }

  private void printReceipt(Receipt receipt, SignedRecord signed) {
    out.printf(
        Locale.ROOT,
        "%-5d %-18s %-8s %-17s %s   %s%n",
        receipt.sequence(),
        receipt.status(),
        receipt.sender().toHex().substring(0, 8),
        receipt.recordHash().toHex().substring(0, 14) + "...",
        receipt.postStateRoot(),
        describe(signed.record()));
  }

  private static String describe(Record record) {
    return switch (record.op()) {
      case PUT ->
          "PUT "
              + new String(record.key(), StandardCharsets.US_ASCII)
              + " = "
              + new String(record.value(), StandardCharsets.US_ASCII);
      case DELETE -> "DELETE " + new String(record.key(), StandardCharsets.US_ASCII);
      case GRANT -> "GRANT " + record.writer().toHex().substring(0, 8);
      case REVOKE -> "REVOKE " + record.writer().toHex().substring(0, 8);
    };
  }

  private void proveOneEntry(SparseMerkleTree tree, RecordSigner owner) {
    byte[] stream = "iot/site-1/temperature".getBytes(StandardCharsets.US_ASCII);
    byte[] key = "sensor-0".getBytes(StandardCharsets.US_ASCII);
    Bytes32 treeKey = StateKeys.entry(stream, key);
    SmtProof proof = tree.prove(treeKey);
    Optional<byte[]> value = tree.get(treeKey);
    out.println();
    out.println(
        "entry iot/site-1/temperature / sensor-0 = "
            + value.map(v -> new String(v, StandardCharsets.US_ASCII)).orElse("(absent)")
            + ", proof of "
            + proof.siblings().size()
            + " siblings "
            + (proof.verify(tree.root(), treeKey) ? "verifies" : "DOES NOT VERIFY")
            + " against state root "
            + tree.root());
    out.println("stream owner " + owner.address() + "; run again to continue from this state");
  }

  /** Next nonces per sender, starting from what the state already holds. */
  private static final class Nonces {
    private final SparseMerkleTree tree;
    private final java.util.Map<Address, Long> next = new java.util.HashMap<>();

    Nonces(SparseMerkleTree tree) {
      this.tree = tree;
    }

    long next(RecordSigner signer) {
      long nonce =
          next.computeIfAbsent(
              signer.address(),
              address ->
                  tree.get(StateKeys.account(address))
                      .map(preimage -> ByteBuffer.wrap(preimage).getLong())
                      .orElse(0L));
      next.put(signer.address(), nonce + 1);
      return nonce;
    }
  }

  /** Where the demo stopped: the next sequence number and the state root after the last record. */
  private record Head(long nextSequence, Bytes32 root) {
    static final Head GENESIS = new Head(0, Bytes32.ZERO);

    byte[] encode() {
      return ByteBuffer.allocate(8 + 32).putLong(nextSequence).put(root.toArray()).array();
    }

    static Head decode(byte[] encoded) {
      ByteBuffer buffer = ByteBuffer.wrap(encoded);
      long sequence = buffer.getLong();
      byte[] root = new byte[32];
      buffer.get(root);
      return new Head(sequence, Bytes32.wrap(root));
    }
  }
}
