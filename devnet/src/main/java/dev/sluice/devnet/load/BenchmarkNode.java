package dev.sluice.devnet.load;

import dev.sluice.devnet.ScratchDirectories;
import dev.sluice.node.NodeConfig;
import dev.sluice.node.SluiceNode;
import dev.sluice.rpc.RpcConfig;
import dev.sluice.rpc.limits.RateLimit;
import dev.sluice.sequencer.Durability;
import dev.sluice.state.record.Eip712Domain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A node started in this process on a fresh data directory, configured as the public node except
 * for the limits that exist to stop abuse from one address: every load client connects from
 * 127.0.0.1, so the per-address rate limit (200 requests/s) and connection limit (32) would cap the
 * load at a fraction of what the pipeline can take, and each gateway signs far more than the
 * per-signer limit of 100 records/s when few gateways carry a high rate. Queues, worker threads,
 * group commit and checkpoints keep their defaults. Used by the load generator and by {@code
 * sluice bench}.
 */
public final class BenchmarkNode implements AutoCloseable {
  static final int MAX_CONNECTIONS = 8192;

  private final SluiceNode node;
  private final Path dataDirectory;
  private final boolean deleteOnClose;

  private BenchmarkNode(SluiceNode node, Path dataDirectory, boolean deleteOnClose) {
    this.node = node;
    this.dataDirectory = dataDirectory;
    this.deleteOnClose = deleteOnClose;
  }

  /**
   * Starts a node on {@code dataDirectory}, or on a new temporary directory (deleted at close) when
   * empty.
   */
  static BenchmarkNode start(
      Eip712Domain domain, Durability durability, Optional<Path> dataDirectory, int port)
      throws IOException {
    return dataDirectory.isPresent()
        ? start(domain, durability, dataDirectory.get(), port, false)
        : start(domain, durability, ScratchDirectories.create("sluice-load-node"), port, true);
  }

  /**
   * Starts a node on {@code scratchDirectory}, made by {@link ScratchDirectories} and possibly
   * holding a prefilled state, and deletes the directory at close.
   */
  public static BenchmarkNode startOnScratch(
      Eip712Domain domain, Durability durability, Path scratchDirectory, int port)
      throws IOException {
    return start(domain, durability, scratchDirectory, port, true);
  }

  private static BenchmarkNode start(
      Eip712Domain domain, Durability durability, Path directory, int port, boolean deleteOnClose)
      throws IOException {
    RpcConfig rpc =
        RpcConfig.builder()
            .host("127.0.0.1")
            .port(port)
            .addressRateLimit(RateLimit.UNLIMITED)
            .signerRateLimit(RateLimit.UNLIMITED)
            .maxConnections(MAX_CONNECTIONS)
            .maxConnectionsPerAddress(MAX_CONNECTIONS)
            .build();
    NodeConfig config = new NodeConfig(directory, domain, durability, rpc, Optional.empty());
    return new BenchmarkNode(SluiceNode.start(config), directory, deleteOnClose);
  }

  public SluiceNode node() {
    return node;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  @Override
  public void close() throws IOException {
    node.close();
    if (deleteOnClose) {
      ScratchDirectories.delete(dataDirectory);
    }
  }
}
