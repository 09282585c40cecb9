package dev.sluice.sequencer;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Seeds for the randomized tests. Each run draws fresh seeds, so repeated runs explore more cases;
 * a failing one is replayed by passing its printed seed back as {@code -Dsluice.test.seed=…}.
 */
final class TestSeeds {
  static final String PROPERTY = "sluice.test.seed";

  private TestSeeds() {}

  static long seed(String test) {
    String fixed = System.getProperty(PROPERTY);
    long seed = fixed != null ? Long.parseLong(fixed) : ThreadLocalRandom.current().nextLong();
    System.out.println(test + ": -D" + PROPERTY + "=" + seed);
    return seed;
  }

  static String replay(long seed) {
    return "replay with -D" + PROPERTY + "=" + seed;
  }
}
