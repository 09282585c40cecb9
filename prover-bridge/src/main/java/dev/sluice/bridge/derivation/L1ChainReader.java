package dev.sluice.bridge.derivation;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import java.util.List;
import java.util.Optional;

/**
 * Read-only access to an L1 chain: what derivation needs and nothing that signs or sends. The seam
 * between derivation's logic and the JSON-RPC (and beacon) endpoints, so that the logic can be
 * tested against a scripted chain.
 *
 * <p>Every method may throw {@link dev.sluice.bridge.L1Exception} when the endpoint cannot be
 * reached or answers with an error; derivation treats that as transient and retries on its next
 * poll.
 */
public interface L1ChainReader extends AutoCloseable {

  /**
   * The number of the newest block that can be read whole, blobs included: the latest block, or
   * one before it where the blobs of a block are only found through the block after it.
   */
  long headNumber();

  /** Block {@code number} of the canonical chain, or empty if there is none yet. */
  Optional<L1Block> block(long number);

  /**
   * The logs emitted by {@code address} in blocks {@code fromBlock … toBlock} (inclusive) whose
   * first topic is one of {@code topic0s}, in chain order.
   */
  List<L1Log> logs(Address address, long fromBlock, long toBlock, List<Bytes32> topic0s);

  /** The mined transaction {@code hash}, or empty if the chain does not have it (any more). */
  Optional<L1Transaction> transaction(Bytes32 hash);

  /**
   * The blobs carried by the transactions of {@code block}, from a beacon-style endpoint; the
   * caller checks them against the versioned hashes it expects.
   *
   * @param versionedHashes the blobs wanted, for endpoints that can filter by them
   */
  List<byte[]> blobs(L1Block block, List<Bytes32> versionedHashes);

  @Override
  void close();
}
