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
 */
public record NodeConfig(
    Path dataDirectory,
    Eip712Domain domain,
    Durability durability,
    RpcConfig rpc,
    Optional<OperatorPort> operatorPort) {

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
  }

  /** The LevelDB database inside the data directory. */
  public Path databaseDirectory() {
    return dataDirectory.resolve("db");
  }
}
