package dev.sluice.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command line: one subcommand per job an operator or a client does. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    version = "sluice 0.1.0",
    description = "Optimistic-rollup sequencer for signed data-stream records.",
    subcommands = {DemoCommand.class, CommandLine.HelpCommand.class})
public final class SluiceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand (see --help)");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SluiceCommand()).execute(args));
  }
}
