package dev.sluice.rpc;

import dev.sluice.rpc.auth.JwtSecret;
import java.time.Duration;
import java.util.Objects;

/**
 * The operator port: a separate listener for {@code admin_} methods, each request carrying an HS256
 * JWT signed with {@code secret} (as the Ethereum Engine API's port does).
 *
 * @param host the address to bind, loopback unless the operator says otherwise
 * @param port 0 picks a free port
 * @param allowedSkew how far a token's {@code iat} may be from the node's clock
 */
public record AdminConfig(String host, int port, JwtSecret secret, Duration allowedSkew) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8551;
  public static final Duration DEFAULT_SKEW = Duration.ofSeconds(60);

  public AdminConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(allowedSkew, "allowedSkew");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("admin port must be 0-65535, got " + port);
    }
    if (allowedSkew.isNegative()) {
      throw new IllegalArgumentException("allowedSkew must not be negative");
    }
  }

  /** Loopback, port 8551, ±60 s. */
  public static AdminConfig withSecret(JwtSecret secret) {
    return new AdminConfig(DEFAULT_HOST, DEFAULT_PORT, secret, DEFAULT_SKEW);
  }

  public AdminConfig withPort(int newPort) {
    return new AdminConfig(host, newPort, secret, allowedSkew);
  }
}
