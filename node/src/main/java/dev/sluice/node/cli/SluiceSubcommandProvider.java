package dev.sluice.node.cli;

/**
 * A subcommand that lives in a module the node cannot depend on (the devnet orchestration and the
 * benchmarks in {@code devnet/}, which depend on the node). Such modules list their providers in
 * {@code META-INF/services/dev.sluice.node.cli.SluiceSubcommandProvider}; {@link SluiceCommand}
 * finds them through {@link java.util.ServiceLoader} when they are on the class path, as they are
 * under the {@code ./sluice} launcher.
 */
public interface SluiceSubcommandProvider {

  /** The subcommand's name on the command line, e.g. {@code devnet}. */
  String name();

  /** A fresh picocli command object ({@code @Command}-annotated) for one run of the CLI. */
  Object newCommand();
}
