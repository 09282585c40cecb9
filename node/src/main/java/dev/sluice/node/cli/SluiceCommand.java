package dev.sluice.node.cli;

import dev.sluice.bridge.L1Exception;
import dev.sluice.bridge.L1RevertedException;
import dev.sluice.bridge.RollupError;
import dev.sluice.rpc.client.SluiceRpcException;
import java.util.HashSet;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/** The {@code sluice} command line: one subcommand per job an operator or a client does. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    version = "sluice 0.1.0",
    description = "Optimistic-rollup sequencer for signed data-stream records.",
    footer = {
      "",
      "Configuration: every option can also be set in the environment as SLUICE_ plus its name in"
          + " upper case (--rpc-port: SLUICE_RPC_PORT), or as 'rpc-port = 8645' in a file named"
          + " by --config FILE or SLUICE_CONFIG. A flag beats the environment, which beats the"
          + " file, which beats the built-in default.",
      "Exit status: 0 done; 1 failed (the message says why); 2 bad command line or"
          + " configuration; 3 not available in this build; 4 a proof or root did not verify.",
      "Start here: ./sluice devnet (a local L1, the rollup contract, a node and a watcher)."
    },
    subcommands = {
      NodeCommand.class,
      DeployCommand.class,
      SubmitCommand.class,
      GetCommand.class,
      VerifyCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      ProveFraudCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SluiceCommand implements Runnable {
  /** Subcommands that come from other modules through {@link SluiceSubcommandProvider}. */
  private static final Map<String, String> PLUGGED_IN =
      Map.of(
          "devnet",
          "the devnet orchestration lives in the devnet module; run it through the ./sluice"
              + " launcher, which puts that module on the class path",
          "bench",
          "the benchmarks live in the devnet module and have not been added to this build yet;"
              + " scripts/bench-load and scripts/bench-state run the existing ones");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand (see --help)");
  }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv()));
  }

  /** Runs the CLI with {@code environment} standing in for the process's environment. */
  public static int run(String[] args, Map<String, String> environment) {
    CommandLine commandLine;
    try {
      ConfigFile file =
          ConfigOption.find(args, environment).map(ConfigFile::read).orElse(ConfigFile.NONE);
      commandLine = commandLine(environment, file);
    } catch (ConfigFile.InvalidConfigException bad) {
      System.err.println("sluice: " + bad.getMessage());
      return ExitCodes.USAGE;
    }
    return commandLine.execute(args);
  }

  /**
   * The command tree with its subcommands, reading defaults from {@code environment} and {@code
   * file}.
   */
  public static CommandLine commandLine(Map<String, String> environment, ConfigFile file) {
    CommandLine commandLine = new CommandLine(new SluiceCommand());
    Set<String> provided = new HashSet<>();
    for (SluiceSubcommandProvider provider : ServiceLoader.load(SluiceSubcommandProvider.class)) {
      commandLine.addSubcommand(provider.name(), provider.newCommand());
      provided.add(provider.name());
    }
    PLUGGED_IN.forEach(
        (name, reason) -> {
          if (!provided.contains(name)) {
            CommandLine stand = new CommandLine(new NotAvailableCommand(reason));
            stand
                .getCommandSpec()
                .usageMessage()
                .description("Not available in this build: " + reason);
            commandLine.addSubcommand(name, stand);
          }
        });
    file.requireKnown(settingNames(commandLine));
    commandLine.setDefaultValueProvider(new LayeredDefaults(environment, file));
    commandLine.setExecutionExceptionHandler(SluiceCommand::reportFailure);
    return commandLine;
  }

  private static Set<String> settingNames(CommandLine commandLine) {
    Set<String> names = new HashSet<>();
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      for (OptionSpec option : sub.getCommandSpec().options()) {
        names.add(LayeredDefaults.settingName(option));
      }
    }
    return names;
  }

  /**
   * A failure is reported as one line an operator can act on; the stack trace only when
   * SLUICE_DEBUG is set, because it helps a developer and buries the message for everyone else.
   */
  private static int reportFailure(
      Exception failure, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    String prefix = "sluice " + commandLine.getCommandName() + ": ";
    int exitCode = ExitCodes.FAILED;
    String message = failure.getMessage();
    if (failure instanceof CliException cli) {
      exitCode = cli.exitCode();
    } else if (failure instanceof ConfigFile.InvalidConfigException) {
      exitCode = ExitCodes.USAGE;
    } else if (failure instanceof SluiceRpcException rpc
        && rpc.getMessage().startsWith("no answer")) {
      message = rpc.getMessage() + " (is the node running? './sluice devnet' starts one)";
    } else if (failure instanceof L1RevertedException reverted) {
      message =
          "the rollup contract refused: "
              + RollupError.of(reverted).map(RollupError::name).orElse(reverted.getMessage());
    } else if (failure instanceof L1Exception l1 && l1.getMessage().startsWith("cannot reach")) {
      message = l1.getMessage() + " (is the L1 running? check --l1-rpc-url)";
    }
    commandLine.getErr().println(prefix + message);
    if (System.getenv("SLUICE_DEBUG") != null) {
      failure.printStackTrace(commandLine.getErr());
    } else if (!(failure instanceof CliException)) {
      commandLine.getErr().println("(set SLUICE_DEBUG=1 for the stack trace)");
    }
    return exitCode;
  }
}
