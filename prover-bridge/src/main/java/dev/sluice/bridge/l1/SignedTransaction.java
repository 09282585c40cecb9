package dev.sluice.bridge.l1;

import dev.sluice.state.Bytes32;
import java.util.List;
import java.util.Objects;

/**
 * A transaction signed and ready to broadcast.
 *
 * @param hash the transaction hash, known before it is sent
 * @param raw what {@code eth_sendRawTransaction} takes; for a blob transaction the network form
 *     with blobs, commitments and proofs
 * @param nonce the sender's nonce it uses
 * @param fees its fee fields
 * @param gasLimit its gas limit
 * @param blobVersionedHashes the versioned hashes of its blobs, in order; empty without blobs
 */
public record SignedTransaction(
    Bytes32 hash,
    byte[] raw,
    long nonce,
    TransactionFees fees,
    long gasLimit,
    List<Bytes32> blobVersionedHashes) {

  public SignedTransaction {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(fees, "fees");
    blobVersionedHashes = List.copyOf(blobVersionedHashes);
  }

  public boolean hasBlobs() {
    return !blobVersionedHashes.isEmpty();
  }
}
