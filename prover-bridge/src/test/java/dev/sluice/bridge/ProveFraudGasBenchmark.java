package dev.sluice.bridge;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.stf.Status;
import dev.sluice.state.store.InMemoryKeyValueStore;
import dev.sluice.state.store.KeyValueStore;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * Transaction gas of {@code proveFraud} on a real Anvil with state proofs as deep as a large state
 * makes them: what a challenger pays to prove one wrong per-record root, per kind of record
 * (docs/benchmarks.md).
 *
 * <p>The state holds {@code entries} random leaves put straight into the tree rather than built
 * through the state transition function. The keys of the measured records are hashes like any
 * other, so only the number of leaves shapes their proofs, and a million leaves take a minute to
 * put instead of a million records to sign and apply.
 *
 * <p>The contract wants batch 0 to start from the empty state and checks only how batches link,
 * so batch 0 holds the setup records (a stream with entries and a granted writer) and claims to
 * lead from the empty state to the large state with them applied; nobody challenges it. Each case
 * is then a fresh batch 1 of {@code batchRecords} records, honest filler records and last the
 * case's record with a wrong claimed root. The challenger proves it, which reverts batch 1 and
 * takes the bond; the proposer bonds again and the next case starts over from batch 0's state, so
 * every case is measured against the same state.
 *
 * <p>The cases run twice, each time on a fresh Anvil. First under Anvil's default rules (Osaka or
 * later), whose EIP-7623 calldata floor a proof's mostly non-zero words easily reach: what a
 * challenger pays today. Then under Cancun, before the floor, where the transaction gas less the
 * standard intrinsic gas shows what the contract's execution costs, which the floor hides.
 *
 * <p>Run: {@code scripts/bench-gas [entries] [batchRecords]}. Not part of the test suite.
 */
public final class ProveFraudGasBenchmark {
  private static final long L2_CHAIN_ID = 4242;
  private static final BigInteger BOND = BigInteger.TEN.pow(18);
  private static final Duration WINDOW = Duration.ofDays(1);
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(60);
  private static final String STREAM = "iot/plant-7/pressure";

  /** Puts between two flushes while filling: bounds the unreachable nodes kept in memory. */
  private static final int FILL_CHECKPOINT = 50_000;

  /** Signers of the filler records, each writing readings to a stream of its own. */
  private static final int FILLER_SIGNERS = 16;

  private static final int FILLER_KEYS = 8;

  // The intrinsic gas of a call and its calldata (EIP-2028), and the EIP-7623 floor of Prague
  // and later: a transaction pays at least 10 gas per calldata token, a token being a zero byte
  // or a quarter of a non-zero one.
  private static final long TX_BASE_GAS = 21_000;
  private static final long STANDARD_GAS_PER_TOKEN = 4;
  private static final long FLOOR_GAS_PER_TOKEN = 10;

  private final int batchRecords;
  private final RollupContract asProposer;
  private final RollupContract asChallenger;
  private final FraudProofBuilder builder;
  private final TestSequencer sequencer;
  private final RecordSigner owner;
  private final RecordSigner writer;
  private final RecordSigner stranger;
  private final RecordSigner newWriter;
  private final List<RecordSigner> fillers = new ArrayList<>();

  private ProveFraudGasBenchmark(
      int batchRecords,
      RollupContract asProposer,
      RollupContract asChallenger,
      SparseMerkleTree largeState) {
    this.batchRecords = batchRecords;
    this.asProposer = asProposer;
    this.asChallenger = asChallenger;
    Eip712Domain domain = new Eip712Domain(L2_CHAIN_ID, asProposer.address());
    this.builder = new FraudProofBuilder(domain, SenderRecovery.fastestAvailable());
    this.sequencer = new TestSequencer(domain, largeState);
    this.owner = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0xA11CE1));
    this.writer = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0xA11CE2));
    this.stranger = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0xA11CE3));
    this.newWriter = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0xA11CE4));
    for (int i = 0; i < FILLER_SIGNERS; i++) {
      fillers.add(RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0xF111E0000L + i)));
    }
  }

  public static void main(String[] args) throws IOException {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int batchRecords = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    if (entries < 0 || batchRecords < 1) {
      throw new IllegalArgumentException("usage: [entries >= 0] [batchRecords >= 1]");
    }
    System.out.printf(
        Locale.ROOT,
        "proveFraud gas: %,d random state entries, batches of %,d records, %d cores, Java %s%n",
        entries, batchRecords, Runtime.getRuntime().availableProcessors(), Runtime.version());
    try (KeyValueStore store = new InMemoryKeyValueStore()) {
      SparseMerkleTree largeState = fill(store, entries);
      List<Measurement> current = runOnAnvil(List.of(), batchRecords, largeState);
      List<Measurement> beforeFloor =
          runOnAnvil(List.of("--hardfork", "cancun"), batchRecords, largeState);
      report(batchRecords, current, beforeFloor);
    }
  }

  /** Deploys a rollup on a new Anvil started with {@code anvilArguments} and measures every case. */
  private static List<Measurement> runOnAnvil(
      List<String> anvilArguments, int batchRecords, SparseMerkleTree largeState)
      throws IOException {
    Path binary = AnvilProcess.findBinary(Path.of(""));
    try (AnvilProcess anvil =
            AnvilProcess.start(binary, anvilArguments, AnvilProcess.DEFAULT_START_TIMEOUT);
        L1Client proposer =
            L1Client.connect(anvil.rpcUrl(), AnvilProcess.DEV_KEYS.get(0), RECEIPT_TIMEOUT);
        L1Client challenger =
            L1Client.connect(anvil.rpcUrl(), AnvilProcess.DEV_KEYS.get(1), RECEIPT_TIMEOUT)) {
      System.out.printf(
          Locale.ROOT,
          "anvil %s: hardfork %s%n",
          anvilArguments.isEmpty() ? "with its defaults" : String.join(" ", anvilArguments),
          hardfork(anvil));
      RollupContract asProposer =
          RollupContract.deploy(
              proposer, RollupArtifact.load(), proposer.address(), BOND, WINDOW, L2_CHAIN_ID);
      return new ProveFraudGasBenchmark(
              batchRecords, asProposer, asProposer.withClient(challenger), largeState)
          .run();
    }
  }

  /** The rules Anvil runs, as its {@code anvil_nodeInfo} names them. */
  private static String hardfork(AnvilProcess anvil) throws IOException {
    HttpService rpc = new HttpService(anvil.rpcUrl());
    try {
      NodeInfo info = new Request<>("anvil_nodeInfo", List.of(), rpc, NodeInfo.class).send();
      if (info.hasError() || info.getResult() == null) {
        return "unknown";
      }
      return String.valueOf(info.getResult().get("hardFork"));
    } finally {
      rpc.close();
    }
  }

  /** The response of {@code anvil_nodeInfo}, of which only the hardfork is read. */
  public static final class NodeInfo extends Response<Map<String, Object>> {}

  /** {@code entries} random 32-byte keys holding random 32-byte values, flushed to {@code store}. */
  private static SparseMerkleTree fill(KeyValueStore store, int entries) {
    SparseMerkleTree tree = new SparseMerkleTree(new TreeNodeStore(store), SmtHashing.EMPTY);
    Random random = new Random(1);
    long start = System.nanoTime();
    for (int i = 0; i < entries; i++) {
      tree.put(Bytes32.adopt(randomBytes(random, Bytes32.SIZE)), randomBytes(random, 32));
      if ((i + 1) % FILL_CHECKPOINT == 0) {
        checkpoint(store, tree);
      }
    }
    checkpoint(store, tree);
    System.out.printf(
        Locale.ROOT,
        "filled %,d entries in %.1f s, root %s%n",
        entries,
        (System.nanoTime() - start) / 1e9,
        tree.root());
    return tree;
  }

  private static void checkpoint(KeyValueStore store, SparseMerkleTree tree) {
    try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
      tree.flushTo(batch);
      batch.commit(false);
    }
  }

  // ----- the run -------------------------------------------------------------------------------

  /** A measured record: who signs it, what it is, and the outcome it must have. */
  private record Case(
      String name, boolean put, RecordSigner signer, LongFunction<Record> record, Status outcome) {}

  private record Measurement(
      Case kase,
      List<Integer> stateProofDepths,
      int batchProofDepth,
      int calldataBytes,
      long calldataTokens,
      long gasUsed) {

    long floorGas() {
      return TX_BASE_GAS + FLOOR_GAS_PER_TOKEN * calldataTokens;
    }

    /**
     * What the contract's execution cost, net of the refunds for the storage the revert clears:
     * the transaction's gas less its intrinsic part. Meaningless when the transaction paid the
     * calldata floor instead.
     */
    long netExecutionGas() {
      return gasUsed - TX_BASE_GAS - STANDARD_GAS_PER_TOKEN * calldataTokens;
    }

    boolean floorBinds() {
      return gasUsed <= floorGas();
    }
  }

  private List<Measurement> run() {
    TestSequencer.Sealed genesis = appendSetupBatch();
    List<Case> cases =
        List.of(
            new Case(
                "PUT of a new entry by the owner",
                true,
                owner,
                nonce -> Record.put(nonce, STREAM, bytes("p9"), bytes("1000")),
                Status.APPLIED),
            new Case(
                "PUT overwrite by the owner",
                true,
                owner,
                nonce -> Record.put(nonce, STREAM, bytes("p1"), bytes("1017")),
                Status.APPLIED),
            new Case(
                "PUT overwrite by a granted writer",
                true,
                writer,
                nonce -> Record.put(nonce, STREAM, bytes("p2"), bytes("1001")),
                Status.APPLIED),
            new Case(
                "PUT by a stranger (PERMISSION_DENIED)",
                true,
                stranger,
                nonce -> Record.put(nonce, STREAM, bytes("p1"), bytes("0")),
                Status.PERMISSION_DENIED),
            new Case(
                "PUT of a new 4 KiB value by the owner",
                true,
                owner,
                // Random, as compressed or encrypted payloads are: zeros would be cheaper calldata.
                nonce -> Record.put(nonce, STREAM, bytes("blob"), randomBytes(new Random(7), 4096)),
                Status.APPLIED),
            new Case(
                "DELETE by the owner",
                false,
                owner,
                nonce -> Record.delete(nonce, STREAM, bytes("p0")),
                Status.APPLIED),
            new Case(
                "GRANT",
                false,
                owner,
                nonce -> Record.grant(nonce, STREAM, newWriter.address()),
                Status.APPLIED),
            new Case(
                "REVOKE",
                false,
                owner,
                nonce -> Record.revoke(nonce, STREAM, writer.address()),
                Status.APPLIED));

    List<Measurement> measurements = new ArrayList<>();
    for (Case kase : cases) {
      measurements.add(measure(kase, genesis));
    }
    return measurements;
  }

  /**
   * Batch 0: the stream, its entries and a granted writer, plus accounts for the writer and the
   * stranger, applied on top of the large state; the batch claims the result from the empty state.
   */
  private TestSequencer.Sealed appendSetupBatch() {
    for (int i = 0; i < 4; i++) {
      byte[] key = bytes("p" + i);
      byte[] value = bytes("100" + i);
      submit(owner, nonce -> Record.put(nonce, STREAM, key, value), Status.APPLIED);
    }
    submit(owner, nonce -> Record.grant(nonce, STREAM, writer.address()), Status.APPLIED);
    submit(writer, nonce -> Record.put(nonce, STREAM, bytes("p4"), bytes("999")), Status.APPLIED);
    submit(
        stranger,
        nonce -> Record.put(nonce, "iot/elsewhere", bytes("x"), bytes("1")),
        Status.APPLIED);
    TestSequencer.Sealed genesis = sequencer.seal();
    bond();
    asProposer.appendBatch(genesis.header(), genesis.data());
    return genesis;
  }

  /**
   * Appends batch 1 with {@code kase}'s record last and wrong, proves it, and goes back to the
   * state after batch 0.
   */
  private Measurement measure(Case kase, TestSequencer.Sealed genesis) {
    for (int i = 0; i < batchRecords - 1; i++) {
      RecordSigner signer = fillers.get(i % FILLER_SIGNERS);
      String stream = "iot/filler-" + (i % FILLER_SIGNERS);
      byte[] key = bytes("sensor-" + (i / FILLER_SIGNERS % FILLER_KEYS));
      byte[] value = bytes(Integer.toString(1000 + i % 97));
      submit(signer, nonce -> Record.put(nonce, stream, key, value), Status.APPLIED);
    }
    submit(kase.signer(), kase.record(), kase.outcome());
    // The sequencer slips a write of its own in after the record, and claims that root for it.
    sequencer.tamper(state -> state.put(Keccak.hash32(bytes("not a record")), bytes("forged")));
    TestSequencer.Sealed batch = sequencer.seal();
    bond();
    asProposer.appendBatch(batch.header(), batch.data());

    SparseMerkleTree afterGenesis = sequencer.state().at(genesis.header().postStateRoot());
    FraudProof proof =
        builder
            .findFraud(batch.posted(), afterGenesis)
            .orElseThrow(() -> new IllegalStateException(kase.name() + ": no fraud found"));
    if (proof.recordIndex() != batchRecords - 1 || proof.status() != kase.outcome()) {
      throw new IllegalStateException(
          kase.name() + ": fraud found at record " + proof.recordIndex() + ", " + proof.status());
    }
    byte[] calldata = RollupAbi.proveFraud(batch.header(), proof);
    L1Receipt receipt = asChallenger.proveFraud(batch.header(), proof);
    if (asProposer.batchCount() != 1) {
      throw new IllegalStateException(kase.name() + ": batch 1 was not reverted");
    }
    sequencer.rewindTo(genesis.header());

    // A state proof's siblings: the depth of the accessed key's path in the tree.
    List<Integer> depths = proof.witness().stream().map(access -> access.proof().depth()).toList();
    return new Measurement(
        kase,
        depths,
        proof.recordProof().size(),
        calldata.length,
        tokens(calldata),
        receipt.gasUsed());
  }

  private void submit(RecordSigner signer, LongFunction<Record> record, Status expected) {
    Status status = sequencer.submit(signer, record);
    if (status != expected) {
      throw new IllegalStateException("a record was " + status + ", not " + expected);
    }
  }

  /** Tops the proposer's bond up to the minimum, which each proven fraud pays out. */
  private void bond() {
    BigInteger missing = BOND.subtract(asProposer.bond());
    if (missing.signum() > 0) {
      asProposer.depositBond(missing);
    }
  }

  // ----- report --------------------------------------------------------------------------------

  private static void report(
      int batchRecords, List<Measurement> current, List<Measurement> beforeFloor) {
    System.out.printf(
        Locale.ROOT,
        "%nbatch of %,d records, the measured one last: %d siblings per record and root proof%n%n",
        batchRecords,
        current.getFirst().batchProofDepth());
    System.out.println(
        "| case | status | accesses | siblings per access | calldata | transaction gas |"
            + " pays the floor | transaction gas, Cancun | execution gas, net |");
    System.out.println("| --- | --- | ---: | --- | ---: | ---: | --- | ---: | ---: |");
    for (int i = 0; i < current.size(); i++) {
      Measurement m = current.get(i);
      Measurement cancun = beforeFloor.get(i);
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %d | %s | %,d B | %,d | %s | %,d | %,d |%n",
          m.kase().name(),
          m.kase().outcome(),
          m.stateProofDepths().size(),
          m.stateProofDepths().stream().map(String::valueOf).collect(Collectors.joining(" ")),
          m.calldataBytes(),
          m.gasUsed(),
          m.floorBinds() ? "yes" : "no",
          cancun.gasUsed(),
          cancun.netExecutionGas());
    }
    List<Integer> depths =
        current.stream().flatMap(m -> m.stateProofDepths().stream()).sorted().toList();
    System.out.printf(
        Locale.ROOT,
        "%nstate proofs of %d to %d siblings%n"
            + "PUT (%d cases), transaction gas: median %,.0f, max %,d; under Cancun median %,.0f,"
            + " max %,d%n",
        depths.getFirst(),
        depths.getLast(),
        putGas(current).size(),
        median(putGas(current)),
        putGas(current).getLast(),
        median(putGas(beforeFloor)),
        putGas(beforeFloor).getLast());
    System.out.println(
        "pays the floor: the transaction paid the EIP-7623 floor of 10/40 gas per zero/non-zero"
            + " calldata byte, not 4/16 plus its execution; execution gas, net: the Cancun"
            + " transaction gas less 21,000 and 4/16 gas per zero/non-zero calldata byte, so after"
            + " the refunds of the storage the revert clears");
  }

  private static List<Long> putGas(List<Measurement> measurements) {
    return measurements.stream()
        .filter(m -> m.kase().put())
        .map(Measurement::gasUsed)
        .sorted()
        .toList();
  }

  private static double median(List<Long> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  /** EIP-7623 calldata tokens: one per zero byte, four per non-zero byte. */
  private static long tokens(byte[] calldata) {
    long tokens = 0;
    for (byte b : calldata) {
      tokens += b == 0 ? 1 : 4;
    }
    return tokens;
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
