package dev.sluice.node.cli;

import dev.sluice.rpc.RpcConfig;
import dev.sluice.rpc.limits.RateLimit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Where the node's public JSON-RPC endpoint listens and what it lets through: the settings an
 * operator needs to open the endpoint beyond the machine (the Host names clients use, browser
 * origins) or to put it behind a proxy, where every client shares the proxy's address. Shared by
 * {@code sluice node} and {@code sluice devnet}; every other limit keeps its default (docs/rpc.md
 * §5).
 */
public final class RpcEndpointOptions {
  private static final RpcConfig DEFAULTS = RpcConfig.builder().build();
  private static final BigDecimal MAX_RATE = BigDecimal.valueOf(1_000_000);
  private static final Pattern ORIGIN =
      Pattern.compile("[a-z][a-z0-9+.-]*://[^/?#\\s]+", Pattern.CASE_INSENSITIVE);

  @Option(
      names = "--rpc-host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description = "Address the JSON-RPC endpoint binds to (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--rpc-port",
      paramLabel = "PORT",
      defaultValue = "8645",
      description =
          "JSON-RPC port, HTTP on / and WebSocket on /ws; 0 picks a free one (default:"
              + " ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--rpc-host-allowlist",
      paramLabel = "HOSTS",
      defaultValue = "localhost,127.0.0.1",
      description = {
        "Host header values the endpoint answers, comma-separated, without port; * answers any"
            + " (default: ${DEFAULT-VALUE}).",
        "Refusing other names defeats DNS rebinding; with --rpc-host 0.0.0.0 list the names and"
            + " addresses clients reach the node by."
      })
  String hostAllowlist;

  @Option(
      names = "--rpc-cors-origins",
      paramLabel = "ORIGINS",
      defaultValue = "",
      description =
          "Browser origins allowed to call the endpoint, comma-separated (https://app.example);"
              + " * allows any (default: none, which refuses every request with an Origin).")
  String corsOrigins;

  @Option(
      names = "--rpc-address-rate-limit",
      paramLabel = "RATE[/BURST]",
      defaultValue = "200/400",
      description = {
        "Requests per second from one remote address, and how many may come at once; off lifts"
            + " it (default: ${DEFAULT-VALUE}).",
        "Behind a proxy every client has the proxy's address: limit there and lift it here."
      })
  String addressRateLimit;

  @Option(
      names = "--rpc-signer-rate-limit",
      paramLabel = "RATE[/BURST]",
      defaultValue = "100/200",
      description =
          "Records per second from one signer, and how many may come at once; off lifts it"
              + " (default: ${DEFAULT-VALUE}).")
  String signerRateLimit;

  @Option(
      names = "--rpc-max-connections",
      paramLabel = "N",
      defaultValue = "256",
      description = "Open HTTP and WebSocket connections in all (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(
      names = "--rpc-max-connections-per-address",
      paramLabel = "N",
      defaultValue = "32",
      description = "Open connections from one remote address (default: ${DEFAULT-VALUE}).")
  int maxConnectionsPerAddress;

  /** The address the endpoint binds to; the operator port binds there too. */
  public String host() {
    return host;
  }

  /**
   * The endpoint's configuration: these settings over {@link RpcConfig}'s defaults.
   *
   * @throws CliException with the usage exit code, naming the option, for a value out of range
   */
  public RpcConfig config() {
    if (port < 0 || port > 65535) {
      throw usage("--rpc-port must be 0 to 65535, got " + port);
    }
    List<String> hosts = list(hostAllowlist);
    if (hosts.isEmpty()) {
      throw usage("--rpc-host-allowlist is empty, which would refuse every request; * allows any");
    }
    if (maxConnections < 1) {
      throw usage("--rpc-max-connections must be positive, got " + maxConnections);
    }
    if (maxConnectionsPerAddress < 1 || maxConnectionsPerAddress > maxConnections) {
      throw usage(
          "--rpc-max-connections-per-address must be 1 to --rpc-max-connections ("
              + maxConnections
              + "), got "
              + maxConnectionsPerAddress);
    }
    List<String> origins = list(corsOrigins);
    for (String origin : origins) {
      // A browser sends the origin bare; anything else here would never match and refuse silently.
      if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
        throw usage(
            "--rpc-cors-origins: "
                + origin
                + " is not an origin; give scheme://host[:port] with no path, e.g."
                + " https://app.example");
      }
    }
    return RpcConfig.builder()
        .host(host)
        .port(port)
        .hostAllowlist(hosts)
        .corsOrigins(origins)
        .addressRateLimit(rateLimit(addressRateLimit, "--rpc-address-rate-limit"))
        .signerRateLimit(rateLimit(signerRateLimit, "--rpc-signer-rate-limit"))
        .maxConnections(maxConnections)
        .maxConnectionsPerAddress(maxConnectionsPerAddress)
        .build();
  }

  /**
   * What an operator should hear before clients start failing: an endpoint that listens beyond this
   * machine but still answers only the loopback names refuses every remote client with 403.
   */
  public Optional<String> warning() {
    if (isLoopback(host)) {
      return Optional.empty();
    }
    List<String> hosts = list(hostAllowlist);
    if (hosts.contains("*") || !DEFAULTS.hostAllowlist().containsAll(hosts)) {
      return Optional.empty();
    }
    return Optional.of(
        "warning: --rpc-host "
            + host
            + " listens beyond this machine, but --rpc-host-allowlist answers only "
            + String.join(",", hosts)
            + ": clients reaching the node by any other name or address are refused (403). List"
            + " the names clients use, e.g. --rpc-host-allowlist rpc.example.org,10.0.0.5");
  }

  /**
   * {@code off}, {@code 0}, {@code RATE} (a burst of twice the rate, at least 1) or {@code
   * RATE/BURST}.
   */
  static RateLimit rateLimit(String text, String option) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("off") || value.equals("0")) {
      return RateLimit.UNLIMITED;
    }
    int slash = value.indexOf('/');
    try {
      BigDecimal rate = new BigDecimal(slash < 0 ? value : value.substring(0, slash).strip());
      if (rate.signum() <= 0 || rate.compareTo(MAX_RATE) > 0) {
        throw usage(
            option + " must be off or a rate above 0 and up to " + MAX_RATE + ", got " + text);
      }
      int burst =
          slash < 0
              ? rate.multiply(BigDecimal.TWO).setScale(0, RoundingMode.CEILING).intValueExact()
              : Integer.parseInt(value.substring(slash + 1).strip());
      if (burst < 1) {
        throw usage(option + " needs a burst of at least 1, got " + text);
      }
      return new RateLimit(rate.doubleValue(), burst);
    } catch (NumberFormatException | ArithmeticException bad) {
      throw usage(
          option + " must be off, RATE or RATE/BURST (requests per second / at once), got " + text);
    }
  }

  private static List<String> list(String commaSeparated) {
    List<String> items = new ArrayList<>();
    for (String item : commaSeparated.split(",")) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    return items;
  }

  /**
   * Whether binding {@code host} keeps the endpoint on this machine; unknown names count as not.
   */
  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      // Only literals are checked: a name is not resolved here, and counts as reaching out.
      return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")
          && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException notAnAddress) {
      return false;
    }
  }

  private static CliException usage(String message) {
    return new CliException(message, ExitCodes.USAGE);
  }
}
