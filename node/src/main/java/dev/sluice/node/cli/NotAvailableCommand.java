package dev.sluice.node.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Stands in for a subcommand whose backing part is not in this build: it says so and exits with
 * {@link ExitCodes#NOT_AVAILABLE}, rather than pretend to work.
 */
@Command(mixinStandardHelpOptions = true)
final class NotAvailableCommand implements Callable<Integer> {
  private final String reason;

  @Spec CommandSpec spec;

  // Whatever options the real command would take are accepted and ignored: the answer is the same.
  @Unmatched List<String> ignored;

  NotAvailableCommand(String reason) {
    this.reason = reason;
  }

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println("sluice " + spec.name() + ": not available in this build: " + reason);
    return ExitCodes.NOT_AVAILABLE;
  }
}
