package dev.sluice.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Re-derives the state from L1 data alone and checks every posted root. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Follow the rollup contract on L1, re-derive the state from the posted batch data alone and"
          + " check every posted state root; report (and with a challenger key, prove) fraud."
    })
public final class WatchCommand implements Callable<Integer> {
  @Mixin L1Options l1;

  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    throw new CliException(
        "the watcher (L1 derivation and root checks in prover-bridge) is not in this build yet",
        ExitCodes.NOT_AVAILABLE);
  }
}
