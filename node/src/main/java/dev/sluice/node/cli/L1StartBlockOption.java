package dev.sluice.node.cli;

import picocli.CommandLine.Option;

/**
 * The L1 block the commands that re-derive the rollup from L1 ({@code watch}, {@code prove-fraud})
 * start reading at. Each command checks the value with its own other options.
 */
public final class L1StartBlockOption {
  @Option(
      names = "--start-block",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "The L1 block to derive from: the rollup's deployment block or earlier (default:"
              + " ${DEFAULT-VALUE}).")
  long startBlock;

  /** The first L1 block to read; negative when mistyped, which the command refuses. */
  public long block() {
    return startBlock;
  }
}
