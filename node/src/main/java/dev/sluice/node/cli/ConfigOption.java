package dev.sluice.node.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option every command accepts. The file is read before the command line
 * is parsed (its values are defaults for the other options), so {@link SluiceCommand} finds it in
 * the raw arguments; this mixin makes the parser accept it and documents it.
 */
public final class ConfigOption {
  public static final String NAME = "--config";
  public static final String ENVIRONMENT = "SLUICE_CONFIG";

  @Option(
      names = NAME,
      paramLabel = "FILE",
      description =
          "Settings file with one 'option-name = value' per line (e.g. 'rpc-port = 8645');"
              + " environment variables and flags override it. Also SLUICE_CONFIG.")
  Path file;

  /** The config file named by {@code --config FILE}, {@code --config=FILE} or SLUICE_CONFIG. */
  static Optional<Path> find(String[] args, Map<String, String> environment) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        break;
      }
      if (args[i].equals(NAME) && i + 1 < args.length) {
        return Optional.of(Path.of(args[i + 1]));
      }
      if (args[i].startsWith(NAME + "=")) {
        return Optional.of(Path.of(args[i].substring(NAME.length() + 1)));
      }
    }
    String fromEnvironment = environment.get(ENVIRONMENT);
    return fromEnvironment == null || fromEnvironment.isBlank()
        ? Optional.empty()
        : Optional.of(Path.of(fromEnvironment));
  }
}
