package dev.sluice.rpc.limits;

import dev.sluice.rpc.jsonrpc.JsonRpcError;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a remote address, a record's signer).
 *
 * <p>The map of buckets is bounded: past {@code maxKeys} it forgets full buckets, which lose
 * nothing by being forgotten; if every bucket is in use, new keys share one overflow bucket, so an
 * attacker minting keys throttles only other new keys and memory stays bounded.
 */
public final class KeyedRateLimiter {
  private static final String OVERFLOW = "\0overflow";

  private final String subject;
  private final String unit;
  private final RateLimit limit;
  private final InstantSource clock;
  private final int maxKeys;
  private final Runnable onRefused;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param subject what a key is, for messages ("address", "signer")
   * @param unit what a token pays for, for messages ("requests", "records")
   * @param onRefused called on every refusal, for metrics
   */
  public KeyedRateLimiter(
      String subject,
      String unit,
      RateLimit limit,
      InstantSource clock,
      int maxKeys,
      Runnable onRefused) {
    this.subject = subject;
    this.unit = unit;
    this.limit = limit;
    this.clock = clock;
    this.maxKeys = maxKeys;
    this.onRefused = onRefused;
  }

  public boolean enabled() {
    return limit.enabled();
  }

  /** Takes {@code permits} tokens from {@code key}'s bucket if it has them. */
  public boolean tryAcquire(String key, int permits) {
    if (!limit.enabled()) {
      return true;
    }
    long now = nanos(clock.instant());
    TokenBucket bucket = bucketOf(key, now);
    boolean granted;
    synchronized (bucket) {
      granted = bucket.tryAcquire(permits, now);
    }
    if (!granted) {
      onRefused.run();
    }
    return granted;
  }

  /** The error for a refused {@code key}, saying which limit and when to retry. */
  public JsonRpcError refusal(String key) {
    long now = nanos(clock.instant());
    TokenBucket bucket = buckets.getOrDefault(key, buckets.get(OVERFLOW));
    long waitMillis = 0;
    if (bucket != null) {
      synchronized (bucket) {
        waitMillis = Math.max(1, bucket.nanosUntilToken(now) / 1_000_000);
      }
    }
    return JsonRpcError.of(
        RpcErrorType.RATE_LIMITED,
        subject
            + " "
            + key
            + " sent more "
            + unit
            + " than its limit of "
            + limit
            + "; retry in "
            + waitMillis
            + " ms",
        Map.of(subject, key, "retryAfterMs", waitMillis));
  }

  int trackedKeys() {
    return buckets.size();
  }

  private TokenBucket bucketOf(String key, long now) {
    TokenBucket existing = buckets.get(key);
    if (existing != null) {
      return existing;
    }
    if (buckets.size() >= maxKeys) {
      sweep(now);
      if (buckets.size() >= maxKeys) {
        return buckets.computeIfAbsent(OVERFLOW, ignored -> new TokenBucket(limit, now));
      }
    }
    return buckets.computeIfAbsent(key, ignored -> new TokenBucket(limit, now));
  }

  private void sweep(long now) {
    buckets
        .entrySet()
        .removeIf(
            entry -> {
              synchronized (entry.getValue()) {
                return entry.getValue().isFull(now);
              }
            });
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
