package dev.sluice.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command line: one subcommand per job an operator or a client does. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    version = "sluice 0.1.0",
    description = "Optimistic-rollup sequencer for signed data-stream records.",
    subcommands = {NodeCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class SluiceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand (see --help)");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new SluiceCommand())
        .setExecutionExceptionHandler(SluiceCommand::reportFailure);
  }

  /**
   * A failure is reported as one line an operator can act on; the stack trace only when
   * SLUICE_DEBUG is set, because it helps a developer and buries the message for everyone else.
   */
  private static int reportFailure(
      Exception failure, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    commandLine.getErr().println("sluice " + commandLine.getCommandName() + ": " + failure.getMessage());
    if (System.getenv("SLUICE_DEBUG") != null) {
      failure.printStackTrace(commandLine.getErr());
    } else {
      commandLine.getErr().println("(set SLUICE_DEBUG=1 for the stack trace)");
    }
    return 1;
  }
}
