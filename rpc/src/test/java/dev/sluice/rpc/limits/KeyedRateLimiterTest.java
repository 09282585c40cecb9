package dev.sluice.rpc.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.rpc.ManualClock;
import dev.sluice.rpc.jsonrpc.JsonRpcError;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyedRateLimiterTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final AtomicInteger refusals = new AtomicInteger();

  private KeyedRateLimiter limiter(RateLimit limit, int maxKeys) {
    return new KeyedRateLimiter(
        "address", "requests", limit, clock, maxKeys, refusals::incrementAndGet);
  }

  @Test
  void shouldAllowTheBurstThenRefillAtTheRate() {
    KeyedRateLimiter limiter = limiter(new RateLimit(10, 3), 100);
    for (int i = 0; i < 3; i++) {
      assertTrue(limiter.tryAcquire("a", 1));
    }
    assertFalse(limiter.tryAcquire("a", 1));
    assertEquals(1, refusals.get());
    clock.advance(Duration.ofMillis(100));
    assertTrue(limiter.tryAcquire("a", 1), "one token refills in 1/rate seconds");
    assertFalse(limiter.tryAcquire("a", 1));
    clock.advance(Duration.ofSeconds(60));
    assertTrue(limiter.tryAcquire("a", 3), "refills up to the burst");
    assertFalse(limiter.tryAcquire("a", 1), "and no further");
  }

  @Test
  void shouldKeepOneBucketPerKey() {
    KeyedRateLimiter limiter = limiter(new RateLimit(1, 1), 100);
    assertTrue(limiter.tryAcquire("a", 1));
    assertFalse(limiter.tryAcquire("a", 1));
    assertTrue(limiter.tryAcquire("b", 1));
  }

  @Test
  void shouldSayWhenToRetry() {
    KeyedRateLimiter limiter = limiter(new RateLimit(4, 1), 100);
    limiter.tryAcquire("a", 1);
    JsonRpcError refusal = limiter.refusal("a");
    assertEquals(RpcErrorType.RATE_LIMITED, refusal.type());
    assertEquals(-32005, refusal.code());
    assertEquals(250L, refusal.data().get("retryAfterMs"));
    assertTrue(refusal.message().contains("retry in 250 ms"), refusal.message());
  }

  @Test
  void shouldBoundItsKeysByForgettingFullBucketsThenSharingAnOverflowBucket() {
    KeyedRateLimiter limiter = limiter(new RateLimit(1, 2), 3);
    for (String key : new String[] {"a", "b", "c"}) {
      assertTrue(limiter.tryAcquire(key, 2));
    }
    assertTrue(
        limiter.tryAcquire("d", 2), "new keys share the overflow bucket while all are in use");
    assertFalse(limiter.tryAcquire("e", 1), "and that bucket is limited too");
    assertEquals(4, limiter.trackedKeys());
    clock.advance(Duration.ofSeconds(5));
    assertTrue(limiter.tryAcquire("f", 1));
    assertTrue(limiter.trackedKeys() <= 3, "full buckets were forgotten");
  }

  @Test
  void shouldLetEverythingThroughWhenUnlimited() {
    KeyedRateLimiter limiter = limiter(RateLimit.UNLIMITED, 1);
    for (int i = 0; i < 1000; i++) {
      assertTrue(limiter.tryAcquire("key" + i, 100));
    }
    assertEquals(0, limiter.trackedKeys());
  }
}
