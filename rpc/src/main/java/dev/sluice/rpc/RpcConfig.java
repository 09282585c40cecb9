package dev.sluice.rpc;

import dev.sluice.rpc.limits.RateLimit;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the RPC server can be told, each with a safe default (docs/rpc.md lists them).
 * Immutable; build one with {@link #builder()}.
 */
public final class RpcConfig {
  private final String host;
  private final int port;
  private final List<String> hostAllowlist;
  private final List<String> corsOrigins;
  private final int maxRequestBodyBytes;
  private final int maxRecordBytes;
  private final int maxBatchSize;
  private final int maxJsonDepth;
  private final int maxWebSocketFrameBytes;
  private final int maxWebSocketMessageBytes;
  private final int maxSubscriptionsPerConnection;
  private final int maxPendingNotifications;
  private final int maxConnections;
  private final int maxConnectionsPerAddress;
  private final Duration headerTimeout;
  private final Duration requestTimeout;
  private final Duration idleTimeout;
  private final Duration webSocketPingInterval;
  private final RateLimit addressRateLimit;
  private final RateLimit signerRateLimit;
  private final int maxRateLimitedKeys;
  private final Duration receiptWait;
  private final Duration maxReceiptWait;
  private final int workerThreads;
  private final int workerQueue;
  private final Optional<AdminConfig> admin;

  private RpcConfig(Builder builder) {
    this.host = builder.host;
    this.port = builder.port;
    this.hostAllowlist = List.copyOf(builder.hostAllowlist);
    this.corsOrigins = List.copyOf(builder.corsOrigins);
    this.maxRequestBodyBytes = builder.maxRequestBodyBytes;
    this.maxRecordBytes = builder.maxRecordBytes;
    this.maxBatchSize = builder.maxBatchSize;
    this.maxJsonDepth = builder.maxJsonDepth;
    this.maxWebSocketFrameBytes = builder.maxWebSocketFrameBytes;
    this.maxWebSocketMessageBytes = builder.maxWebSocketMessageBytes;
    this.maxSubscriptionsPerConnection = builder.maxSubscriptionsPerConnection;
    this.maxPendingNotifications = builder.maxPendingNotifications;
    this.maxConnections = builder.maxConnections;
    this.maxConnectionsPerAddress = builder.maxConnectionsPerAddress;
    this.headerTimeout = builder.headerTimeout;
    this.requestTimeout = builder.requestTimeout;
    this.idleTimeout = builder.idleTimeout;
    this.webSocketPingInterval = builder.webSocketPingInterval;
    this.addressRateLimit = builder.addressRateLimit;
    this.signerRateLimit = builder.signerRateLimit;
    this.maxRateLimitedKeys = builder.maxRateLimitedKeys;
    this.receiptWait = builder.receiptWait;
    this.maxReceiptWait = builder.maxReceiptWait;
    this.workerThreads = builder.workerThreads;
    this.workerQueue = builder.workerQueue;
    this.admin = builder.admin;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults: loopback, port 8645 (8545 is the L1 node's by custom), every limit at its
   * documented value, no operator port.
   */
  public static RpcConfig defaults() {
    return builder().build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The address to bind; 127.0.0.1 by default. */
  public String host() {
    return host;
  }

  /** 0 picks a free port. */
  public int port() {
    return port;
  }

  /** Host header values accepted (without port); {@code *} accepts any. */
  public List<String> hostAllowlist() {
    return hostAllowlist;
  }

  /**
   * Origins browsers may call from; empty (no CORS, Origin-carrying requests refused) by default.
   */
  public List<String> corsOrigins() {
    return corsOrigins;
  }

  public int maxRequestBodyBytes() {
    return maxRequestBodyBytes;
  }

  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  public int maxBatchSize() {
    return maxBatchSize;
  }

  public int maxJsonDepth() {
    return maxJsonDepth;
  }

  public int maxWebSocketFrameBytes() {
    return maxWebSocketFrameBytes;
  }

  public int maxWebSocketMessageBytes() {
    return maxWebSocketMessageBytes;
  }

  public int maxSubscriptionsPerConnection() {
    return maxSubscriptionsPerConnection;
  }

  public int maxPendingNotifications() {
    return maxPendingNotifications;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public int maxConnectionsPerAddress() {
    return maxConnectionsPerAddress;
  }

  /** From connection (or the previous response) to the end of a request's headers. */
  public Duration headerTimeout() {
    return headerTimeout;
  }

  /** From the end of a request's headers to the end of its body. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** A connection with no traffic either way for this long is closed. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  public Duration webSocketPingInterval() {
    return webSocketPingInterval;
  }

  public RateLimit addressRateLimit() {
    return addressRateLimit;
  }

  public RateLimit signerRateLimit() {
    return signerRateLimit;
  }

  public int maxRateLimitedKeys() {
    return maxRateLimitedKeys;
  }

  public Duration receiptWait() {
    return receiptWait;
  }

  public Duration maxReceiptWait() {
    return maxReceiptWait;
  }

  public int workerThreads() {
    return workerThreads;
  }

  public int workerQueue() {
    return workerQueue;
  }

  public Optional<AdminConfig> admin() {
    return admin;
  }

  /** Builds an {@link RpcConfig}; every setter has a documented default. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8645;
    private List<String> hostAllowlist = List.of("localhost", "127.0.0.1");
    private List<String> corsOrigins = List.of();
    private int maxRequestBodyBytes = 256 * 1024;
    private int maxRecordBytes = 64 * 1024;
    private int maxBatchSize = 100;
    private int maxJsonDepth = 32;
    // A record of the largest size is ~124 KiB as hex; one frame must hold it.
    private int maxWebSocketFrameBytes = 128 * 1024;
    private int maxWebSocketMessageBytes = 256 * 1024;
    private int maxSubscriptionsPerConnection = 16;
    private int maxPendingNotifications = 4096;
    private int maxConnections = 256;
    private int maxConnectionsPerAddress = 32;
    private Duration headerTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration webSocketPingInterval = Duration.ofSeconds(30);
    private RateLimit addressRateLimit = new RateLimit(200, 400);
    private RateLimit signerRateLimit = new RateLimit(100, 200);
    private int maxRateLimitedKeys = 100_000;
    private Duration receiptWait = Duration.ofSeconds(10);
    private Duration maxReceiptWait = Duration.ofSeconds(30);
    private int workerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private int workerQueue = 4096;
    private Optional<AdminConfig> admin = Optional.empty();

    private Builder() {}

    private Builder(RpcConfig config) {
      host = config.host;
      port = config.port;
      hostAllowlist = config.hostAllowlist;
      corsOrigins = config.corsOrigins;
      maxRequestBodyBytes = config.maxRequestBodyBytes;
      maxRecordBytes = config.maxRecordBytes;
      maxBatchSize = config.maxBatchSize;
      maxJsonDepth = config.maxJsonDepth;
      maxWebSocketFrameBytes = config.maxWebSocketFrameBytes;
      maxWebSocketMessageBytes = config.maxWebSocketMessageBytes;
      maxSubscriptionsPerConnection = config.maxSubscriptionsPerConnection;
      maxPendingNotifications = config.maxPendingNotifications;
      maxConnections = config.maxConnections;
      maxConnectionsPerAddress = config.maxConnectionsPerAddress;
      headerTimeout = config.headerTimeout;
      requestTimeout = config.requestTimeout;
      idleTimeout = config.idleTimeout;
      webSocketPingInterval = config.webSocketPingInterval;
      addressRateLimit = config.addressRateLimit;
      signerRateLimit = config.signerRateLimit;
      maxRateLimitedKeys = config.maxRateLimitedKeys;
      receiptWait = config.receiptWait;
      maxReceiptWait = config.maxReceiptWait;
      workerThreads = config.workerThreads;
      workerQueue = config.workerQueue;
      admin = config.admin;
    }

    public Builder host(String value) {
      host = Objects.requireNonNull(value);
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder hostAllowlist(List<String> value) {
      hostAllowlist = value;
      return this;
    }

    public Builder corsOrigins(List<String> value) {
      corsOrigins = value;
      return this;
    }

    public Builder maxRequestBodyBytes(int value) {
      maxRequestBodyBytes = value;
      return this;
    }

    public Builder maxRecordBytes(int value) {
      maxRecordBytes = value;
      return this;
    }

    public Builder maxBatchSize(int value) {
      maxBatchSize = value;
      return this;
    }

    public Builder maxJsonDepth(int value) {
      maxJsonDepth = value;
      return this;
    }

    public Builder maxWebSocketFrameBytes(int value) {
      maxWebSocketFrameBytes = value;
      return this;
    }

    public Builder maxWebSocketMessageBytes(int value) {
      maxWebSocketMessageBytes = value;
      return this;
    }

    public Builder maxSubscriptionsPerConnection(int value) {
      maxSubscriptionsPerConnection = value;
      return this;
    }

    public Builder maxPendingNotifications(int value) {
      maxPendingNotifications = value;
      return this;
    }

    public Builder maxConnections(int value) {
      maxConnections = value;
      return this;
    }

    public Builder maxConnectionsPerAddress(int value) {
      maxConnectionsPerAddress = value;
      return this;
    }

    public Builder headerTimeout(Duration value) {
      headerTimeout = value;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      requestTimeout = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      idleTimeout = value;
      return this;
    }

    public Builder webSocketPingInterval(Duration value) {
      webSocketPingInterval = value;
      return this;
    }

    public Builder addressRateLimit(RateLimit value) {
      addressRateLimit = value;
      return this;
    }

    public Builder signerRateLimit(RateLimit value) {
      signerRateLimit = value;
      return this;
    }

    public Builder maxRateLimitedKeys(int value) {
      maxRateLimitedKeys = value;
      return this;
    }

    public Builder receiptWait(Duration value) {
      receiptWait = value;
      return this;
    }

    public Builder maxReceiptWait(Duration value) {
      maxReceiptWait = value;
      return this;
    }

    public Builder workerThreads(int value) {
      workerThreads = value;
      return this;
    }

    public Builder workerQueue(int value) {
      workerQueue = value;
      return this;
    }

    public Builder admin(AdminConfig value) {
      admin = Optional.of(value);
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public RpcConfig build() {
      requireRange("port", port, 0, 65_535);
      requireRange("maxRequestBodyBytes", maxRequestBodyBytes, 1024, 64 * 1024 * 1024);
      requireRange("maxRecordBytes", maxRecordBytes, 128, 1024 * 1024);
      requireRange("maxBatchSize", maxBatchSize, 1, 100_000);
      requireRange("maxJsonDepth", maxJsonDepth, 8, 1000);
      requireRange("maxWebSocketFrameBytes", maxWebSocketFrameBytes, 1024, 64 * 1024 * 1024);
      requireRange(
          "maxWebSocketMessageBytes",
          maxWebSocketMessageBytes,
          maxWebSocketFrameBytes,
          64 * 1024 * 1024);
      requireRange("maxSubscriptionsPerConnection", maxSubscriptionsPerConnection, 0, 10_000);
      requireRange("maxPendingNotifications", maxPendingNotifications, 1, 10_000_000);
      requireRange("maxConnections", maxConnections, 1, 1_000_000);
      requireRange("maxConnectionsPerAddress", maxConnectionsPerAddress, 1, maxConnections);
      requireRange("maxRateLimitedKeys", maxRateLimitedKeys, 1, 100_000_000);
      requireRange("workerThreads", workerThreads, 1, 1024);
      requireRange("workerQueue", workerQueue, 1, 10_000_000);
      requirePositive("headerTimeout", headerTimeout);
      requirePositive("requestTimeout", requestTimeout);
      requirePositive("idleTimeout", idleTimeout);
      requirePositive("webSocketPingInterval", webSocketPingInterval);
      requirePositive("receiptWait", receiptWait);
      requirePositive("maxReceiptWait", maxReceiptWait);
      if (receiptWait.compareTo(maxReceiptWait) > 0) {
        throw new IllegalArgumentException("receiptWait must not exceed maxReceiptWait");
      }
      if (maxReceiptWait.compareTo(idleTimeout) >= 0) {
        // A connection waiting for a receipt carries no traffic; the idle timeout would close it.
        throw new IllegalArgumentException(
            "maxReceiptWait ("
                + maxReceiptWait
                + ") must be shorter than idleTimeout ("
                + idleTimeout
                + ")");
      }
      if (hostAllowlist.isEmpty()) {
        throw new IllegalArgumentException(
            "hostAllowlist is empty, which would refuse every request; use \"*\" to allow any"
                + " host");
      }
      return new RpcConfig(this);
    }

    private static void requireRange(String name, long value, long min, long max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be " + min + " to " + max + ", got " + value);
      }
    }

    private static void requirePositive(String name, Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
      }
    }
  }
}
