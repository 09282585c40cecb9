package dev.sluice.bridge.derivation;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import java.util.List;
import java.util.Objects;

/**
 * One log from {@code eth_getLogs}, with where it was emitted.
 *
 * @param address the emitting contract
 * @param topics the event's signature hash followed by its indexed arguments
 * @param data the ABI encoding of the other arguments
 * @param blockNumber the block it is in
 * @param blockHash that block's hash, to tell a log of a replaced block from the canonical one
 * @param transactionHash the transaction that emitted it
 * @param logIndex its position in the block
 */
public record L1Log(
    Address address,
    List<Bytes32> topics,
    byte[] data,
    long blockNumber,
    Bytes32 blockHash,
    Bytes32 transactionHash,
    long logIndex) {

  public L1Log {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(transactionHash, "transactionHash");
    topics = List.copyOf(topics);
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }
}
