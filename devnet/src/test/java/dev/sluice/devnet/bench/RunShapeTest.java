package dev.sluice.devnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunShapeTest {
  @Test
  void shouldScheduleTheFullRateAfterTheRamp() {
    RunShape.OpenLoop open =
        new RunShape.OpenLoop(1000, Duration.ofSeconds(2), Duration.ofSeconds(4));
    // Ramp over 1 s from 10 % to 100 %: 550 records; then 1000/s for 5 s.
    assertEquals(5550, open.recordsDue(), 1e-6);
    long first = open.dueNanos(550);
    assertEquals(1_000_000_000L, first, 2);
    assertEquals(1_000_000L, open.dueNanos(551) - first, 2);
  }

  @Test
  void dueTimesShouldRiseAndInvertTheScheduleForRandomShapes() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      double rate = 10 + random.nextInt(50_000);
      Duration warmup = Duration.ofMillis(random.nextInt(3000));
      RunShape.OpenLoop open = new RunShape.OpenLoop(rate, warmup, Duration.ofSeconds(1));
      long total = (long) open.recordsDue();
      long previous = -1;
      for (long i = 0; i < total; i += 1 + total / 97) {
        long due = open.dueNanos(i);
        assertTrue(due >= previous, "due times must not fall: " + open + " at " + i);
        // dueWithin(dueNanos(i)) is i, within a record.
        assertEquals(i, open.dueWithin(due), 1.0, open + " at " + i);
        previous = due;
      }
    }
  }

  @Test
  void shouldGiveEveryClientEnoughRecords() {
    RunShape.OpenLoop open =
        new RunShape.OpenLoop(999, Duration.ofSeconds(1), Duration.ofSeconds(3));
    assertTrue((long) open.recordsPerClient(7) * 7 >= open.recordsDue());
    assertEquals(143, new RunShape.Burst(1000).recordsPerClient(7));
    RunShape.ClosedLoop closed =
        new RunShape.ClosedLoop(Duration.ofSeconds(1), Duration.ofSeconds(1), 1000);
    assertEquals(501, closed.recordsPerClient(4));
  }

  @Test
  void shouldRejectShapesThatCannotRun() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new RunShape.OpenLoop(0, Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> new RunShape.Burst(0));
  }
}
