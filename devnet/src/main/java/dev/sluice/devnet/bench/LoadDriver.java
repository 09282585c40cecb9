package dev.sluice.devnet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs one {@link RunShape} against one target's prepared records: one thread per client, each
 * sending its records in order and waiting for each acknowledgement, so both systems are driven by
 * exactly the same code and concurrency.
 */
final class LoadDriver {
  /** Lets the threads start before the first record is due. */
  private static final Duration LEAD = Duration.ofMillis(100);

  private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);

  private LoadDriver() {}

  /**
   * Runs {@code shape} and waits at most {@code drain} after the window for the records still due;
   * records not sent by then are counted as not acknowledged.
   */
  static RunResult run(
      BenchTarget.PreparedRun prepared, int clients, RunShape shape, Duration drain)
      throws InterruptedException {
    long start = System.nanoTime() + LEAD.toNanos();
    Plan plan = Plan.of(shape, start, clients);
    long hardDeadline = plan.windowEnd + drain.toNanos();
    List<ClientTally> tallies = new ArrayList<>(clients);
    List<Thread> threads = new ArrayList<>(clients);
    for (int c = 0; c < clients; c++) {
      ClientTally tally = new ClientTally();
      tallies.add(tally);
      int client = c;
      threads.add(
          Thread.ofPlatform()
              .name("bench-client-" + c)
              .start(() -> drive(prepared, client, clients, plan, hardDeadline, tally)));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return summarize(shape, plan, tallies);
  }

  private static void drive(
      BenchTarget.PreparedRun prepared,
      int client,
      int clients,
      Plan plan,
      long hardDeadline,
      ClientTally tally) {
    int size = prepared.size(client);
    boolean expired = false;
    for (int j = 0; ; j++) {
      long i = (long) j * clients + client;
      long due;
      if (plan.closedLoop) {
        long now = System.nanoTime();
        if (now - plan.start < 0) {
          sleepUntil(plan.start);
          now = System.nanoTime();
        }
        if (now - plan.windowEnd >= 0) {
          return;
        }
        due = now;
      } else {
        if (i >= plan.total) {
          return;
        }
        due = plan.dueNanos(i);
      }
      boolean inWindow = due - plan.windowStart >= 0 && due - plan.windowEnd < 0;
      if (j >= size) {
        // Ran out of signed records: in open loop the record was due and is never acknowledged;
        // a closed-loop client just stops, and the run reports that it was sized too small.
        tally.exhausted++;
        if (plan.closedLoop) {
          return;
        }
        if (inWindow) {
          tally.due++;
        }
        continue;
      }
      if (inWindow) {
        tally.due++;
      }
      if (expired) {
        continue; // past the drain: the rest are counted as due and never acknowledged
      }
      sleepUntil(due);
      long sent = System.nanoTime();
      if (sent - hardDeadline >= 0) {
        if (plan.closedLoop) {
          return;
        }
        expired = true;
        continue;
      }
      try {
        prepared.send(client, j);
        long ack = System.nanoTime();
        tally.lastAck = Math.max(tally.lastAck, ack - plan.start);
        if (ack - plan.windowStart >= 0 && ack - plan.windowEnd < 0) {
          tally.ackedInWindow++;
        }
        if (inWindow) {
          tally.acked++;
          tally.latency.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, ack - due)));
        }
      } catch (Exception e) {
        tally.errors++;
        if (tally.firstError == null) {
          tally.firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
      }
    }
  }

  private static RunResult summarize(RunShape shape, Plan plan, List<ClientTally> tallies) {
    Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    long acked = 0;
    long due = 0;
    long ackedInWindow = 0;
    long errors = 0;
    long exhausted = 0;
    long lastAck = 0;
    Optional<String> firstError = Optional.empty();
    for (ClientTally t : tallies) {
      latency.add(t.latency);
      acked += t.acked;
      due += t.due;
      ackedInWindow += t.ackedInWindow;
      errors += t.errors;
      exhausted += t.exhausted;
      lastAck = Math.max(lastAck, t.lastAck);
      if (firstError.isEmpty() && t.firstError != null) {
        firstError = Optional.of(t.firstError);
      }
    }
    double windowSeconds = (plan.windowEnd - plan.windowStart) / 1e9;
    double seconds;
    double offered;
    double achieved;
    if (shape instanceof RunShape.Burst) {
      // The window is the burst itself: from the instant it is due until its last acknowledgement.
      seconds = Math.max(1e-9, lastAck / 1e9);
      offered = Double.NaN;
      achieved = acked / seconds;
    } else {
      seconds = windowSeconds;
      offered = due / seconds;
      achieved = ackedInWindow / seconds;
    }
    return new RunResult(
        offered,
        achieved,
        millis(latency.getValueAtPercentile(50)),
        millis(latency.getValueAtPercentile(99)),
        millis(latency.getValueAtPercentile(99.9)),
        millis(latency.getMaxValue()),
        acked,
        due,
        errors,
        exhausted,
        seconds,
        firstError);
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  private static void sleepUntil(long nanos) {
    long remaining;
    while ((remaining = nanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(remaining);
    }
  }

  /** When each record is due and where the measurement window lies, for one shape. */
  private record Plan(
      RunShape shape,
      long start,
      long windowStart,
      long windowEnd,
      long total,
      boolean closedLoop) {
    static Plan of(RunShape shape, long start, int clients) {
      return switch (shape) {
        case RunShape.OpenLoop open -> {
          long windowStart = start + open.warmup().toNanos();
          yield new Plan(
              shape,
              start,
              windowStart,
              windowStart + open.window().toNanos(),
              (long) Math.ceil(open.recordsDue() - 1e-6),
              false);
        }
        case RunShape.ClosedLoop closed -> {
          long windowStart = start + closed.warmup().toNanos();
          yield new Plan(
              shape,
              start,
              windowStart,
              windowStart + closed.window().toNanos(),
              Long.MAX_VALUE,
              true);
        }
        // Every record of a burst is due at the start; the window is open until they are done.
        case RunShape.Burst burst ->
            new Plan(shape, start, start, start + 1, burst.records(), false);
      };
    }

    long dueNanos(long i) {
      return shape instanceof RunShape.OpenLoop open ? start + open.dueNanos(i) : start;
    }
  }

  /** One client's counts; only its own thread writes them, read after it ends. */
  private static final class ClientTally {
    final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    long due;
    long acked;
    long ackedInWindow;
    long errors;
    long exhausted;
    long lastAck;
    String firstError;
  }
}
