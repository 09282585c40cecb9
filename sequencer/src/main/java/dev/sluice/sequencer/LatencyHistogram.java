package dev.sluice.sequencer;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations in power-of-two buckets of nanoseconds: fixed memory, lock-free recording from any
 * thread, and the cumulative buckets a metrics exporter publishes as a histogram. A percentile read
 * from it is the upper bound of its bucket, so it is exact to within a factor of two; benchmarks
 * that need more use HdrHistogram.
 */
public final class LatencyHistogram {
  /** Bucket {@code i} counts durations below 2^i ns and, for i ≥ 1, at least 2^(i−1) ns. */
  public static final int BUCKETS = 41;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final LongAdder sumNanos = new LongAdder();
  private final AtomicLong maxNanos = new AtomicLong();

  void record(long nanos) {
    long value = Math.max(0, nanos);
    int bucket = Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(value));
    counts.incrementAndGet(bucket);
    sumNanos.add(value);
    maxNanos.accumulateAndGet(value, Math::max);
  }

  /** The counts so far; later recordings do not change it. */
  public Snapshot snapshot() {
    long[] buckets = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      buckets[i] = counts.get(i);
    }
    return new Snapshot(Arrays.stream(buckets).sum(), sumNanos.sum(), maxNanos.get(), buckets);
  }

  /**
   * @param count durations recorded
   * @param sumNanos their sum
   * @param maxNanos the longest
   * @param buckets the count of each bucket, {@link #BUCKETS} of them
   */
  public record Snapshot(long count, long sumNanos, long maxNanos, long[] buckets) {

    public Snapshot {
      buckets = buckets.clone();
    }

    @Override
    public long[] buckets() {
      return buckets.clone();
    }

    /** The exclusive upper bound of bucket {@code bucket}, in nanoseconds. */
    public static long upperBoundNanos(int bucket) {
      return 1L << bucket;
    }

    /**
     * The upper bound of the bucket holding the {@code quantile} (0 to 1) of the recorded
     * durations, capped at the longest one; 0 when nothing was recorded.
     */
    public long quantileNanos(double quantile) {
      if (count == 0) {
        return 0;
      }
      long rank = Math.max(1, (long) Math.ceil(quantile * count));
      long seen = 0;
      for (int i = 0; i < buckets.length; i++) {
        seen += buckets[i];
        if (seen >= rank) {
          return Math.min(upperBoundNanos(i), maxNanos);
        }
      }
      return maxNanos;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Snapshot that
          && count == that.count
          && sumNanos == that.sumNanos
          && maxNanos == that.maxNanos
          && Arrays.equals(buckets, that.buckets);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(count) * 31 + Arrays.hashCode(buckets);
    }

    @Override
    public String toString() {
      return "Snapshot[count=" + count + ", sumNanos=" + sumNanos + ", maxNanos=" + maxNanos + "]";
    }
  }
}
