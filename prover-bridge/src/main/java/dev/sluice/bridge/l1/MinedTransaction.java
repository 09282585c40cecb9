package dev.sluice.bridge.l1;

import dev.sluice.bridge.L1Receipt;
import dev.sluice.state.Bytes32;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A transaction in a block of the node's canonical chain, successful or not.
 *
 * @param receipt its receipt (gas, logs, block number)
 * @param blockHash the block it is in: if that block leaves the canonical chain, so does this
 * @param succeeded whether it executed without reverting
 * @param blobGasUsed the blob gas it used; zero without blobs
 * @param blobGasPrice the price per blob gas it paid; zero without blobs
 */
public record MinedTransaction(
    L1Receipt receipt,
    Bytes32 blockHash,
    boolean succeeded,
    long blobGasUsed,
    BigInteger blobGasPrice) {

  public MinedTransaction {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(blobGasPrice, "blobGasPrice");
  }

  public long blockNumber() {
    return receipt.blockNumber();
  }
}
