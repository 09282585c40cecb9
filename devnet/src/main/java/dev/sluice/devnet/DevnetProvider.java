package dev.sluice.devnet;

import dev.sluice.node.cli.SluiceSubcommandProvider;

/** Puts {@code sluice devnet} into the CLI when this module is on the class path. */
public final class DevnetProvider implements SluiceSubcommandProvider {
  @Override
  public String name() {
    return "devnet";
  }

  @Override
  public Object newCommand() {
    return new DevnetCommand();
  }
}
