package dev.sluice.sequencer;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Sequencer time that moves only when a test moves it. */
public final class ManualClock implements InstantSource {
  private volatile long millis;

  public ManualClock(long millis) {
    this.millis = millis;
  }

  public void advance(Duration duration) {
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
