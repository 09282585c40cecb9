package dev.sluice.node.cli;

import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupContract;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Read-only access to a rollup contract for the client commands. Reading signs nothing, so the
 * client's account is a fixed throwaway key that never holds funds.
 */
final class RollupReader implements AutoCloseable {
  private static final BigInteger READ_ONLY_KEY = BigInteger.ONE;

  private final L1Client client;
  private final RollupContract rollup;

  private RollupReader(L1Client client, RollupContract rollup) {
    this.client = client;
    this.rollup = rollup;
  }

  static RollupReader open(String l1RpcUrl, Address rollupAddress) {
    L1Client client = L1Client.connect(l1RpcUrl, READ_ONLY_KEY, Duration.ofSeconds(30));
    RollupContract rollup = RollupContract.at(client, rollupAddress);
    try {
      rollup.l2ChainId();
    } catch (RuntimeException notThere) {
      client.close();
      throw new CliException(
          "no SluiceRollup contract answers at "
              + rollupAddress
              + " on "
              + l1RpcUrl
              + " (wrong --rollup-address, or the chain was reset?): "
              + notThere.getMessage());
    }
    return new RollupReader(client, rollup);
  }

  RollupContract rollup() {
    return rollup;
  }

  long l1ChainId() {
    return client.chainId();
  }

  /** Where a state root was posted: the batch whose post-state root it is. */
  record PostedRoot(long batchIndex, boolean finalized) {}

  /**
   * The newest batch, among the last {@code searchDepth}, whose post-state root is {@code root}.
   */
  Optional<PostedRoot> findPostStateRoot(Bytes32 root, long searchDepth) {
    long count = rollup.batchCount();
    long lowest = Math.max(0, count - searchDepth);
    for (long index = count - 1; index >= lowest; index--) {
      if (rollup.batch(index).postStateRoot().equals(root)) {
        return Optional.of(new PostedRoot(index, rollup.isFinalized(index)));
      }
    }
    return Optional.empty();
  }

  /** The head batch index, if any batch was posted. */
  OptionalLong headBatch() {
    long count = rollup.batchCount();
    return count == 0 ? OptionalLong.empty() : OptionalLong.of(count - 1);
  }

  @Override
  public void close() {
    client.close();
  }
}
