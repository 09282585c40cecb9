package dev.sluice.rpc.http;

import java.util.List;
import java.util.Set;

/**
 * Which browser origins may call the node. Empty by default: no CORS headers are sent and any
 * request that carries an Origin header is refused, so a web page cannot make a visitor's browser
 * submit records to a node on the visitor's machine.
 */
public final class CorsPolicy {
  private final Set<String> origins;

  /**
   * @param origins exact origins ({@code https://app.example}) or {@code *}
   */
  public CorsPolicy(List<String> origins) {
    this.origins = Set.copyOf(origins);
  }

  public boolean enabled() {
    return !origins.isEmpty();
  }

  /** Whether a request with this Origin header (null when absent) may be served. */
  public boolean allows(String origin) {
    return origin == null || origins.contains("*") || origins.contains(origin);
  }
}
