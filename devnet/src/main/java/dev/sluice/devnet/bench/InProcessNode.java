package dev.sluice.devnet.bench;

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
 * A Sluice node in this process on its own data directory (deleted at close), configured as the
 * public node except for the limits that stop abuse from one address: every benchmark client
 * connects from 127.0.0.1 and each gateway sends far more than the per-signer limit, so those
 * limits would measure themselves. Durability is SYNC: an acknowledgement means the record is on
 * disk (fsync through LevelDB's synced write), the node's default.
 */
final class InProcessNode implements AutoCloseable {
  private static final int MAX_CONNECTIONS = 8192;

  private final SluiceNode node;
  private final Path dataDirectory;

  private InProcessNode(SluiceNode node, Path dataDirectory) {
    this.node = node;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts a node on {@code dataDirectory}, which may hold a prefilled state ({@link TreePrefill}).
   */
  static InProcessNode start(Eip712Domain domain, Path dataDirectory) throws IOException {
    RpcConfig rpc =
        RpcConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .addressRateLimit(RateLimit.UNLIMITED)
            .signerRateLimit(RateLimit.UNLIMITED)
            .maxConnections(MAX_CONNECTIONS)
            .maxConnectionsPerAddress(MAX_CONNECTIONS)
            .build();
    NodeConfig config =
        new NodeConfig(dataDirectory, domain, Durability.SYNC, rpc, Optional.empty());
    return new InProcessNode(SluiceNode.start(config), dataDirectory);
  }

  SluiceNode node() {
    return node;
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  @Override
  public void close() throws IOException {
    node.close();
    ScratchDirectories.delete(dataDirectory);
  }
}
