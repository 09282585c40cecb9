package dev.sluice.devnet.bench;

import java.time.Duration;

/**
 * How the records of one run are offered. Every client sends its records one after another (one in
 * flight per connection, as an account's records over HTTP must go for both systems: a nonce may
 * not overtake its predecessor).
 */
sealed interface RunShape {

  /** A short label for tables. */
  String label();

  /** Records each client needs for this shape. */
  int recordsPerClient(int clients);

  /**
   * Open loop: record {@code i} (round-robin over the clients) is due at {@code i / rate} after the
   * start, whatever happened to earlier records, as a fleet of devices sends. Over the first half
   * of the warm-up the rate ramps from a tenth to all of it, so a cold start's backlog does not
   * spill into the window. Latency is measured from each record's due time, so a system that falls
   * behind is charged for the wait (no coordinated omission).
   */
  record OpenLoop(double rate, Duration warmup, Duration window) implements RunShape {
    public OpenLoop {
      if (!(rate > 0)) {
        throw new IllegalArgumentException("rate must be positive, got " + rate);
      }
    }

    @Override
    public String label() {
      return String.format(java.util.Locale.ROOT, "%,.0f/s", rate);
    }

    @Override
    public int recordsPerClient(int clients) {
      return (int) Math.ceil(recordsDue() / clients) + 1;
    }

    /** Records due over the warm-up and the window. */
    double recordsDue() {
      return dueWithin(warmup.plus(window).toNanos());
    }

    /** Records due in the first {@code nanos}: the integral of the ramped rate. */
    double dueWithin(double nanos) {
      double perNano = rate / 1e9;
      double ramp = warmup.toNanos() / 2.0;
      double inRamp = Math.min(nanos, ramp);
      double rampRecords =
          ramp == 0 ? 0 : perNano * (0.1 * inRamp + 0.9 * inRamp * inRamp / (2 * ramp));
      return rampRecords + perNano * Math.max(0, nanos - ramp);
    }

    /** When record {@code i} is due, in nanoseconds from the start. */
    long dueNanos(long i) {
      double perNano = rate / 1e9;
      double ramp = warmup.toNanos() / 2.0;
      double inRamp = dueWithin(ramp);
      if (i >= inRamp) {
        return (long) (ramp + (i - inRamp) / perNano);
      }
      // Inverts dueWithin on the ramp: a t^2 + b t = i.
      double a = perNano * 0.9 / (2 * ramp);
      double b = perNano * 0.1;
      return (long) ((-b + Math.sqrt(b * b + 4 * a * i)) / (2 * a));
    }
  }

  /**
   * Closed loop: each client sends its next record as soon as the last is acknowledged; what the
   * system sustains at this concurrency. {@code expectedRate} sizes the records signed beforehand.
   */
  record ClosedLoop(Duration warmup, Duration window, double expectedRate) implements RunShape {
    @Override
    public String label() {
      return "max";
    }

    @Override
    public int recordsPerClient(int clients) {
      double seconds = warmup.plus(window).toNanos() / 1e9;
      return (int) Math.ceil(expectedRate * seconds / clients) + 1;
    }
  }

  /**
   * A burst: {@code records} records all due at the same instant on an idle system, spread over the
   * clients; measures how long the backlog takes to clear and the latency each record sees.
   */
  record Burst(int records) implements RunShape {
    public Burst {
      if (records < 1) {
        throw new IllegalArgumentException("a burst has at least one record, got " + records);
      }
    }

    @Override
    public String label() {
      return String.format(java.util.Locale.ROOT, "burst of %,d", records);
    }

    @Override
    public int recordsPerClient(int clients) {
      return (records + clients - 1) / clients;
    }
  }
}
