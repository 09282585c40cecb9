package dev.sluice.rpc.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Host header values a server answers to. Checking them defeats DNS rebinding: a web page whose
 * name an attacker re-points at 127.0.0.1 still sends its own name as Host, and is refused.
 */
public final class HostAllowlist {
  private final Set<String> hosts;
  private final boolean any;

  /**
   * @param hosts host names or addresses, without port; {@code *} allows any
   */
  public HostAllowlist(List<String> hosts) {
    this.hosts =
        hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.any = this.hosts.contains("*");
  }

  /** Whether {@code host} (the Host header without its port; null when absent) is allowed. */
  public boolean allows(String host) {
    if (any) {
      return true;
    }
    if (host == null) {
      return false;
    }
    String normalized = host.toLowerCase(Locale.ROOT);
    if (normalized.startsWith("[") && normalized.endsWith("]")) {
      normalized = normalized.substring(1, normalized.length() - 1);
    }
    return hosts.contains(normalized);
  }

  /**
   * Why a request whose Host header names {@code host} (without its port; null when absent) is
   * refused, or empty when it is allowed. A long host name is cut short: it comes from the client.
   */
  public Optional<String> refusal(String host) {
    if (allows(host)) {
      return Optional.empty();
    }
    String shown = host == null || host.length() <= 64 ? host : host.substring(0, 61) + "...";
    return Optional.of(
        (host == null ? "the request has no Host header" : "Host " + shown + " is not allowed")
            + "; this node answers to "
            + this);
  }

  @Override
  public String toString() {
    return any ? "*" : String.join(",", hosts.stream().sorted().toList());
  }
}
