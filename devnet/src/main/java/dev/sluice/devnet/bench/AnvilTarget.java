package dev.sluice.devnet.bench;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.L1Client;
import dev.sluice.state.Address;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The alternative a user would otherwise pick for ordered, signed, verifiable records: every record
 * is a transaction to {@code DataRegistry} on an Anvil node that mines each transaction as it
 * arrives (automine), reached through its JSON-RPC over HTTP with web3j, one connection per
 * gateway.
 *
 * <p>Transactions are EIP-1559, signed off the clock with the gateway's key (the same key that
 * signs its Sluice records). The acknowledgement is the answer of {@code
 * eth_sendRawTransactionSync} (EIP-7966), which Anvil gives once the transaction is mined: the
 * receipt, in one round trip, with no polling delay counted against Anvil. Anvil keeps its chain in
 * memory, so that receipt is not durable; Sluice's acknowledgement is.
 */
final class AnvilTarget implements BenchTarget {
  /** DataRegistry's artifact, packaged by l1-contracts beside SluiceRollup.json. */
  static final String ARTIFACT = "dev/sluice/contracts/DataRegistry.json";

  private static final Pattern BYTECODE =
      Pattern.compile("\"bytecode\"\\s*:\\s*\"(0x[0-9a-fA-F]+)\"");
  private static final BigInteger APPEND_GAS = BigInteger.valueOf(200_000);
  private static final BigInteger GRANT_GAS = BigInteger.valueOf(100_000);
  private static final BigInteger TIP = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger MAX_FEE = BigInteger.valueOf(100_000_000_000L);
  private static final BigInteger FUNDING = BigInteger.TEN.pow(24);

  private final Path binary;
  private final List<String> arguments;
  private final List<GatewayKey> keys;
  private final boolean freshChainPerRun;
  private final boolean[] checked;
  private final LongAdder gasUsed = new LongAdder();
  private final LongAdder receipts = new LongAdder();
  private final LongAdder transactionBytes = new LongAdder();
  private final Set<PayloadSource> setUp = new LinkedHashSet<>();

  // The running chain; replaced by a fresh one before each run when freshChainPerRun.
  private AnvilProcess anvil;
  private Address registry;
  private long chainId;
  private final List<HttpService> connections = new ArrayList<>();
  private final List<Web3j> clients = new ArrayList<>();

  private AnvilTarget(
      Path binary, List<String> arguments, List<GatewayKey> keys, boolean freshChainPerRun) {
    this.binary = binary;
    this.arguments = List.copyOf(arguments);
    this.keys = keys;
    this.freshChainPerRun = freshChainPerRun;
    this.checked = new boolean[keys.size()];
  }

  /**
   * Starts Anvil (from {@code l1-contracts/node_modules} under {@code repository}, or on the PATH),
   * deploys DataRegistry and funds the gateways.
   *
   * @param freshChainPerRun whether every run gets a new chain (see {@link #prepare}): Anvil slows
   *     down as its chain grows, so this measures it at its best
   */
  static AnvilTarget start(
      Path repository, List<String> anvilArguments, List<GatewayKey> keys, boolean freshChainPerRun)
      throws IOException {
    AnvilTarget target =
        new AnvilTarget(
            AnvilProcess.findBinary(repository), anvilArguments, keys, freshChainPerRun);
    target.launch();
    return target;
  }

  private void launch() throws IOException {
    anvil = AnvilProcess.start(binary, arguments, AnvilProcess.DEFAULT_START_TIMEOUT);
    try (L1Client deployer =
        L1Client.connect(anvil.rpcUrl(), AnvilProcess.DEV_KEYS.get(0), Duration.ofSeconds(30))) {
      registry = deployer.deploy(bytecode()).contractAddress().orElseThrow();
      chainId = deployer.chainId();
      for (int c = 0; c < keys.size(); c++) {
        HttpService service = new HttpService(anvil.rpcUrl());
        connections.add(service);
        clients.add(Web3j.build(service));
      }
      fund();
      for (PayloadSource source : setUp) {
        createStreams(source);
      }
    } catch (RuntimeException | IOException e) {
      stop();
      throw e;
    }
  }

  private void stop() {
    clients.forEach(Web3j::shutdown);
    clients.clear();
    connections.clear();
    if (anvil != null) {
      anvil.close();
    }
  }

  static byte[] bytecode() throws IOException {
    try (InputStream in = AnvilTarget.class.getClassLoader().getResourceAsStream(ARTIFACT)) {
      if (in == null) {
        throw new IllegalStateException(
            ARTIFACT + " is not on the classpath: the sluice-l1-contracts jar is missing");
      }
      Matcher bytecode = BYTECODE.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      if (!bytecode.find()) {
        throw new IllegalStateException(ARTIFACT + " has no bytecode");
      }
      return Numeric.hexStringToByteArray(bytecode.group(1));
    }
  }

  private void fund() throws IOException {
    for (GatewayKey key : keys) {
      checked(
          new Request<>(
                  "anvil_setBalance",
                  List.of(key.address().toHex(), Numeric.toHexStringWithPrefix(FUNDING)),
                  connections.get(0),
                  VoidResponse.class)
              .send(),
          "anvil_setBalance");
    }
  }

  @Override
  public String name() {
    return "anvil";
  }

  @Override
  public String acknowledgement() {
    return "eth_sendRawTransactionSync answer: the transaction is mined (automine, one block per"
        + " transaction) and its receipt returned; Anvil's chain is in memory, not durable"
        + (freshChainPerRun
            ? "; every run starts on a fresh chain (Anvil slows down as its chain grows)"
            : "");
  }

  @Override
  public int clients() {
    return keys.size();
  }

  Address registry() {
    return registry;
  }

  String rpcUrl() {
    return anvil.rpcUrl();
  }

  /** Gas used by the acknowledged transactions so far, and their count and signed bytes. */
  long gasUsed() {
    return gasUsed.sum();
  }

  long receipts() {
    return receipts.sum();
  }

  long transactionBytes() {
    return transactionBytes.sum();
  }

  @Override
  public void setUp(PayloadSource source) throws IOException {
    if (source.layout() == PayloadSource.Layout.HOT_STREAM && setUp.add(source)) {
      createStreams(source);
    }
  }

  private void createStreams(PayloadSource source) throws IOException {
    String stream = source.streamOf(0);
    long nonce = nonce(0);
    send(
        0,
        sign(0, nonce++, RegistryCalls.append(stream, new byte[] {0}, new byte[] {0}), APPEND_GAS));
    for (int c = 1; c < keys.size(); c++) {
      send(0, sign(0, nonce++, RegistryCalls.grant(stream, keys.get(c).address()), GRANT_GAS));
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>With a fresh chain per run, this first replaces Anvil by a new one (DataRegistry deployed,
   * gateways funded, hot stream created again), off the clock.
   */
  @Override
  public PreparedRun prepare(List<List<Payload>> payloads) throws IOException {
    if (freshChainPerRun) {
      stop();
      launch();
    }
    return PreparedRun.signedInParallel(payloads, this::signAll, this::send);
  }

  private List<byte[]> signAll(int client, List<Payload> payloads) {
    try {
      long nonce = nonce(client);
      List<byte[]> out = new ArrayList<>(payloads.size());
      for (Payload p : payloads) {
        out.add(
            sign(
                client, nonce++, RegistryCalls.append(p.stream(), p.key(), p.value()), APPEND_GAS));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long nonce(int client) throws IOException {
    return checked(
            clients
                .get(client)
                .ethGetTransactionCount(
                    keys.get(client).address().toHex(), DefaultBlockParameterName.PENDING)
                .send(),
            "eth_getTransactionCount")
        .getTransactionCount()
        .longValueExact();
  }

  /** Signs an EIP-1559 call of {@code data} to the registry, natively (see {@link GatewayKey}). */
  private byte[] sign(int client, long nonce, byte[] data, BigInteger gasLimit) {
    RawTransaction transaction =
        RawTransaction.createTransaction(
            chainId,
            BigInteger.valueOf(nonce),
            gasLimit,
            registry.toHex(),
            BigInteger.ZERO,
            Numeric.toHexString(data),
            TIP,
            MAX_FEE);
    GatewayKey key = keys.get(client);
    byte[] digest = Hash.sha3(TransactionEncoder.encode(transaction));
    byte[] rsv = key.sign(digest);
    Sign.SignatureData signature =
        new Sign.SignatureData(
            (byte) (27 + rsv[64]), Arrays.copyOfRange(rsv, 0, 32), Arrays.copyOfRange(rsv, 32, 64));
    byte[] signed = TransactionEncoder.encode(transaction, signature);
    if (!checked[client]) {
      // Once per key: the native signature must be the one web3j itself would make.
      byte[] reference =
          TransactionEncoder.signMessage(
              transaction, chainId, Credentials.create(key.privateKey().toString(16)));
      if (!Arrays.equals(reference, signed)) {
        throw new IllegalStateException(
            "libsecp256k1 and web3j sign differently for "
                + key.address()
                + ": "
                + HexFormat.of().formatHex(signed)
                + " vs "
                + HexFormat.of().formatHex(reference));
      }
      checked[client] = true;
    }
    return signed;
  }

  private void send(int client, byte[] signedTransaction) throws IOException {
    EthGetTransactionReceipt response =
        new Request<>(
                "eth_sendRawTransactionSync",
                List.of(Numeric.toHexString(signedTransaction)),
                (Web3jService) connections.get(client),
                EthGetTransactionReceipt.class)
            .send();
    TransactionReceipt receipt =
        checked(response, "eth_sendRawTransactionSync")
            .getTransactionReceipt()
            .orElseThrow(() -> new IOException("eth_sendRawTransactionSync answered no receipt"));
    if (!receipt.isStatusOK()) {
      throw new IOException("transaction " + receipt.getTransactionHash() + " reverted");
    }
    gasUsed.add(receipt.getGasUsed().longValueExact());
    receipts.increment();
    transactionBytes.add(signedTransaction.length);
  }

  private static <T extends Response<?>> T checked(T response, String method) throws IOException {
    if (response.hasError()) {
      throw new IOException(method + " failed: " + response.getError().getMessage());
    }
    return response;
  }

  @Override
  public void close() {
    stop();
  }
}
