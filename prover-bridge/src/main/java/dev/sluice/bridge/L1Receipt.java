package dev.sluice.bridge;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The receipt of a successful L1 transaction, in Sluice's types.
 *
 * @param transactionHash the transaction's hash
 * @param blockNumber the block it was mined in
 * @param gasUsed the gas it used
 * @param effectiveGasPrice the price per gas it paid (base fee plus tip)
 * @param contractAddress the created contract, for a deployment
 * @param logs the logs it emitted, in order
 */
public record L1Receipt(
    Bytes32 transactionHash,
    long blockNumber,
    long gasUsed,
    BigInteger effectiveGasPrice,
    Optional<Address> contractAddress,
    List<Log> logs) {

  public L1Receipt {
    Objects.requireNonNull(transactionHash, "transactionHash");
    Objects.requireNonNull(effectiveGasPrice, "effectiveGasPrice");
    Objects.requireNonNull(contractAddress, "contractAddress");
    logs = List.copyOf(logs);
  }

  /** What the sender paid for the transaction, in wei. */
  public BigInteger fee() {
    return effectiveGasPrice.multiply(BigInteger.valueOf(gasUsed));
  }

  /**
   * One log entry.
   *
   * @param address the contract that emitted it
   * @param topics the event's signature hash followed by its indexed arguments
   * @param data the ABI encoding of its other arguments
   */
  public record Log(Address address, List<Bytes32> topics, byte[] data) {
    public Log {
      Objects.requireNonNull(address, "address");
      topics = List.copyOf(topics);
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    /** Whether the log is the event with signature hash {@code topic0} from {@code emitter}. */
    public boolean is(Address emitter, Bytes32 topic0) {
      return address.equals(emitter) && !topics.isEmpty() && topics.get(0).equals(topic0);
    }
  }
}
