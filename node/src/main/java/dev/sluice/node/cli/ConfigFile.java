package dev.sluice.node.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings file: one {@code name = value} per line, where {@code name} is a long option without
 * its dashes ({@code rpc-port = 8645}); blank lines and lines starting with {@code #} are ignored.
 * It is the lowest layer of configuration: environment variables and flags override it.
 *
 * <p>Deliberately not TOML or YAML: every value is a single option value, so a format with no
 * nesting, quoting rules or types cannot be misread.
 */
public record ConfigFile(Path path, Map<String, String> values) {
  /** A settings file is small; anything larger is a mistake (a log file, a binary). */
  static final long MAX_BYTES = 64 * 1024;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  public static final ConfigFile NONE = new ConfigFile(null, Map.of());

  public ConfigFile {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public Optional<Path> location() {
    return Optional.ofNullable(path);
  }

  /**
   * Reads and checks {@code path}.
   *
   * @throws InvalidConfigException naming the file and line of the first problem
   */
  public static ConfigFile read(Path path) {
    byte[] bytes;
    try {
      if (Files.size(path) > MAX_BYTES) {
        throw new InvalidConfigException(
            "config file "
                + path
                + " is larger than "
                + MAX_BYTES
                + " bytes; is it the right file?");
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException missing) {
      throw new InvalidConfigException(
          "config file " + path + " does not exist (given by --config or SLUICE_CONFIG)");
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read config file " + path + ": " + e.getMessage());
    }
    return parse(path, new String(bytes, StandardCharsets.UTF_8));
  }

  static ConfigFile parse(Path path, String text) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      String where = path + " line " + (i + 1);
      if (equals < 0) {
        throw new InvalidConfigException(where + ": expected 'name = value', got '" + line + "'");
      }
      String name = line.substring(0, equals).strip();
      String value = line.substring(equals + 1).strip();
      if (name.startsWith("--")) {
        name = name.substring(2);
      }
      if (!NAME.matcher(name).matches()) {
        throw new InvalidConfigException(
            where + ": '" + name + "' is not an option name (write e.g. 'rpc-port = 8645')");
      }
      if (values.put(name, value) != null) {
        throw new InvalidConfigException(where + ": '" + name + "' is set twice");
      }
    }
    return new ConfigFile(path, values);
  }

  /**
   * Refuses names no command knows, so that a misspelt setting fails loudly instead of being
   * silently ignored.
   */
  void requireKnown(Set<String> knownNames) {
    for (String name : values.keySet()) {
      if (!knownNames.contains(name)) {
        throw new InvalidConfigException(
            "config file "
                + path
                + ": no command has an option --"
                + name
                + " (see 'sluice <command> --help' for the names)");
      }
    }
  }

  /** A configuration problem an operator fixes by editing the file or the environment. */
  public static final class InvalidConfigException extends RuntimeException {
    public InvalidConfigException(String message) {
      super(message);
    }
  }
}
