package dev.sluice.node.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option's value comes from when it is not on the command line: first the environment
 * ({@code SLUICE_} plus the option's long name in upper case with underscores, e.g. {@code
 * SLUICE_RPC_PORT}), then the config file, then the option's built-in default. Picocli asks this
 * provider before it falls back to the annotation's default, which gives flags over environment
 * over file over default.
 */
public final class LayeredDefaults implements IDefaultValueProvider {
  private final Map<String, String> environment;
  private final ConfigFile file;

  public LayeredDefaults(Map<String, String> environment, ConfigFile file) {
    this.environment = Map.copyOf(environment);
    this.file = file;
  }

  /** Where a value not given as a flag came from. */
  public enum Source {
    ENVIRONMENT,
    CONFIG_FILE,
    DEFAULT
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option)
        || option.usageHelp()
        || option.versionHelp()
        || option.longestName().equals(ConfigOption.NAME)) {
      return null;
    }
    return lookUp(option).orElse(null);
  }

  Optional<String> lookUp(OptionSpec option) {
    String fromEnvironment = environment.get(environmentName(option));
    if (fromEnvironment != null) {
      return Optional.of(fromEnvironment);
    }
    return file.value(settingName(option));
  }

  Source sourceOf(OptionSpec option) {
    if (environment.containsKey(environmentName(option))) {
      return Source.ENVIRONMENT;
    }
    return file.value(settingName(option)).isPresent() ? Source.CONFIG_FILE : Source.DEFAULT;
  }

  ConfigFile file() {
    return file;
  }

  /** {@code --rpc-port} → {@code rpc-port}, the name in the config file. */
  public static String settingName(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }

  /** {@code --rpc-port} → {@code SLUICE_RPC_PORT}. */
  public static String environmentName(OptionSpec option) {
    return "SLUICE_" + settingName(option).toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
