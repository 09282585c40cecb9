package dev.sluice.bridge.watcher;

import dev.sluice.state.Address;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Watcher} needs: where L1 is, which rollup, where to keep its state and whose key
 * signs its fraud proofs.
 *
 * @param l1RpcUrl the L1 JSON-RPC endpoint; on Anvil it also serves the blobs
 * @param rollup the SluiceRollup address
 * @param dataDir the watcher's own LevelDB directory, not shared with a node
 * @param challengerKey the private key that sends fraud proofs and receives the bonds
 * @param startBlock the L1 block to derive from: the rollup's deployment block or earlier
 * @param pollInterval the pause between polls once caught up
 * @param confirmations blocks to stay behind the L1 head (0 follows the head and its reorgs)
 * @param l1BeaconUrl the beacon node (or blob archive) that serves the blobs of a real L1, by
 *     beacon block root; empty where the L1 RPC endpoint serves them itself, as Anvil does
 */
public record WatcherConfig(
    String l1RpcUrl,
    Address rollup,
    Path dataDir,
    BigInteger challengerKey,
    long startBlock,
    Duration pollInterval,
    int confirmations,
    Optional<URI> l1BeaconUrl) {

  /** A watcher of an L1 that serves blobs on its RPC endpoint, as Anvil does. */
  public WatcherConfig(
      String l1RpcUrl,
      Address rollup,
      Path dataDir,
      BigInteger challengerKey,
      long startBlock,
      Duration pollInterval,
      int confirmations) {
    this(
        l1RpcUrl,
        rollup,
        dataDir,
        challengerKey,
        startBlock,
        pollInterval,
        confirmations,
        Optional.empty());
  }

  public WatcherConfig {
    Objects.requireNonNull(l1RpcUrl, "l1RpcUrl");
    Objects.requireNonNull(rollup, "rollup");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(challengerKey, "challengerKey");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(l1BeaconUrl, "l1BeaconUrl");
    if (startBlock < 0) {
      throw new IllegalArgumentException("startBlock must not be negative, got " + startBlock);
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
    }
    if (confirmations < 0) {
      throw new IllegalArgumentException("confirmations must not be negative, got " + confirmations);
    }
  }

  @Override
  public String toString() {
    // Never print the key.
    return "WatcherConfig[l1RpcUrl=" + l1RpcUrl + ", rollup=" + rollup + ", dataDir=" + dataDir
        + ", startBlock=" + startBlock + ", pollInterval=" + pollInterval + ", confirmations="
        + confirmations + ", l1BeaconUrl=" + l1BeaconUrl.map(URI::toString).orElse("(the L1 RPC)")
        + "]";
  }
}
