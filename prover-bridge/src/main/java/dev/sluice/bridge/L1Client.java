package dev.sluice.bridge;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
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
  private final Address address;
  private final long chainId;
  private final RawTransactionManager transactions;
  private final PollingTransactionReceiptProcessor receipts;

  private L1Client(Web3j web3j, Credentials credentials, long chainId, Duration receiptTimeout) {
    this.web3j = web3j;
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
    Web3j web3j = Web3j.build(new HttpService(rpcUrl));
    try {
      long chainId =
          checked(web3j.ethChainId().send(), "eth_chainId").getChainId().longValueExact();
      Credentials credentials = Credentials.create(ECKeyPair.create(privateKey));
      return new L1Client(web3j, credentials, chainId, receiptTimeout);
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
    Transaction call =
        Transaction.createEthCallTransaction(
            address.toHex(), to.toHex(), Numeric.toHexString(data));
    try {
      Response<String> response = web3j.ethCall(call, DefaultBlockParameterName.LATEST).send();
      throwIfReverted(response, "call to " + to);
      return Numeric.hexStringToByteArray(checked(response, "eth_call").getResult());
    } catch (IOException e) {
      throw new L1Exception("eth_call to " + to + " failed", e);
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
