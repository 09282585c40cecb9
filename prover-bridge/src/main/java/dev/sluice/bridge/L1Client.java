package dev.sluice.bridge;

import dev.sluice.bridge.l1.L1Block;
import dev.sluice.bridge.l1.MinedTransaction;
import dev.sluice.bridge.l1.SignedTransaction;
import dev.sluice.bridge.l1.TransactionFees;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.web3j.crypto.Blob;
import org.web3j.crypto.BlobUtils;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.EthTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * One account on one L1 JSON-RPC endpoint: sends its transactions and makes calls, in Sluice's
 * types. web3j stays behind this class.
 *
 * <p>A transaction is first estimated, so that one the EVM would revert fails here with its revert
 * payload ({@link L1RevertedException}) instead of being mined as a failure that costs gas and says
 * nothing. It is then sent as an EIP-1559 transaction with a fifth more gas than the estimate, and
 * its receipt is awaited for at most the timeout given to {@link #connect}.
 *
 * <p>Nonces come from the node's count of the account's pending transactions, so one account must
 * not send from two clients, or two threads, at once.
 */
public final class L1Client implements AutoCloseable {
  private static final Duration RECEIPT_POLL_INTERVAL = Duration.ofMillis(50);

  /** JSON-RPC error code of {@code eth_call} and {@code eth_estimateGas} for a revert. */
  private static final int EXECUTION_REVERTED = 3;

  private final Web3j web3j;
  private final HttpService service;
  private final Credentials credentials;
  private final Address address;
  private final long chainId;
  private final RawTransactionManager transactions;
  private final PollingTransactionReceiptProcessor receipts;

  private L1Client(
      Web3j web3j,
      HttpService service,
      Credentials credentials,
      long chainId,
      Duration receiptTimeout) {
    this.web3j = web3j;
    this.service = service;
    this.credentials = credentials;
    this.address = Address.fromHex(credentials.getAddress());
    this.chainId = chainId;
    this.transactions = new RawTransactionManager(web3j, credentials, chainId);
    int attempts = (int) Math.max(1, receiptTimeout.toMillis() / RECEIPT_POLL_INTERVAL.toMillis());
    this.receipts =
        new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_INTERVAL.toMillis(), attempts);
  }

  /**
   * Connects to {@code rpcUrl} as the account of {@code privateKey} and reads the chain id.
   *
   * @param receiptTimeout how long a transaction may take to be mined before {@link L1Exception}
   * @throws L1Exception if the endpoint cannot be reached
   */
  public static L1Client connect(String rpcUrl, BigInteger privateKey, Duration receiptTimeout) {
    HttpService service = new HttpService(rpcUrl);
    Web3j web3j = Web3j.build(service);
    try {
      long chainId =
          checked(web3j.ethChainId().send(), "eth_chainId").getChainId().longValueExact();
      Credentials credentials = Credentials.create(ECKeyPair.create(privateKey));
      return new L1Client(web3j, service, credentials, chainId, receiptTimeout);
    } catch (IOException | RuntimeException e) {
      web3j.shutdown();
      throw e instanceof L1Exception l1 ? l1 : new L1Exception("cannot reach " + rpcUrl, e);
    }
  }

  /** The account this client sends from. */
  public Address address() {
    return address;
  }

  /** The L1 chain id, part of every signed transaction. */
  public long chainId() {
    return chainId;
  }

  /** The balance of {@code account} at the latest block, in wei. */
  public BigInteger balanceOf(Address account) {
    try {
      return checked(
              web3j.ethGetBalance(account.toHex(), DefaultBlockParameterName.LATEST).send(),
              "eth_getBalance")
          .getBalance();
    } catch (IOException e) {
      throw new L1Exception("eth_getBalance failed", e);
    }
  }

  /**
   * Deploys {@code initCode} (creation code followed by the ABI-encoded constructor arguments).
   *
   * @return the receipt, whose {@link L1Receipt#contractAddress()} is present
   * @throws L1RevertedException if the constructor reverts
   */
  public L1Receipt deploy(byte[] initCode) {
    L1Receipt receipt = transact(null, initCode, BigInteger.ZERO);
    if (receipt.contractAddress().isEmpty()) {
      throw new L1Exception(
          "deployment " + receipt.transactionHash() + " was mined without a contract address");
    }
    return receipt;
  }

  /**
   * Sends {@code data} with {@code value} wei to {@code to} and waits for the receipt.
   *
   * @throws L1RevertedException if the transaction would revert, or reverted once mined
   * @throws L1Exception if the node refuses it or it is not mined in time
   */
  public L1Receipt send(Address to, byte[] data, BigInteger value) {
    return transact(Objects.requireNonNull(to, "to"), data, value);
  }

  /**
   * Calls {@code to} with {@code data} at the latest block, from this account, without a
   * transaction.
   *
   * @return the call's return data
   * @throws L1RevertedException if the call reverts
   */
  public byte[] call(Address to, byte[] data) {
    return call(to, data, DefaultBlockParameterName.LATEST);
  }

  /**
   * As {@link #call(Address, byte[])}, at block {@code blockNumber}: several calls at one block
   * read one consistent state while new blocks arrive.
   */
  public byte[] callAt(Address to, byte[] data, long blockNumber) {
    return call(to, data, DefaultBlockParameter.valueOf(BigInteger.valueOf(blockNumber)));
  }

  private byte[] call(Address to, byte[] data, DefaultBlockParameter block) {
    Transaction call =
        Transaction.createEthCallTransaction(
            address.toHex(), to.toHex(), Numeric.toHexString(data));
    try {
      Response<String> response = web3j.ethCall(call, block).send();
      throwIfReverted(response, "call to " + to);
      return Numeric.hexStringToByteArray(checked(response, "eth_call").getResult());
    } catch (IOException e) {
      throw new L1Exception("eth_call to " + to + " failed", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Lower-level access for callers that manage their own transactions (the batch poster): nonces,
  // fees, signing, broadcasting and receipts, each one request.
  // ---------------------------------------------------------------------------------------------

  /** The latest block. */
  public L1Block latestBlock() {
    return block(DefaultBlockParameterName.LATEST)
        .orElseThrow(() -> new L1Exception("the node has no latest block"));
  }

  /** Block {@code number} of the node's canonical chain, if the chain is that long. */
  public Optional<L1Block> blockAt(long number) {
    return block(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)));
  }

  /** The blob base fee the next block charges ({@code eth_blobBaseFee}), in wei per blob gas. */
  public BigInteger blobBaseFee() {
    try {
      return checked(web3j.ethBlobBaseFee().send(), "eth_blobBaseFee").getBaseFeePerBlobGas();
    } catch (IOException e) {
      throw new L1Exception("eth_blobBaseFee failed", e);
    }
  }

  /** The node's suggestion for the tip ({@code eth_maxPriorityFeePerGas}), in wei per gas. */
  public BigInteger suggestedPriorityFee() {
    try {
      return checked(web3j.ethMaxPriorityFeePerGas().send(), "eth_maxPriorityFeePerGas")
          .getMaxPriorityFeePerGas();
    } catch (IOException e) {
      throw new L1Exception("eth_maxPriorityFeePerGas failed", e);
    }
  }

  /**
   * The number of this account's transactions in the latest block ({@code pending = false}), or
   * with those the node holds in its pool ({@code pending = true}): the next nonce either way.
   */
  public long transactionCount(boolean pending) {
    try {
      return checked(
              web3j
                  .ethGetTransactionCount(
                      address.toHex(),
                      pending
                          ? DefaultBlockParameterName.PENDING
                          : DefaultBlockParameterName.LATEST)
                  .send(),
              "eth_getTransactionCount")
          .getTransactionCount()
          .longValueExact();
    } catch (IOException e) {
      throw new L1Exception("eth_getTransactionCount failed", e);
    }
  }

  /**
   * The gas a call of {@code to} with {@code data} from this account would use now.
   *
   * @throws L1RevertedException if the call would revert
   */
  public long estimateGas(Address to, byte[] data) {
    try {
      return estimateGas(to, Numeric.toHexString(data), BigInteger.ZERO, "call to " + to)
          .longValueExact();
    } catch (IOException e) {
      throw new L1Exception("eth_estimateGas failed", e);
    }
  }

  /** Signs an EIP-1559 call of {@code to} with {@code data}, without sending it. */
  public SignedTransaction signCall(
      long nonce, TransactionFees fees, long gasLimit, Address to, byte[] data) {
    RawTransaction raw =
        RawTransaction.createTransaction(
            chainId,
            BigInteger.valueOf(nonce),
            BigInteger.valueOf(gasLimit),
            to.toHex(),
            BigInteger.ZERO,
            Numeric.toHexString(data),
            fees.maxPriorityFeePerGas(),
            fees.maxFeePerGas());
    byte[] signed = TransactionEncoder.signMessage(raw, credentials);
    return new SignedTransaction(Keccak.hash32(signed), signed, nonce, fees, gasLimit, List.of());
  }

  /**
   * Signs an EIP-4844 call of {@code to} with {@code data} that carries {@code blobs} (each {@value
   * #BLOB_SIZE} bytes, every 32-byte field element below the BLS modulus), without sending it.
   * Computes the KZG commitments and the proofs: EIP-7594 cell proofs when {@code cellProofs}
   * (Osaka and later), else one EIP-4844 blob proof per blob. The first commitment in a JVM loads
   * the trusted setup, which takes a few seconds.
   */
  public SignedTransaction signBlobCall(
      long nonce,
      TransactionFees fees,
      long gasLimit,
      Address to,
      byte[] data,
      List<byte[]> blobs,
      boolean cellProofs) {
    if (blobs.isEmpty()) {
      throw new IllegalArgumentException("a blob transaction needs at least one blob");
    }
    List<Blob> wrapped = new java.util.ArrayList<>(blobs.size());
    for (byte[] blob : blobs) {
      if (blob.length != BLOB_SIZE) {
        throw new IllegalArgumentException("a blob is " + BLOB_SIZE + " bytes, got " + blob.length);
      }
      wrapped.add(new Blob(blob));
    }
    List<Bytes> versionedHashes =
        wrapped.stream()
            .map(b -> BlobUtils.kzgToVersionedHash(BlobUtils.getCommitment(b)))
            .toList();
    BigInteger n = BigInteger.valueOf(nonce);
    BigInteger gas = BigInteger.valueOf(gasLimit);
    String input = Numeric.toHexString(data);
    // Only the sidecar's proofs depend on the fork: per cell from Osaka on, else per blob.
    BlobTransactionFactory withSidecar =
        cellProofs ? RawTransaction::createEip7594Transaction : RawTransaction::createTransaction;
    RawTransaction network =
        withSidecar.create(
            wrapped,
            chainId,
            n,
            fees.maxPriorityFeePerGas(),
            fees.maxFeePerGas(),
            gas,
            to.toHex(),
            BigInteger.ZERO,
            input,
            fees.maxFeePerBlobGas());
    // The hash covers the transaction without its sidecar; the signature is deterministic
    // (RFC 6979), so the bare and the network form carry the same one.
    RawTransaction bare =
        RawTransaction.createTransaction(
            chainId,
            n,
            fees.maxPriorityFeePerGas(),
            fees.maxFeePerGas(),
            gas,
            to.toHex(),
            BigInteger.ZERO,
            input,
            fees.maxFeePerBlobGas(),
            versionedHashes);
    Bytes32 hash = Keccak.hash32(TransactionEncoder.signMessage(bare, credentials));
    byte[] signed = TransactionEncoder.signMessage(network, credentials);
    return new SignedTransaction(
        hash,
        signed,
        nonce,
        fees,
        gasLimit,
        versionedHashes.stream().map(v -> Bytes32.wrap(v.toArrayUnsafe(), 0)).toList());
  }

  /**
   * web3j's blob transaction factories, {@code RawTransaction.createTransaction} (EIP-4844 blob
   * proofs) and {@code RawTransaction.createEip7594Transaction} (cell proofs), which take the same
   * parameters.
   */
  @FunctionalInterface
  private interface BlobTransactionFactory {
    RawTransaction create(
        List<Blob> blobs,
        long chainId,
        BigInteger nonce,
        BigInteger maxPriorityFeePerGas,
        BigInteger maxFeePerGas,
        BigInteger gasLimit,
        String to,
        BigInteger value,
        String data,
        BigInteger maxFeePerBlobGas);
  }

  /**
   * The EIP-4844 versioned hashes of {@code blobs}: {@code 0x01 ‖ sha256(commitment)[1..]}, which
   * the transaction carries and {@code blobhash} returns.
   */
  public static List<Bytes32> blobVersionedHashes(List<byte[]> blobs) {
    return blobs.stream()
        .map(blob -> BlobUtils.kzgToVersionedHash(BlobUtils.getCommitment(new Blob(blob))))
        .map(hash -> Bytes32.wrap(hash.toArrayUnsafe(), 0))
        .toList();
  }

  /** The size of one blob in bytes. */
  public static final int BLOB_SIZE = 131_072;

  /**
   * Broadcasts {@code transaction}. A node that already has it answers with an error that this
   * treats as success: broadcasting again after a restart or an outage is always safe.
   *
   * @throws L1Exception if the node refuses it for another reason (nonce too low, fee too low for a
   *     replacement, ...), with the node's message
   */
  public void broadcast(SignedTransaction transaction) {
    try {
      EthSendTransaction sent =
          web3j.ethSendRawTransaction(Numeric.toHexString(transaction.raw())).send();
      if (sent.hasError()) {
        String message = String.valueOf(sent.getError().getMessage());
        if (message.toLowerCase(java.util.Locale.ROOT).contains("already known")
            || message.toLowerCase(java.util.Locale.ROOT).contains("already imported")) {
          return;
        }
        throw new L1Exception(
            "eth_sendRawTransaction of " + transaction.hash() + " refused: " + message);
      }
    } catch (IOException e) {
      throw new L1Exception("eth_sendRawTransaction of " + transaction.hash() + " failed", e);
    }
  }

  /** The transaction {@code hash} if it is in a block of the node's canonical chain. */
  public Optional<MinedTransaction> minedTransaction(Bytes32 hash) {
    try {
      Optional<TransactionReceipt> found =
          checked(web3j.ethGetTransactionReceipt(hash.toHex()).send(), "eth_getTransactionReceipt")
              .getTransactionReceipt();
      if (found.isEmpty() || found.get().getBlockHash() == null) {
        return Optional.empty();
      }
      TransactionReceipt receipt = found.get();
      return Optional.of(
          new MinedTransaction(
              toReceipt(receipt),
              Bytes32.fromHex(receipt.getBlockHash()),
              receipt.isStatusOK(),
              receipt.getBlobGasUsed() == null
                  ? 0
                  : Numeric.decodeQuantity(receipt.getBlobGasUsed()).longValueExact(),
              receipt.getBlobGasPrice() == null
                  ? BigInteger.ZERO
                  : Numeric.decodeQuantity(receipt.getBlobGasPrice())));
    } catch (IOException e) {
      throw new L1Exception("eth_getTransactionReceipt of " + hash + " failed", e);
    }
  }

  /** Whether the node knows transaction {@code hash}, pending or mined. */
  public boolean knowsTransaction(Bytes32 hash) {
    return transactionInput(hash).isPresent();
  }

  /** The input (calldata) of transaction {@code hash}, if the node knows it. */
  public Optional<byte[]> transactionInput(Bytes32 hash) {
    try {
      EthTransaction response =
          checked(web3j.ethGetTransactionByHash(hash.toHex()).send(), "eth_getTransactionByHash");
      return response.getTransaction().map(tx -> Numeric.hexStringToByteArray(tx.getInput()));
    } catch (IOException e) {
      throw new L1Exception("eth_getTransactionByHash of " + hash + " failed", e);
    }
  }

  /**
   * Sends a JSON-RPC request the typed methods do not cover (a node's own methods, such as Anvil's
   * {@code anvil_*} and {@code evm_*}), and returns its result as web3j parsed it (strings,
   * numbers, lists and maps).
   *
   * @throws L1Exception if the node answers with an error
   */
  public Object request(String method, List<?> params) {
    try {
      @SuppressWarnings({"unchecked", "rawtypes"})
      Request<?, ObjectResponse> request =
          new Request<>(method, (List) params, service, ObjectResponse.class);
      return checked(request.send(), method).getResult();
    } catch (IOException e) {
      throw new L1Exception(method + " failed", e);
    }
  }

  /** A response whose result is any JSON value. */
  public static final class ObjectResponse extends Response<Object> {}

  private Optional<L1Block> block(DefaultBlockParameter which) {
    try {
      EthBlock.Block block =
          checked(web3j.ethGetBlockByNumber(which, false).send(), "eth_getBlockByNumber")
              .getBlock();
      if (block == null) {
        return Optional.empty();
      }
      return Optional.of(
          new L1Block(
              block.getNumber().longValueExact(),
              Bytes32.fromHex(block.getHash()),
              block.getTimestamp().longValueExact(),
              block.getBaseFeePerGas() == null ? BigInteger.ZERO : block.getBaseFeePerGas()));
    } catch (IOException e) {
      throw new L1Exception("eth_getBlockByNumber failed", e);
    }
  }

  @Override
  public void close() {
    web3j.shutdown();
  }

  /** Estimates, signs, sends and awaits one transaction; {@code to} is null for a deployment. */
  private L1Receipt transact(Address to, byte[] data, BigInteger value) {
    String input = Numeric.toHexString(data);
    String target = to == null ? "" : to.toHex();
    String what = to == null ? "deployment" : "transaction to " + to;
    try {
      BigInteger estimate = estimateGas(to, input, value, what);
      BigInteger gasLimit = estimate.add(estimate.divide(BigInteger.valueOf(5)));
      BigInteger tip =
          checked(web3j.ethMaxPriorityFeePerGas().send(), "eth_maxPriorityFeePerGas")
              .getMaxPriorityFeePerGas();
      EthBlock.Block latest =
          checked(
                  web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send(),
                  "eth_getBlockByNumber")
              .getBlock();
      // Twice the base fee keeps the transaction includable through several full blocks.
      BigInteger maxFee = latest.getBaseFeePerGas().shiftLeft(1).add(tip);
      EthSendTransaction sent =
          transactions.sendEIP1559Transaction(
              chainId, tip, maxFee, gasLimit, target, input, value, to == null);
      throwIfReverted(sent, what);
      checked(sent, "eth_sendRawTransaction");
      TransactionReceipt receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
      if (!receipt.isStatusOK()) {
        throw new L1RevertedException(
            what + " " + receipt.getTransactionHash() + " reverted once mined", new byte[0]);
      }
      return toReceipt(receipt);
    } catch (IOException e) {
      throw new L1Exception(what + " failed", e);
    } catch (TransactionException e) {
      throw new L1Exception(what + " was not mined in time", e);
    }
  }

  private BigInteger estimateGas(Address to, String input, BigInteger value, String what)
      throws IOException {
    Transaction request =
        to == null
            ? Transaction.createContractTransaction(address.toHex(), null, null, null, value, input)
            : Transaction.createFunctionCallTransaction(
                address.toHex(), null, null, null, to.toHex(), value, input);
    var response = web3j.ethEstimateGas(request).send();
    throwIfReverted(response, what);
    return checked(response, "eth_estimateGas").getAmountUsed();
  }

  private static void throwIfReverted(Response<?> response, String what) {
    Response.Error error = response.getError();
    if (error == null) {
      return;
    }
    String message = error.getMessage() == null ? "" : error.getMessage();
    if (error.getCode() == EXECUTION_REVERTED || message.contains("revert")) {
      throw new L1RevertedException(
          what + " reverts (" + message + ")", revertData(error.getData()));
    }
  }

  /**
   * The revert payload in an error's {@code data}, which web3j keeps as raw JSON: a quoted hex
   * string from Anvil, Geth and Besu. Anything else (no data, another shape) gives no payload.
   */
  private static byte[] revertData(String rawJson) {
    if (rawJson == null) {
      return new byte[0];
    }
    String data = rawJson.strip();
    if (data.length() >= 2 && data.startsWith("\"") && data.endsWith("\"")) {
      data = data.substring(1, data.length() - 1);
    }
    if (!data.matches("0x([0-9a-fA-F]{2})*")) {
      return new byte[0];
    }
    return Numeric.hexStringToByteArray(data);
  }

  private static <R extends Response<?>> R checked(R response, String method) {
    if (response.hasError()) {
      Response.Error error = response.getError();
      throw new L1Exception(method + " failed: " + error.getCode() + " " + error.getMessage());
    }
    return response;
  }

  private static L1Receipt toReceipt(TransactionReceipt receipt) {
    List<L1Receipt.Log> logs =
        receipt.getLogs().stream()
            .map(
                log ->
                    new L1Receipt.Log(
                        Address.fromHex(log.getAddress()),
                        log.getTopics().stream().map(Bytes32::fromHex).toList(),
                        Numeric.hexStringToByteArray(log.getData())))
            .toList();
    String created = receipt.getContractAddress();
    String price = receipt.getEffectiveGasPrice();
    return new L1Receipt(
        Bytes32.fromHex(receipt.getTransactionHash()),
        receipt.getBlockNumber().longValueExact(),
        receipt.getGasUsed().longValueExact(),
        // Nodes before London leave it out; every node Sluice targets reports it.
        price == null ? BigInteger.ZERO : Numeric.decodeQuantity(price),
        created == null || created.isEmpty()
            ? Optional.empty()
            : Optional.of(Address.fromHex(created)),
        logs);
  }
}
