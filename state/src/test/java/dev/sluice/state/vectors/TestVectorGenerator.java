package dev.sluice.state.vectors;

import static dev.sluice.state.vectors.Json.hex;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.batch.BatchMerkleTree;
import dev.sluice.state.record.BouncyCastleSenderRecovery;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.record.Signature;
import dev.sluice.state.smt.SmtProof;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.stf.RecoveredRecord;
import dev.sluice.state.stf.StateKeys;
import dev.sluice.state.stf.StateTransition;
import dev.sluice.state.stf.StateWitness;
import dev.sluice.state.stf.Status;
import dev.sluice.state.stf.WitnessRecorder;
import dev.sluice.state.stf.WitnessedState;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Generates the shared test vectors (test-vectors/README.md) deterministically: fixed keys, fixed
 * seeds, RFC 6979 signatures. Every vector is checked against the Java implementation while it is
 * made, so a vector that disagrees with Java can never be written.
 */
public final class TestVectorGenerator {
  static final Eip712Domain DOMAIN =
      new Eip712Domain(31337, Address.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3"));
  private static final SenderRecovery RECOVERY = new BouncyCastleSenderRecovery();

  /** Vector files by path relative to test-vectors/. */
  public Map<String, String> generate() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("eip712/records.json", Json.write(records()));
    files.put("smt/proofs.json", Json.write(smtProofs()));
    files.put("stf/transitions.json", Json.write(transitions()));
    files.put("merkle/binary.json", Json.write(binaryMerkle()));
    files.put("batch/headers.json", Json.write(headers()));
    return files;
  }

  // ---- eip712 ----------------------------------------------------------------------------

  private Map<String, Object> records() {
    List<Object> cases = new ArrayList<>();
    RecordSigner alice = signer(1);
    RecordSigner bob = signer(2);
    Address carol = signer(3).address();
    cases.add(recordCase("put small reading", alice.sign(Record.put(0, "iot/site-1", bytes("temp"), bytes("21.5")))));
    cases.add(recordCase("put empty value", alice.sign(Record.put(1, "s", bytes("k"), new byte[0]))));
    cases.add(recordCase("put max nonce", bob.sign(Record.put(-1L, "s", bytes("k"), bytes("v")))));
    cases.add(recordCase("put long fields", bob.sign(Record.put(7, "x".repeat(64), filled(256, 0xab), filled(3000, 0xcd)))));
    cases.add(recordCase("put stream with quote and backslash", alice.sign(Record.put(2, "a\"b\\c", bytes("k"), bytes("v")))));
    cases.add(recordCase("delete", alice.sign(Record.delete(3, "iot/site-1", bytes("temp")))));
    cases.add(recordCase("grant", alice.sign(Record.grant(4, "iot/site-1", carol))));
    cases.add(recordCase("revoke", alice.sign(Record.revoke(5, "iot/site-1", carol))));

    SignedRecord base = alice.sign(Record.put(6, "iot/site-1", bytes("temp"), bytes("22.0")));
    Signature good = base.signature();
    BigInteger n = Signature.CURVE_ORDER;
    cases.add(recordCase("invalid: high s", withSignature(base, good.r(), n.subtract(good.s()), 55 - good.v())));
    cases.add(recordCase("invalid: r zero", withSignature(base, BigInteger.ZERO, good.s(), good.v())));
    cases.add(recordCase("invalid: s zero", withSignature(base, good.r(), BigInteger.ZERO, good.v())));
    cases.add(recordCase("invalid: r equals n", withSignature(base, n, good.s(), good.v())));
    cases.add(recordCase("invalid: s just above n/2", withSignature(base, good.r(), Signature.HALF_CURVE_ORDER.add(BigInteger.ONE), good.v())));
    cases.add(recordCase("invalid: r not on the curve", withSignature(base, BigInteger.valueOf(5), good.s(), good.v())));
    cases.add(recordCase("valid: other recovery id recovers another sender", withSignature(base, good.r(), good.s(), 55 - good.v())));

    Random random = new Random(712);
    for (int i = 0; i < 8; i++) {
      cases.add(recordCase("random " + i, signer(100 + i).sign(randomRecord(random))));
    }
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("domain", domain());
    file.put("cases", cases);
    return file;
  }

  private Map<String, Object> recordCase(String name, SignedRecord signed) {
    Record record = signed.record();
    Bytes32 digest = DOMAIN.digest(record);
    Optional<Address> sender = RECOVERY.recover(digest, signed.signature());
    Map<String, Object> json = recordFields(name, signed);
    json.put("structHash", Eip712Domain.structHash(record).toHex());
    json.put("digest", digest.toHex());
    json.put("valid", sender.isPresent());
    json.put("sender", sender.orElse(Address.ZERO).toHex());
    json.put("encoded", hex(signed.encode()));
    json.put("recordHash", signed.recordHash().toHex());
    return json;
  }

  private static Map<String, Object> recordFields(String name, SignedRecord signed) {
    Record record = signed.record();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("nonce", Long.toUnsignedString(record.nonce()));
    json.put("op", record.op().code());
    json.put("stream", hex(record.streamBytes()));
    json.put("key", hex(record.key()));
    json.put("value", hex(record.value()));
    json.put("signature", signed.signature().toHex());
    return json;
  }

  // ---- smt -------------------------------------------------------------------------------

  private Map<String, Object> smtProofs() {
    List<Object> cases = new ArrayList<>();
    SparseMerkleTree tree = newTree();
    // Empty tree: insert, and delete of an absent key.
    cases.add(smtPut("empty tree: insert", tree, key(0x11), 1));
    cases.add(smtDelete("single leaf: delete leaves the empty tree", tree, key(0x11)));
    cases.add(smtDelete("empty tree: delete absent", tree, key(0x22)));

    // Keys that share long prefixes force splits deep down and collapses that climb far.
    Bytes32 a = keyWithBits("0000");
    Bytes32 b = keyWithBits("0001");
    Bytes32 c = keyWithBits("1");
    Bytes32 d = keyWithLastBitFlipped(a);
    tree.put(a, bytes("a"));
    cases.add(smtPut("split below a single leaf at depth 0", tree, b, 2));
    cases.add(smtPut("insert into an empty subtree", tree, c, 3));
    cases.add(smtPut("split at the last bit (depth 255)", tree, d, 4));
    cases.add(smtPut("overwrite a leaf", tree, a, 5));
    cases.add(smtPut("overwrite with the same value", tree, a, 5));
    cases.add(smtDelete("delete collapses a sibling leaf up 255 levels", tree, d));
    cases.add(smtDelete("delete absent, path ends in another leaf", tree, keyWithBits("0010")));
    cases.add(smtDelete("delete absent, path ends in an empty subtree", tree, keyWithBits("01")));
    cases.add(smtDelete("delete with an internal sibling", tree, c));

    Random random = new Random(256);
    SparseMerkleTree big = newTree();
    for (int i = 0; i < 500; i++) {
      big.put(randomKey(random), randomBytes(random, 1 + random.nextInt(40)));
    }
    List<Bytes32> present = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      Bytes32 k = randomKey(random);
      cases.add(smtPut("500 leaves: insert " + i, big, k, 1000 + i));
      present.add(k);
    }
    for (int i = 0; i < 12; i++) {
      cases.add(smtDelete("500 leaves: delete " + i, big, present.get(i)));
    }
    for (int i = 12; i < 18; i++) {
      cases.add(smtPut("500 leaves: overwrite " + i, big, present.get(i), 2000 + i));
    }
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("cases", cases);
    return file;
  }

  private Map<String, Object> smtPut(String name, SparseMerkleTree tree, Bytes32 key, int valueSeed) {
    byte[] preimage = ("value-" + valueSeed).getBytes(StandardCharsets.US_ASCII);
    return smtCase(name, tree, key, Optional.of(preimage));
  }

  private Map<String, Object> smtDelete(String name, SparseMerkleTree tree, Bytes32 key) {
    return smtCase(name, tree, key, Optional.empty());
  }

  private Map<String, Object> smtCase(String name, SparseMerkleTree tree, Bytes32 key, Optional<byte[]> put) {
    Bytes32 root = tree.root();
    SmtProof proof = tree.prove(key);
    Optional<Bytes32> valueHash = tree.valueHash(key);
    Bytes32 newValueHash = put.map(Keccak::hash32).orElse(Bytes32.ZERO);
    Bytes32 fromProof = put.isPresent() ? proof.rootAfterPut(key, newValueHash) : proof.rootAfterDelete(key);
    put.ifPresentOrElse(preimage -> tree.put(key, preimage), () -> tree.delete(key));
    check(proof.verify(root, key), name + ": proof does not verify");
    check(fromProof.equals(tree.root()), name + ": root from proof differs from the tree's");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("root", root.toHex());
    json.put("key", key.toHex());
    json.put("proof", Json.proof(proof));
    json.put("present", valueHash.isPresent());
    json.put("valueHash", valueHash.orElse(Bytes32.ZERO).toHex());
    json.put("operation", put.isPresent() ? "put" : "delete");
    json.put("newValueHash", newValueHash.toHex());
    json.put("newRoot", tree.root().toHex());
    return json;
  }

  // ---- stf -------------------------------------------------------------------------------

  private Map<String, Object> transitions() {
    SparseMerkleTree tree = newTree();
    Random random = new Random(2112);
    for (int i = 0; i < 200; i++) {
      // Unrelated leaves, so that proofs have realistic depth.
      tree.put(randomKey(random), randomBytes(random, 8));
    }
    RecordSigner owner = signer(11);
    RecordSigner writer = signer(12);
    RecordSigner stranger = signer(13);
    String stream = "iot/plant-7/pressure";
    List<Object> cases = new ArrayList<>();
    StfScript script = new StfScript(tree, cases);
    script.apply("put creates the stream", owner, n -> Record.put(n, stream, bytes("p1"), bytes("1013")), Status.APPLIED);
    script.apply("put by the owner", owner, n -> Record.put(n, stream, bytes("p2"), bytes("1009")), Status.APPLIED);
    script.apply("put overwrites", owner, n -> Record.put(n, stream, bytes("p1"), bytes("1015")), Status.APPLIED);
    script.apply("put by a stranger", stranger, n -> Record.put(n, stream, bytes("p1"), bytes("0")), Status.PERMISSION_DENIED);
    script.apply("grant", owner, n -> Record.grant(n, stream, writer.address()), Status.APPLIED);
    script.apply("put by a granted writer", writer, n -> Record.put(n, stream, bytes("p3"), new byte[0]), Status.APPLIED);
    script.apply("delete by a granted writer", writer, n -> Record.delete(n, stream, bytes("p2")), Status.APPLIED);
    script.apply("delete of a missing entry", owner, n -> Record.delete(n, stream, bytes("p2")), Status.ENTRY_NOT_FOUND);
    script.apply("delete by a stranger", stranger, n -> Record.delete(n, stream, bytes("p1")), Status.PERMISSION_DENIED);
    script.apply("delete in a missing stream", owner, n -> Record.delete(n, "nowhere", bytes("p1")), Status.STREAM_NOT_FOUND);
    script.apply("grant by a writer", writer, n -> Record.grant(n, stream, stranger.address()), Status.PERMISSION_DENIED);
    script.apply("revoke by a stranger", stranger, n -> Record.revoke(n, stream, writer.address()), Status.PERMISSION_DENIED);
    script.apply("revoke", owner, n -> Record.revoke(n, stream, writer.address()), Status.APPLIED);
    script.apply("revoke of an ungranted writer", owner, n -> Record.revoke(n, stream, stranger.address()), Status.APPLIED);
    script.apply("revoke in a missing stream", owner, n -> Record.revoke(n, "nowhere", writer.address()), Status.STREAM_NOT_FOUND);
    script.apply("put after revocation", writer, n -> Record.put(n, stream, bytes("p3"), bytes("x")), Status.PERMISSION_DENIED);
    script.apply("grant creates a stream", stranger, n -> Record.grant(n, "fresh", owner.address()), Status.APPLIED);
    script.apply("delete the last entry of a stream", owner, n -> Record.delete(n, stream, bytes("p3")), Status.APPLIED);
    script.applyWithNonce("nonce too high", owner, 1000, n -> Record.put(n, stream, bytes("p1"), bytes("1")), Status.NONCE_MISMATCH);
    script.applyWithNonce("nonce too low", owner, 0, n -> Record.put(n, stream, bytes("p1"), bytes("1")), Status.NONCE_MISMATCH);
    script.applyHighS("high-s signature", owner, n -> Record.put(n, stream, bytes("p1"), bytes("1")));
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("domain", domain());
    file.put("cases", cases);
    return file;
  }

  private interface RecordForNonce {
    Record build(long nonce);
  }

  /** Applies records one after another to one tree, recording each as a vector. */
  private final class StfScript {
    private final SparseMerkleTree tree;
    private final List<Object> cases;
    private final Map<Address, Long> nonces = new LinkedHashMap<>();

    StfScript(SparseMerkleTree tree, List<Object> cases) {
      this.tree = tree;
      this.cases = cases;
    }

    void apply(String name, RecordSigner signer, RecordForNonce builder, Status expected) {
      long nonce = nonces.getOrDefault(signer.address(), 0L);
      record(name, signer.sign(builder.build(nonce)), expected);
    }

    void applyWithNonce(String name, RecordSigner signer, long nonce, RecordForNonce builder, Status expected) {
      record(name, signer.sign(builder.build(nonce)), expected);
    }

    void applyHighS(String name, RecordSigner signer, RecordForNonce builder) {
      SignedRecord signed = signer.sign(builder.build(nonces.getOrDefault(signer.address(), 0L)));
      Signature low = signed.signature();
      record(
          name,
          withSignature(signed, low.r(), Signature.CURVE_ORDER.subtract(low.s()), 55 - low.v()),
          Status.BAD_SIGNATURE);
    }

    private void record(String name, SignedRecord signed, Status expected) {
      RecoveredRecord input = RecoveredRecord.recover(signed, DOMAIN, RECOVERY);
      Bytes32 preRoot = tree.root();
      WitnessRecorder recorder = new WitnessRecorder(tree);
      Status status = StateTransition.apply(recorder, input);
      check(status == expected, name + ": expected " + expected + ", got " + status);
      if (status.consumesNonce()) {
        nonces.merge(input.sender().orElseThrow(), 1L, Long::sum);
      }
      List<StateWitness> witnesses = recorder.witnesses();
      WitnessedState replay = new WitnessedState(preRoot, witnesses);
      check(StateTransition.apply(replay, input) == status, name + ": replay gives another status");
      check(replay.fullyConsumed(), name + ": replay left witnesses unused");
      check(replay.root().equals(tree.root()), name + ": replay gives another root");

      Map<String, Object> json = recordFields(name, signed);
      json.put("digest", input.digest().toHex());
      json.put("sender", input.sender().orElse(Address.ZERO).toHex());
      json.put("preRoot", preRoot.toHex());
      json.put("status", status.code());
      json.put("postRoot", tree.root().toHex());
      List<Object> accesses = new ArrayList<>();
      for (StateWitness witness : witnesses) {
        Map<String, Object> access = new LinkedHashMap<>();
        access.put("kind", witness.kind().name().toLowerCase(java.util.Locale.ROOT));
        access.put("treeKey", witness.treeKey().toHex());
        access.put("proof", Json.proof(witness.proof()));
        access.put("preimage", hex(witness.preimage()));
        accesses.add(access);
      }
      json.put("accesses", accesses);
      cases.add(json);
    }
  }

  // ---- merkle and headers ----------------------------------------------------------------

  private Map<String, Object> binaryMerkle() {
    Random random = new Random(51);
    List<Object> cases = new ArrayList<>();
    for (int size : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 16, 33}) {
      List<Bytes32> leaves = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        leaves.add(randomKey(random));
      }
      BatchMerkleTree merkle = BatchMerkleTree.of(leaves);
      List<Object> proofs = new ArrayList<>();
      for (int index = 0; index < size; index++) {
        Map<String, Object> proof = new LinkedHashMap<>();
        proof.put("index", index);
        proof.put("siblings", merkle.proof(index).stream().map(Bytes32::toHex).toList());
        proofs.add(proof);
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("name", size + " leaves");
      json.put("leaves", leaves.stream().map(Bytes32::toHex).toList());
      json.put("root", merkle.root().toHex());
      json.put("proofs", proofs);
      cases.add(json);
    }
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("cases", cases);
    return file;
  }

  private Map<String, Object> headers() {
    Random random = new Random(52);
    List<Object> cases = new ArrayList<>();
    Bytes32 previous = Bytes32.ZERO;
    Bytes32 preRoot = Bytes32.ZERO;
    long firstSequence = 0;
    for (int index = 0; index < 4; index++) {
      int count = index == 3 ? BatchHeader.MAX_RECORD_COUNT : 1 + random.nextInt(500);
      Bytes32 postRoot = randomKey(random);
      BatchHeader header =
          new BatchHeader(
              index, previous, firstSequence, count, randomKey(random), randomKey(random),
              randomKey(random), preRoot, postRoot);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("name", "batch " + index);
      json.put("index", header.index());
      json.put("prevHeaderHash", header.prevHeaderHash().toHex());
      json.put("firstSequence", header.firstSequence());
      json.put("recordCount", header.recordCount());
      json.put("dataHash", header.dataHash().toHex());
      json.put("recordsRoot", header.recordsRoot().toHex());
      json.put("rootsRoot", header.rootsRoot().toHex());
      json.put("preStateRoot", header.preStateRoot().toHex());
      json.put("postStateRoot", header.postStateRoot().toHex());
      json.put("headerHash", header.hash().toHex());
      cases.add(json);
      previous = header.hash();
      preRoot = postRoot;
      firstSequence += count;
    }
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("cases", cases);
    return file;
  }

  // ---- helpers ---------------------------------------------------------------------------

  private static Map<String, Object> domain() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("chainId", Long.toString(DOMAIN.chainId()));
    json.put("verifyingContract", DOMAIN.verifyingContract().toHex());
    json.put("separator", DOMAIN.separator().toHex());
    return json;
  }

  private static SparseMerkleTree newTree() {
    return new SparseMerkleTree(new TreeNodeStore(new InMemoryKeyValueStore()), Bytes32.ZERO);
  }

  private static RecordSigner signer(long seed) {
    return RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(0x5100_0000L + seed));
  }

  private static SignedRecord withSignature(SignedRecord signed, BigInteger r, BigInteger s, int v) {
    return new SignedRecord(signed.record(), Signature.of(r, s, v));
  }

  private static Record randomRecord(Random random) {
    String stream = "r/" + random.nextInt(1000);
    return switch (random.nextInt(4)) {
      case 0 -> Record.put(random.nextInt(100), stream, randomBytes(random, 1 + random.nextInt(32)), randomBytes(random, random.nextInt(200)));
      case 1 -> Record.delete(random.nextInt(100), stream, randomBytes(random, 1 + random.nextInt(32)));
      case 2 -> Record.grant(random.nextInt(100), stream, Address.wrap(randomBytes(random, 20)));
      default -> Record.revoke(random.nextInt(100), stream, Address.wrap(randomBytes(random, 20)));
    };
  }

  private static Bytes32 key(int fill) {
    return Bytes32.wrap(filled(32, fill));
  }

  /** A key starting with the given bits, the rest zero except a final one bit for uniqueness. */
  private static Bytes32 keyWithBits(String bits) {
    byte[] key = new byte[32];
    for (int i = 0; i < bits.length(); i++) {
      if (bits.charAt(i) == '1') {
        key[i / 8] |= (byte) (0x80 >>> (i % 8));
      }
    }
    key[31] |= 0x01;
    return Bytes32.wrap(key);
  }

  private static Bytes32 keyWithLastBitFlipped(Bytes32 key) {
    byte[] bytes = key.toArray();
    bytes[31] ^= 0x01;
    return Bytes32.wrap(bytes);
  }

  private static Bytes32 randomKey(Random random) {
    return Bytes32.wrap(randomBytes(random, 32));
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    java.util.Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException("vector generation found a disagreement: " + message);
    }
  }

  static Bytes32 entryKey(String stream, String key) {
    return StateKeys.entry(bytes(stream), bytes(key));
  }
}
