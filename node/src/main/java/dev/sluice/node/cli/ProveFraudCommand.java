package dev.sluice.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Builds and submits a fraud proof against a posted batch with a wrong state root. */
@Command(
    name = "prove-fraud",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Re-execute a posted batch from its pre-state, find the first record whose claimed state"
          + " root is wrong, and submit the fraud proof to the rollup contract."
    })
public final class ProveFraudCommand implements Callable<Integer> {
  @Mixin L1Options l1;

  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    throw new CliException(
        "proving fraud needs the batch derivation from L1 (prover-bridge), which is not in this"
            + " build yet",
        ExitCodes.NOT_AVAILABLE);
  }
}
