package dev.sluice.bridge.derivation;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A mined L1 transaction, as much of it as derivation needs to read a batch's data.
 *
 * @param hash the transaction hash
 * @param to the called contract; empty for a deployment
 * @param input the calldata
 * @param blobVersionedHashes the versioned hashes of its blobs (EIP-4844), empty for other types
 * @param blockNumber the block it was mined in
 * @param blockHash that block's hash
 */
public record L1Transaction(
    Bytes32 hash,
    Optional<Address> to,
    byte[] input,
    List<Bytes32> blobVersionedHashes,
    long blockNumber,
    Bytes32 blockHash) {

  public L1Transaction {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(blockHash, "blockHash");
    input = input.clone();
    blobVersionedHashes = List.copyOf(blobVersionedHashes);
  }

  @Override
  public byte[] input() {
    return input.clone();
  }
}
