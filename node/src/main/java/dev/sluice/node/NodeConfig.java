package dev.sluice.node;

import dev.sluice.rpc.RpcConfig;
import dev.sluice.sequencer.Durability;
import dev.sluice.state.record.Eip712Domain;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one node process needs to start, already validated.
 *
 * @param dataDirectory where the LevelDB database (log, receipts, state) lives
 * @param domain the EIP-712 domain records are signed under: L2 chain id and rollup contract
 * @param rpc the public endpoint and its limits
 * @param operatorPort the JWT-protected operator endpoint, if any
 * @param l1 how the node posts its batches to L1; empty for a node that posts nothing
 */
public record NodeConfig(
    Path dataDirectory,
    Eip712Domain domain,
    Durability durability,
    RpcConfig rpc,
    Optional<OperatorPort> operatorPort,
    Optional<L1Posting> l1) {

  /** A node that posts nothing to L1. */
  public NodeConfig(
      Path dataDirectory,
      Eip712Domain domain,
      Durability durability,
      RpcConfig rpc,
      Optional<OperatorPort> operatorPort) {
    this(dataDirectory, domain, durability, rpc, operatorPort, Optional.empty());
  }

  /**
   * @param jwtSecretFile the HS256 secret (32 bytes, hex), created with a random secret when
   *     missing
   */
  public record OperatorPort(String host, int port, Path jwtSecretFile) {}

  public NodeConfig {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(rpc, "rpc");
    Objects.requireNonNull(operatorPort, "operatorPort");
    Objects.requireNonNull(l1, "l1");
  }

  /** The same node, posting to L1 as {@code posting} says. */
  public NodeConfig withL1(L1Posting posting) {
    return new NodeConfig(
        dataDirectory, domain, durability, rpc, operatorPort, Optional.of(posting));
  }

  /** The LevelDB database inside the data directory. */
  public Path databaseDirectory() {
    return dataDirectory.resolve("db");
  }

  /**
   * The batch poster's own LevelDB inside the data directory: its batches and in-flight
   * transaction, kept apart from the sequencer's database.
   */
  public Path posterDirectory() {
    return dataDirectory.resolve("poster");
  }
}
