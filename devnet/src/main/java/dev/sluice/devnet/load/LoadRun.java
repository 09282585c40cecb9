package dev.sluice.devnet.load;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives the clients through one run: warm-up, the measurement window, then the drain that waits
 * for the acknowledgements still outstanding.
 *
 * <p>Open loop ({@code rate} present): one pacer thread makes record {@code i} due at {@code start
 * + i / rate} (after a ramp during the warm-up), round-robin over the clients, whatever happened to
 * the records before it, which is what a fleet of devices does and what latency at a given rate
 * needs. Closed loop: every client keeps its window full, which finds the most the node sustains at
 * that concurrency.
 */
final class LoadRun {
  /** Lets the transports and the monitor settle before the first record is due. */
  private static final Duration LEAD = Duration.ofMillis(200);

  private final List<LoadClient> clients;
  private final OptionalDouble rate;
  private final Duration warmup;
  private final Duration duration;
  private final Duration drain;
  private final long start;
  private final LoadMeasurements measurements;

  private volatile long worstPacerLag;
  private long drainedAt;

  LoadRun(
      List<LoadClient> clients,
      OptionalDouble rate,
      Duration warmup,
      Duration duration,
      Duration drain,
      LoadMeasurements measurements,
      long start) {
    this.clients = clients;
    this.rate = rate;
    this.warmup = warmup;
    this.duration = duration;
    this.drain = drain;
    this.measurements = measurements;
    this.start = start;
  }

  /** When the first record is due, for a run constructed now. */
  static long firstDue() {
    return System.nanoTime() + LEAD.toNanos();
  }

  static long windowStart(long start, Duration warmup) {
    return start + warmup.toNanos();
  }

  /** Runs to the end of the window, then drains; returns whether every client went idle. */
  boolean run() throws InterruptedException {
    if (rate.isPresent()) {
      Thread pacer = Thread.ofPlatform().name("load-pacer").start(this::pace);
      pacer.join();
    } else {
      sleepUntil(start);
      clients.forEach(LoadClient::startClosedLoop);
      sleepUntil(measurements.windowEnd());
      clients.forEach(LoadClient::stop);
    }
    long deadline = System.nanoTime() + drain.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (clients.stream().allMatch(LoadClient::idle)) {
        drainedAt = System.nanoTime();
        return true;
      }
      Thread.sleep(5);
    }
    clients.forEach(LoadClient::stop);
    drainedAt = System.nanoTime();
    return false;
  }

  /** Nanoseconds from the end of the window until the last outstanding acknowledgement. */
  long drainNanos() {
    return Math.max(0, drainedAt - measurements.windowEnd());
  }

  /** How far behind schedule the pacer fell at worst, in open loop. */
  long pacerLagNanos() {
    return worstPacerLag;
  }

  /**
   * Records an open-loop run schedules: the warm-up ramps from a tenth of {@code rate} to all of it
   * over its first half and holds it for the second, then the window runs at {@code rate}.
   */
  static long scheduledRecords(double rate, Duration warmup, Duration duration) {
    double records = new Schedule(rate, warmup).recordsBy(warmup.plus(duration).toNanos());
    // Records due in [start, end): a rounding error must not add one due at the very end.
    return (long) Math.ceil(records - 1e-6);
  }

  private void pace() {
    Schedule schedule = new Schedule(rate.getAsDouble(), warmup);
    long total = scheduledRecords(rate.getAsDouble(), warmup, duration);
    int n = clients.size();
    long worstLag = 0;
    long i = 0;
    while (i < total) {
      long now = System.nanoTime();
      long due = start + schedule.dueNanos(i);
      if (due - now > 0) {
        LockSupport.parkNanos(due - now);
        continue;
      }
      worstLag = Math.max(worstLag, now - due);
      // Everything due by now goes out; a late pacer catches up rather than shifting the
      // schedule, so records keep the due times the rate gives them.
      while (i < total && (due = start + schedule.dueNanos(i)) - now <= 0) {
        clients.get((int) (i % n)).due(due);
        i++;
      }
    }
    worstPacerLag = worstLag;
  }

  /**
   * When record {@code i} is due. A node started cold (interpreted code, empty caches, no
   * connections) cannot take the full rate at once; the backlog a cold start builds would spill
   * into the window and measure the JIT instead of the node, so the rate ramps up first.
   */
  record Schedule(double perNano, double rampNanos, double startFraction) {
    private static final double START_FRACTION = 0.1;

    Schedule(double rate, Duration warmup) {
      this(rate / 1e9, warmup.toNanos() / 2.0, START_FRACTION);
    }

    /** Records due in the first {@code nanos}: the integral of the rate. */
    double recordsBy(double nanos) {
      double ramp = Math.min(nanos, rampNanos);
      double inRamp =
          rampNanos == 0
              ? 0
              : perNano
                  * (startFraction * ramp + (1 - startFraction) * ramp * ramp / (2 * rampNanos));
      return inRamp + perNano * Math.max(0, nanos - rampNanos);
    }

    long dueNanos(long i) {
      double inRamp = recordsBy(rampNanos);
      if (i >= inRamp) {
        return (long) (rampNanos + (i - inRamp) / perNano);
      }
      // Inverts recordsBy on the ramp: a t^2 + b t = i.
      double a = perNano * (1 - startFraction) / (2 * rampNanos);
      double b = perNano * startFraction;
      return (long) ((-b + Math.sqrt(b * b + 4 * a * i)) / (2 * a));
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long remaining;
    while ((remaining = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(remaining);
    }
  }
}
