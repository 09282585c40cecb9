package dev.sluice.node.cli;

import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupArtifact;
import dev.sluice.bridge.RollupContract;
import dev.sluice.state.Address;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Deploys the SluiceRollup contract to any L1 and, optionally, funds the proposer's bond. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Deploy the SluiceRollup contract to an L1 and deposit the proposer's bond.",
      "Prints the contract address to give the node as --rollup-address."
    })
public final class DeployCommand implements Callable<Integer> {
  private static final BigInteger WEI_PER_ETHER = BigInteger.TEN.pow(18);

  @Option(
      names = "--l1-rpc-url",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:8545",
      description = "The L1's JSON-RPC endpoint (default: ${DEFAULT-VALUE}).")
  String l1RpcUrl;

  @Mixin KeyOptions key;

  @Option(
      names = "--proposer",
      paramLabel = "ADDRESS",
      description = "The only account allowed to post batches (default: the deploying account).")
  String proposer;

  @Option(
      names = "--l2-chain-id",
      paramLabel = "ID",
      defaultValue = "714714",
      description = "The L2 chain id records are signed for (default: ${DEFAULT-VALUE}).")
  long l2ChainId;

  @Option(
      names = "--challenge-window",
      paramLabel = "DURATION",
      defaultValue = "P7D",
      description = {
        "How long a batch can be proven fraudulent before it is final, ISO-8601 (PT30S, P7D) or"
            + " seconds (default: ${DEFAULT-VALUE}).",
        "Production rollups use days; a devnet seconds."
      })
  String challengeWindow;

  @Option(
      names = "--min-bond",
      paramLabel = "ETHER",
      defaultValue = "1",
      description =
          "The bond the proposer must hold to post, in ether (default: ${DEFAULT-VALUE}).")
  BigDecimal minBond;

  @Option(
      names = "--deposit-bond",
      paramLabel = "ETHER",
      description =
          "Ether to deposit as the proposer's bond right after deployment (default: --min-bond; 0"
              + " for none).")
  BigDecimal depositBond;

  @Option(
      names = "--receipt-timeout",
      paramLabel = "DURATION",
      defaultValue = "PT2M",
      description =
          "How long to wait for each transaction to be mined (default: ${DEFAULT-VALUE}).")
  String receiptTimeout;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Mixin ConfigOption config;

  private final PrintStream out = System.out;

  @Override
  public Integer call() {
    BigInteger privateKey = key.require("deploying");
    Duration window = Durations.parse(challengeWindow, "--challenge-window");
    if (window.toSeconds() < 1) {
      throw new CliException("--challenge-window must be at least one second", ExitCodes.USAGE);
    }
    if (l2ChainId <= 0) {
      throw new CliException("--l2-chain-id must be positive, got " + l2ChainId, ExitCodes.USAGE);
    }
    BigInteger minBondWei = wei(minBond, "--min-bond");
    BigInteger depositWei = depositBond == null ? minBondWei : wei(depositBond, "--deposit-bond");
    try (L1Client client =
        L1Client.connect(
            l1RpcUrl, privateKey, Durations.parse(receiptTimeout, "--receipt-timeout"))) {
      Address proposerAddress =
          proposer == null ? client.address() : L1Options.parseAddress(proposer, "--proposer");
      if (!json) {
        out.println(
            "deploying SluiceRollup to "
                + l1RpcUrl
                + " (L1 chain id "
                + client.chainId()
                + ") from "
                + client.address());
      }
      RollupContract rollup =
          RollupContract.deploy(
              client, RollupArtifact.load(), proposerAddress, minBondWei, window, l2ChainId);
      if (depositWei.signum() > 0) {
        rollup.depositBond(depositWei);
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("rollupAddress", rollup.address().toHex());
      result.put("l1ChainId", client.chainId());
      result.put("l2ChainId", l2ChainId);
      result.put("proposer", proposerAddress.toHex());
      result.put("challengeWindowSeconds", window.toSeconds());
      result.put("minBondWei", minBondWei.toString());
      result.put("bondWei", rollup.bond().toString());
      if (json) {
        JsonOutput.print(out, result);
      } else {
        out.println("rollup contract: " + rollup.address());
        out.println("  proposer:         " + proposerAddress);
        out.println("  L2 chain id:      " + l2ChainId);
        out.println("  challenge window: " + window.toSeconds() + " s");
        out.println("  bond:             " + rollup.bond() + " wei (minimum " + minBondWei + ")");
        out.println(
            "run a node on it: sluice node --l1-rpc-url "
                + l1RpcUrl
                + " --rollup-address "
                + rollup.address()
                + " --chain-id "
                + l2ChainId
                + " --l1-key-file <proposer key>");
      }
      return ExitCodes.OK;
    }
  }

  static BigInteger wei(BigDecimal ether, String option) {
    if (ether.signum() < 0) {
      throw new CliException(option + " must not be negative", ExitCodes.USAGE);
    }
    BigDecimal wei = ether.multiply(new BigDecimal(WEI_PER_ETHER));
    try {
      return wei.toBigIntegerExact();
    } catch (ArithmeticException fraction) {
      throw new CliException(option + " has more than 18 decimals", ExitCodes.USAGE);
    }
  }
}
