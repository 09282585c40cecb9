package dev.sluice.devnet.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadRunTest {
  private static final Duration WARMUP = Duration.ofSeconds(20);
  private static final Duration WINDOW = Duration.ofSeconds(30);

  @Test
  void shouldRampDuringTheFirstHalfOfTheWarmupThenHoldTheRate() {
    LoadRun.Schedule schedule = new LoadRun.Schedule(10_000, WARMUP);
    // Ramp: 10 s from 1,000/s to 10,000/s is 55,000 records; then 10,000/s.
    assertEquals(55_000, schedule.recordsBy(10e9), 1e-6);
    assertEquals(155_000, schedule.recordsBy(20e9), 1e-6);
    assertEquals(455_000, LoadRun.scheduledRecords(10_000, WARMUP, WINDOW));
    long previous = -1;
    for (long i = 0; i < 455_000; i += 997) {
      long due = schedule.dueNanos(i);
      assertTrue(due > previous, "due times increase");
      assertEquals(i, schedule.recordsBy(due), 1.0, "dueNanos inverts recordsBy");
      previous = due;
    }
    assertEquals(1e9 / 1_000, schedule.dueNanos(1), 1e3, "a tenth of the rate at first");
    assertEquals(
        1e9 / 10_000, schedule.dueNanos(200_001) - schedule.dueNanos(200_000), 2, "the full rate");
  }

  @Test
  void shouldRunAtTheRateFromTheStartWithoutWarmup() {
    LoadRun.Schedule schedule = new LoadRun.Schedule(1_000, Duration.ZERO);
    assertEquals(0, schedule.dueNanos(0));
    assertEquals(5_000_000_000L, schedule.dueNanos(5_000));
    assertEquals(30_000, LoadRun.scheduledRecords(1_000, Duration.ZERO, WINDOW));
  }
}
