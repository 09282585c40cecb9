package dev.sluice.sequencer;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded waits for what the pipeline's threads do; a test never sleeps for time to pass. */
public final class Await {
  static final Duration LIMIT = Duration.ofSeconds(15);

  private Await() {}

  public static <T> T result(CompletableFuture<T> future) {
    try {
      return future.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      throw new AssertionError("the future failed", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the future did not complete within " + LIMIT, e);
    }
  }

  /** The rejection {@code future} fails with. */
  static SubmissionRejectedException rejection(CompletableFuture<?> future) {
    ExecutionException failure =
        assertThrows(
            ExecutionException.class, () -> future.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
    return assertInstanceOf(SubmissionRejectedException.class, failure.getCause());
  }

  /** Waits until {@code condition} holds, checking every 100 µs, for at most {@link #LIMIT}. */
  static void until(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + LIMIT + ": " + what);
      }
      LockSupport.parkNanos(100_000);
    }
  }
}
