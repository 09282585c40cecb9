package dev.sluice.sequencer;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Sequencer time that moves only when a test moves it. */
final class ManualClock implements InstantSource {
  private volatile long millis;

  ManualClock(long millis) {
    this.millis = millis;
  }

  void advance(Duration duration) {
    millis += duration.toMillis();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public long millis() {
    return millis;
  }
}
