package dev.sluice.devnet.bench;

import dev.sluice.node.cli.SluiceSubcommandProvider;

/** Registers {@code sluice bench} with the node's CLI (META-INF/services). */
public final class BenchProvider implements SluiceSubcommandProvider {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public Object newCommand() {
    return new BenchCommand();
  }
}
