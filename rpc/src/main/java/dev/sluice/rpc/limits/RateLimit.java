package dev.sluice.rpc.limits;

/**
 * A token-bucket rate: {@code perSecond} tokens refill each second, up to {@code burst} saved.
 *
 * @param perSecond sustained rate; 0 disables the limit
 * @param burst how many may come at once after a quiet spell
 */
public record RateLimit(double perSecond, int burst) {
  public static final RateLimit UNLIMITED = new RateLimit(0, 0);

  public RateLimit {
    if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("a rate is a finite number >= 0, got " + perSecond);
    }
    if (perSecond > 0 && burst < 1) {
      throw new IllegalArgumentException(
          "a limited rate needs a burst of at least 1, got " + burst);
    }
  }

  public boolean enabled() {
    return perSecond > 0;
  }

  @Override
  public String toString() {
    return enabled() ? perSecond + "/s (burst " + burst + ")" : "unlimited";
  }
}
