package dev.sluice.node.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The effective configuration of a command, printed at start-up so that an operator sees what the
 * process actually runs with and where each value came from. Secrets are masked.
 */
public final class ConfigReport {
  private ConfigReport() {}

  /** One option's effective value and its origin: flag, environment, config file or default. */
  public record Line(String name, String value, String source) {}

  /** Whether an option carries a secret value (not a path to one): its value is never printed. */
  public static boolean isSecret(OptionSpec option) {
    String name = LayeredDefaults.settingName(option);
    return name.endsWith("private-key") || name.endsWith("password");
  }

  public static List<Line> lines(CommandSpec spec) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    LayeredDefaults defaults =
        spec.root().defaultValueProvider() instanceof LayeredDefaults layered ? layered : null;
    List<Line> lines = new ArrayList<>();
    for (OptionSpec option : spec.options()) {
      if (option.usageHelp() || option.versionHelp() || option.hidden()) {
        continue;
      }
      String source;
      if (parsed != null && parsed.hasMatchedOption(option)) {
        source = "flag";
      } else if (option.longestName().equals(ConfigOption.NAME)) {
        source = "";
      } else if (defaults != null) {
        source =
            switch (defaults.sourceOf(option)) {
              case ENVIRONMENT -> LayeredDefaults.environmentName(option);
              case CONFIG_FILE -> "config file";
              case DEFAULT -> "default";
            };
      } else {
        source = "default";
      }
      Object value = option.getValue();
      String shown;
      if (value == null) {
        shown = "(not set)";
      } else if (isSecret(option)) {
        shown = "****";
      } else if (String.valueOf(value).isEmpty()) {
        // A blank would read as a lost line; an empty list (no CORS origin) is a setting too.
        shown = "(empty)";
      } else {
        shown = String.valueOf(value);
      }
      lines.add(new Line(option.longestName(), shown, source));
    }
    return lines;
  }

  public static void print(CommandSpec spec, PrintStream out) {
    out.println("configuration (" + spec.qualifiedName() + "):");
    for (Line line : lines(spec)) {
      out.printf(
          Locale.ROOT,
          "  %-24s %s%s%n",
          line.name(),
          line.value(),
          line.source().isEmpty() ? "" : "   [" + line.source() + "]");
    }
  }
}
