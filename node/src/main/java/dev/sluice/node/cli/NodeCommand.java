package dev.sluice.node.cli;

import dev.sluice.bridge.poster.DataAvailability;
import dev.sluice.bridge.poster.PosterConfig;
import dev.sluice.node.L1Posting;
import dev.sluice.node.NodeConfig;
import dev.sluice.node.SluiceNode;
import dev.sluice.rpc.RpcConfig;
import dev.sluice.sequencer.Durability;
import dev.sluice.sequencer.batch.BatchConfig;
import dev.sluice.sequencer.batch.BatchFaultInjection;
import dev.sluice.state.Address;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.record.Eip712Domain;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs a node: the sequencer on a data directory with its JSON-RPC endpoints, until SIGINT or
 * SIGTERM. Every option also reads an environment variable, {@code SLUICE_} plus the option's name
 * in upper case with underscores; a flag wins over the variable.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Run a sequencer node: orders signed records, applies them to the state tree and serves"
          + " JSON-RPC over HTTP and WebSocket.",
      "Stops cleanly on Ctrl-C or SIGTERM. Each option can also be set as an environment"
          + " variable (SLUICE_RPC_PORT for --rpc-port) or in a --config file."
    })
public final class NodeCommand implements Callable<Integer> {
  /** The devnet's L2 chain id, distinct from Anvil's L1 chain id (31337). */
  public static final long DEVNET_CHAIN_ID = 714_714;

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = ".sluice/node",
      description = "Where the node keeps its database and secrets (default: ${DEFAULT-VALUE}).")
  Path dataDirectory;

  @Option(
      names = "--chain-id",
      defaultValue = "714714",
      description =
          "L2 chain id in the EIP-712 domain records are signed under (default: ${DEFAULT-VALUE}).")
  long chainId;

  @Option(
      names = "--rollup-address",
      defaultValue = "0x0000000000000000000000000000000000000000",
      description = {
        "The rollup contract's L1 address, the verifyingContract of the EIP-712 domain"
            + " (default: ${DEFAULT-VALUE}, for a node that posts nothing to L1).",
        "Records signed for another address recover another sender."
      })
  String rollupAddress;

  @Mixin RpcEndpointOptions rpc;

  @Option(
      names = "--admin-port",
      defaultValue = "8651",
      description =
          "Operator port (pause, resume, checkpoint), JWT protected; -1 disables it (default:"
              + " ${DEFAULT-VALUE}).")
  int adminPort;

  @Option(
      names = "--jwt-secret",
      description =
          "File with the operator port's 32-byte hex HS256 secret; created when missing (default:"
              + " <data-dir>/jwt.hex).")
  Path jwtSecret;

  @Option(
      names = "--durability",
      defaultValue = "SYNC",
      description = {
        "When a record is acknowledged: SYNC after its log write is fsynced (survives a machine"
            + " crash); ASYNC after it is written (survives a process crash; a machine crash can"
            + " lose about the last second). Default: ${DEFAULT-VALUE}."
      })
  Durability durability;

  @Option(
      names = "--l1-rpc-url",
      paramLabel = "URL",
      description = {
        "The L1's JSON-RPC endpoint. With it the node posts its batches to the rollup contract at"
            + " --rollup-address, from the proposer key (--l1-key-file or SLUICE_L1_PRIVATE_KEY);"
            + " without it the node posts nothing."
      })
  String l1RpcUrl;

  @Option(
      names = "--l1-key-file",
      paramLabel = "FILE",
      description =
          "File holding the proposer's private key (64 hex digits) that signs the batch"
              + " transactions.")
  Path l1KeyFile;

  @Option(
      names = "--l1-private-key",
      paramLabel = "HEX",
      description =
          "The proposer's private key itself; prefer SLUICE_L1_PRIVATE_KEY or --l1-key-file.")
  String l1PrivateKey;

  @Option(
      names = "--da",
      paramLabel = "MODE",
      defaultValue = "auto",
      description =
          "Where batch data goes on L1: calldata, blobs, or auto (the cheaper per batch at current"
              + " fees) (default: ${DEFAULT-VALUE}).")
  String dataAvailability;

  @Option(
      names = "--confirmations",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "L1 blocks a batch must be deep to count as included (default: ${DEFAULT-VALUE}).")
  int confirmations;

  @Option(
      names = "--max-fee-gwei",
      paramLabel = "GWEI",
      defaultValue = "500",
      description =
          "Cap on the fee per gas the poster pays; above it, it waits (default: ${DEFAULT-VALUE}).")
  long maxFeeGwei;

  @Option(
      names = "--batch-max-age",
      paramLabel = "DURATION",
      defaultValue = "PT2S",
      description =
          "A batch is cut at the latest when its oldest record is this old (default:"
              + " ${DEFAULT-VALUE}).")
  String batchMaxAge;

  @Option(
      names = "--batch-codec",
      paramLabel = "CODEC",
      defaultValue = "zstd",
      description = "Batch data compression: zstd, deflate or none (default: ${DEFAULT-VALUE}).")
  String batchCodec;

  @Option(
      names = "--max-backlog",
      paramLabel = "RECORDS",
      defaultValue = "1000000",
      description =
          "Refuse new records (BUSY) while this many are sequenced but not posted, e.g. while L1 is"
              + " unreachable (default: ${DEFAULT-VALUE}).")
  long maxBacklog;

  @Mixin ConfigOption configFile;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    NodeConfig config = config();
    ConfigReport.print(spec, out);
    rpc.warning().ifPresent(out::println);
    SluiceNode node = SluiceNode.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGINT and SIGTERM run shutdown hooks: stop the endpoints, then checkpoint and close the
    // pipeline, before the JVM exits.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("sluice node: stopping");
                  node.close();
                  out.println("sluice node: stopped");
                  stopped.countDown();
                },
                "sluice-shutdown"));
    printEndpoints(node);
    stopped.await();
    return 0;
  }

  NodeConfig config() {
    RpcConfig rpcConfig = rpc.config();
    if (adminPort < -1 || adminPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--admin-port must be -1 (off) or 0 to 65535, got " + adminPort);
    }
    Address rollup;
    try {
      rollup = Address.fromHex(rollupAddress);
    } catch (IllegalArgumentException bad) {
      throw new ParameterException(
          spec.commandLine(),
          "--rollup-address must be a 20-byte hex address: " + bad.getMessage());
    }
    if (chainId <= 0) {
      throw new ParameterException(
          spec.commandLine(), "--chain-id must be positive, got " + chainId);
    }
    Optional<NodeConfig.OperatorPort> operator =
        adminPort < 0
            ? Optional.empty()
            : Optional.of(
                new NodeConfig.OperatorPort(
                    rpc.host(),
                    adminPort,
                    jwtSecret != null ? jwtSecret : dataDirectory.resolve("jwt.hex")));
    NodeConfig config =
        new NodeConfig(
            dataDirectory, new Eip712Domain(chainId, rollup), durability, rpcConfig, operator);
    if (l1RpcUrl == null || l1RpcUrl.isBlank()) {
      if (l1KeyFile != null || l1PrivateKey != null) {
        throw new CliException(
            "an L1 key without --l1-rpc-url posts nothing: give --l1-rpc-url too", ExitCodes.USAGE);
      }
      return config;
    }
    if (rollup.equals(Address.ZERO)) {
      throw new CliException(
          "posting to L1 needs the rollup contract: give --rollup-address (printed by 'sluice"
              + " deploy')",
          ExitCodes.USAGE);
    }
    return config.withL1(l1Posting());
  }

  private L1Posting l1Posting() {
    if ((l1KeyFile == null) == (l1PrivateKey == null)) {
      throw new CliException(
          "posting to L1 needs the proposer's key: give one of --l1-key-file FILE and"
              + " SLUICE_L1_PRIVATE_KEY (or --l1-private-key)",
          ExitCodes.USAGE);
    }
    KeyOptions key = new KeyOptions();
    key.keyFile = l1KeyFile;
    key.privateKey = l1PrivateKey;
    BigInteger proposerKey;
    try {
      proposerKey = key.require("posting to L1");
    } catch (CliException bad) {
      throw new CliException(
          bad.getMessage()
              .replace("--key-file", "--l1-key-file")
              .replace("--private-key", "--l1-private-key"),
          bad.exitCode());
    }
    if (confirmations < 1 || confirmations > 64) {
      throw new CliException(
          "--confirmations must be 1 to 64, got " + confirmations, ExitCodes.USAGE);
    }
    if (maxFeeGwei < 1) {
      throw new CliException(
          "--max-fee-gwei must be at least 1, got " + maxFeeGwei, ExitCodes.USAGE);
    }
    if (maxBacklog < 1) {
      throw new CliException("--max-backlog must be positive, got " + maxBacklog, ExitCodes.USAGE);
    }
    DataAvailability mode;
    try {
      mode = DataAvailability.ofWireName(dataAvailability.strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException bad) {
      throw new CliException("--da: " + bad.getMessage(), ExitCodes.USAGE);
    }
    BatchCodec codec =
        switch (batchCodec.strip().toLowerCase(Locale.ROOT)) {
          case "zstd" -> BatchCodec.ZSTD;
          case "deflate" -> BatchCodec.DEFLATE;
          case "none" -> BatchCodec.NONE;
          default ->
              throw new CliException(
                  "--batch-codec must be zstd, deflate or none, got " + batchCodec,
                  ExitCodes.USAGE);
        };
    BatchConfig batches;
    try {
      batches =
          BatchConfig.defaults()
              .withMaxAge(Durations.parse(batchMaxAge, "--batch-max-age"))
              .withCodec(codec);
    } catch (IllegalArgumentException bad) {
      throw new CliException("--batch-max-age: " + bad.getMessage(), ExitCodes.USAGE);
    }
    BigInteger maxFee = BigInteger.valueOf(maxFeeGwei).multiply(BigInteger.TEN.pow(9));
    PosterConfig poster =
        PosterConfig.defaults()
            .withMode(mode)
            .withConfirmations(confirmations)
            .withMaxFeePerGas(maxFee)
            .withMaxBacklog(maxBacklog);
    return new L1Posting(
        l1RpcUrl.strip(), proposerKey, batches, poster, BatchFaultInjection.none());
  }

  private void printEndpoints(SluiceNode node) {
    out.println("sluice node ready");
    out.println("  JSON-RPC (HTTP):      " + node.rpcUrl());
    out.println("  JSON-RPC (WebSocket): " + node.webSocketUrl());
    out.println("  metrics:              " + node.metricsUrl());
    node.adminPort()
        .ifPresent(
            port ->
                out.println(
                    "  operator port:        http://"
                        + rpc.host()
                        + ":"
                        + port
                        + "/ (JWT secret in "
                        + node.jwtSecretFile().map(Path::toString).orElse("?")
                        + ")"));
    out.println("  chain id:             " + chainId);
    out.println("  rollup address:       " + rollupAddress);
    out.println("  durability:           " + durability);
    out.println(
        "  batch poster:         "
            + node.poster()
                .map(poster -> "posting to " + l1RpcUrl + " (" + poster.l1Status().status() + ")")
                .orElse("off: no --l1-rpc-url, nothing is posted to L1"));
    out.println("  data directory:       " + dataDirectory.toAbsolutePath());
    out.println("stop with Ctrl-C");
  }
}
