package dev.sluice.rpc.limits;

/**
 * One token bucket. Not thread-safe by itself; {@link KeyedRateLimiter} synchronises on it. Time
 * comes in as nanoseconds so tests can drive it with a manual clock.
 */
final class TokenBucket {
  private final double perNano;
  private final double capacity;
  private double tokens;
  private long updatedNanos;

  TokenBucket(RateLimit limit, long nowNanos) {
    this.perNano = limit.perSecond() / 1e9;
    this.capacity = limit.burst();
    this.tokens = capacity;
    this.updatedNanos = nowNanos;
  }

  boolean tryAcquire(int permits, long nowNanos) {
    refill(nowNanos);
    if (tokens < permits) {
      return false;
    }
    tokens -= permits;
    return true;
  }

  /** Whether the bucket is full, so forgetting it changes nothing. */
  boolean isFull(long nowNanos) {
    refill(nowNanos);
    return tokens >= capacity;
  }

  /** Nanoseconds until one token is available. */
  long nanosUntilToken(long nowNanos) {
    refill(nowNanos);
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - updatedNanos;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * perNano);
      updatedNanos = nowNanos;
    }
  }
}
