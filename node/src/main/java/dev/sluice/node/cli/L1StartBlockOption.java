package dev.sluice.node.cli;

import dev.sluice.state.Address;
import picocli.CommandLine.Option;

/**
 * The L1 block the commands that re-derive the rollup from L1 ({@code watch}, {@code prove-fraud})
 * start reading at: the one given, or the deployment block the contract records.
 */
public final class L1StartBlockOption {
  @Option(
      names = "--start-block",
      paramLabel = "N",
      description =
          "The L1 block to derive from: the rollup's deployment block or earlier (default: the"
              + " deployment block the contract records).")
  Long startBlock;

  /**
   * The block given, checked, or else the deployment block that the rollup contract at {@code
   * rollupAddress} on {@code l1RpcUrl} records (asked only then).
   *
   * @throws CliException if the block given is negative, or none is given and no rollup contract
   *     answers at the address or it does not tell its deployment block
   * @throws dev.sluice.bridge.L1Exception if none is given and L1 cannot be reached
   */
  public long resolve(String l1RpcUrl, Address rollupAddress) {
    if (startBlock != null) {
      if (startBlock < 0) {
        throw new CliException(
            "--start-block must not be negative, got " + startBlock, ExitCodes.USAGE);
      }
      return startBlock;
    }
    try (RollupReader reader = RollupReader.open(l1RpcUrl, rollupAddress)) {
      try {
        return reader.rollup().deploymentBlock();
      } catch (RuntimeException notRecorded) {
        throw new CliException(
            "the contract at "
                + rollupAddress
                + " does not tell its deployment block (deployed by an older version?): give"
                + " --start-block N, its deployment block or earlier",
            ExitCodes.USAGE);
      }
    }
  }
}
