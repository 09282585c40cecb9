package dev.sluice.state.smt;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Seeds for the randomized tests. Each run draws fresh seeds, so repeated runs explore more cases;
 * a failing one is replayed by passing its printed seed back as {@code -Dsluice.test.seed=…}.
 */
final class TestSeeds {
  static final String PROPERTY = "sluice.test.seed";

  private TestSeeds() {}

  /** The seed for one randomized case of {@code test}: the property when set, else a fresh one. */
  static long seed(String test) {
    String fixed = System.getProperty(PROPERTY);
    long seed = fixed != null ? Long.parseLong(fixed) : ThreadLocalRandom.current().nextLong();
    System.out.println(test + ": -D" + PROPERTY + "=" + seed);
    return seed;
  }

  /** A failure message naming the seed, for assertions in seeded tests. */
  static String replay(long seed) {
    return "replay with -D" + PROPERTY + "=" + seed;
  }
}
