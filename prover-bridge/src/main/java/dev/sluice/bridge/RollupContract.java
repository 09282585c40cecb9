package dev.sluice.bridge;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchHeader;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

/**
 * A deployed SluiceRollup contract, reached through one {@link L1Client}: deployment, the bond,
 * appending batches, proving fraud, finalising, and its state. Arguments and results are Sluice's
 * types; the ABI lives in {@link RollupAbi}, the transport in {@link L1Client}.
 *
 * <p>Every transaction is estimated first, so a call the contract would refuse throws {@link
 * L1RevertedException} without spending gas; {@link RollupError#of} names the refusal.
 */
public final class RollupContract {
  private final L1Client client;
  private final Address address;

  private RollupContract(L1Client client, Address address) {
    this.client = Objects.requireNonNull(client, "client");
    this.address = Objects.requireNonNull(address, "address");
  }

  /**
   * Deploys SluiceRollup from {@code client}'s account.
   *
   * @param proposer the only account allowed to append batches
   * @param minBond the bond the proposer must hold to append, in wei
   * @param challengeWindow how long after its append a batch can be proven fraudulent; whole
   *     seconds, at least one
   * @param l2ChainId the chain id records are signed for (their EIP-712 domain)
   */
  public static RollupContract deploy(
      L1Client client,
      RollupArtifact artifact,
      Address proposer,
      BigInteger minBond,
      Duration challengeWindow,
      long l2ChainId) {
    if (challengeWindow.toSeconds() < 1) {
      throw new IllegalArgumentException("the challenge window must be at least one second");
    }
    byte[] code = artifact.bytecode();
    byte[] arguments =
        RollupAbi.constructorArguments(
            proposer, minBond, BigInteger.valueOf(challengeWindow.toSeconds()), l2ChainId);
    byte[] initCode = new byte[code.length + arguments.length];
    System.arraycopy(code, 0, initCode, 0, code.length);
    System.arraycopy(arguments, 0, initCode, code.length, arguments.length);
    Address deployed = client.deploy(initCode).contractAddress().orElseThrow();
    return new RollupContract(client, deployed);
  }

  /** The contract at {@code address}, transacting from {@code client}'s account. */
  public static RollupContract at(L1Client client, Address address) {
    return new RollupContract(client, address);
  }

  /** The same contract, transacting from another account (a challenger, say). */
  public RollupContract withClient(L1Client other) {
    return new RollupContract(other, address);
  }

  /** The contract's address: the {@code verifyingContract} of the records' EIP-712 domain. */
  public Address address() {
    return address;
  }

  // ---------------------------------------------------------------------------------------------
  // Transactions
  // ---------------------------------------------------------------------------------------------

  /** Adds {@code amount} wei to the proposer's bond; anyone may fund it. */
  public L1Receipt depositBond(BigInteger amount) {
    return client.send(address, RollupAbi.call(RollupAbi.DEPOSIT_BOND), amount);
  }

  /**
   * Appends a batch whose data travels as this transaction's calldata; {@code header.dataHash()}
   * must be {@code keccak(data)}.
   */
  public L1Receipt appendBatch(BatchHeader header, byte[] data) {
    return client.send(address, RollupAbi.appendBatch(header, data), BigInteger.ZERO);
  }

  /**
   * The calldata of {@code appendBatch(header, data)}, for a caller that signs and sends its own
   * transactions (the batch poster).
   */
  public byte[] appendBatchCalldata(BatchHeader header, byte[] data) {
    return RollupAbi.appendBatch(header, data);
  }

  /**
   * The calldata of {@code appendBatchFromBlobs(header)}: the transaction must carry the blobs
   * whose versioned hashes hash to {@code header.dataHash()}.
   */
  public byte[] appendBatchFromBlobsCalldata(BatchHeader header) {
    return RollupAbi.appendBatchFromBlobs(header);
  }

  /** The calldata of {@code finalize(batchIndex)}. */
  public byte[] finalizeCalldata(long batchIndex) {
    return RollupAbi.call(RollupAbi.FINALIZE, batchIndex);
  }

  /** The client this binding transacts through. */
  public L1Client client() {
    return client;
  }

  /**
   * Proves that batch {@code header.index()} claims a wrong root for {@code proof}'s record. On
   * success the batch and every later one are reverted and the bond is paid to the sender.
   *
   * @throws L1RevertedException with {@link RollupError#NO_FRAUD} when the claim is right, and
   *     another error when the proof does not fit the batch or the batch cannot be challenged
   */
  public L1Receipt proveFraud(BatchHeader header, FraudProof proof) {
    return client.send(address, RollupAbi.proveFraud(header, proof), BigInteger.ZERO);
  }

  /** Finalises every batch up to {@code batchIndex}, whose challenge window must have passed. */
  public L1Receipt finalizeUpTo(long batchIndex) {
    return client.send(address, RollupAbi.call(RollupAbi.FINALIZE, batchIndex), BigInteger.ZERO);
  }

  // ---------------------------------------------------------------------------------------------
  // State, at the latest block
  // ---------------------------------------------------------------------------------------------

  /**
   * The contract's chain at one L1 block.
   *
   * @param blockNumber the block read at
   * @param batchCount the number of batches
   * @param headHeaderHash the head batch's header hash, zero without batches
   * @param finalizedCount the number of final batches
   * @param nextSequence the sequence number the next batch must start at
   */
  public record Head(
      long blockNumber,
      long batchCount,
      Bytes32 headHeaderHash,
      long finalizedCount,
      long nextSequence) {}

  /** The contract's chain as of block {@code blockNumber}, read consistently at that block. */
  public Head headAt(long blockNumber) {
    return new Head(
        blockNumber,
        RollupAbi.uint63(viewAt(RollupAbi.BATCH_COUNT, blockNumber), 0),
        RollupAbi.word(viewAt(RollupAbi.HEAD_HEADER_HASH, blockNumber), 0),
        RollupAbi.uint63(viewAt(RollupAbi.FINALIZED_COUNT, blockNumber), 0),
        RollupAbi.uint63(viewAt(RollupAbi.NEXT_SEQUENCE, blockNumber), 0));
  }

  /** What the contract keeps of an appended batch. */
  public record StoredBatch(Bytes32 headerHash, Bytes32 postStateRoot, long appendedAt) {}

  public Address proposer() {
    return RollupAbi.address(view(RollupAbi.PROPOSER), 0);
  }

  public BigInteger minBond() {
    return RollupAbi.uint(view(RollupAbi.MIN_BOND), 0);
  }

  public Duration challengeWindow() {
    return Duration.ofSeconds(RollupAbi.uint63(view(RollupAbi.CHALLENGE_WINDOW), 0));
  }

  public long l2ChainId() {
    return RollupAbi.uint63(view(RollupAbi.L2_CHAIN_ID), 0);
  }

  /** The L1 block the contract was created in, where reading its events can start. */
  public long deploymentBlock() {
    return RollupAbi.uint63(view(RollupAbi.DEPLOYMENT_BLOCK), 0);
  }

  /** The EIP-712 domain separator records must be signed under. */
  public Bytes32 domainSeparator() {
    return RollupAbi.word(view(RollupAbi.DOMAIN_SEPARATOR), 0);
  }

  /** The proposer's bond, in wei. */
  public BigInteger bond() {
    return RollupAbi.uint(view(RollupAbi.BOND), 0);
  }

  /** The number of batches in the chain; the head is batch {@code batchCount() − 1}. */
  public long batchCount() {
    return RollupAbi.uint63(view(RollupAbi.BATCH_COUNT), 0);
  }

  /** The number of final batches: batches {@code 0 … finalizedCount() − 1}. */
  public long finalizedCount() {
    return RollupAbi.uint63(view(RollupAbi.FINALIZED_COUNT), 0);
  }

  /** The sequence number the next batch must start at. */
  public long nextSequence() {
    return RollupAbi.uint63(view(RollupAbi.NEXT_SEQUENCE), 0);
  }

  /** The head batch's header hash; zero when the chain is empty. */
  public Bytes32 headHeaderHash() {
    return RollupAbi.word(view(RollupAbi.HEAD_HEADER_HASH), 0);
  }

  /**
   * Batch {@code index}.
   *
   * @throws L1RevertedException with {@link RollupError#UNKNOWN_BATCH} if it is not in the chain
   */
  public StoredBatch batch(long index) {
    byte[] result = client.call(address, RollupAbi.call(RollupAbi.GET_BATCH, index));
    return new StoredBatch(
        RollupAbi.word(result, 0), RollupAbi.word(result, 1), RollupAbi.uint63(result, 2));
  }

  public boolean isFinalized(long index) {
    return RollupAbi.uint(client.call(address, RollupAbi.call(RollupAbi.IS_FINALIZED, index)), 0)
            .signum()
        != 0;
  }

  /**
   * The L1 time (seconds since the epoch) from which batch {@code index} can no longer be
   * challenged.
   */
  public long challengeDeadline(long index) {
    return RollupAbi.uint63(
        client.call(address, RollupAbi.call(RollupAbi.CHALLENGE_DEADLINE, index)), 0);
  }

  private byte[] viewAt(String signature, long blockNumber) {
    return client.callAt(address, RollupAbi.call(signature), blockNumber);
  }

  private byte[] view(String signature) {
    return client.call(address, RollupAbi.call(signature));
  }
}
