package dev.sluice.node.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations on the command line: ISO-8601 ({@code PT30S}, {@code P7D}) or whole seconds. */
final class Durations {
  private Durations() {}

  static Duration parse(String text, String option) {
    String trimmed = text.strip();
    try {
      if (trimmed.matches("\\d{1,12}")) {
        return Duration.ofSeconds(Long.parseLong(trimmed));
      }
      Duration parsed = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
      if (parsed.isNegative()) {
        throw new CliException(option + " must not be negative, got " + text, ExitCodes.USAGE);
      }
      return parsed;
    } catch (DateTimeParseException bad) {
      throw new CliException(
          option + " must be seconds or an ISO-8601 duration such as PT30S or P7D, got " + text,
          ExitCodes.USAGE);
    }
  }
}
