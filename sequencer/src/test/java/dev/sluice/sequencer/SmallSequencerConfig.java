package dev.sluice.sequencer;

import dev.sluice.state.record.RecordFixtures;

/**
 * The sequencer configuration the tests start from: the fixtures' domain, two recovery threads, and
 * caches small enough that tree paths are evicted and read back from the store within a test.
 */
final class SmallSequencerConfig {
  private SmallSequencerConfig() {}

  static SequencerConfig.Builder builder() {
    return SequencerConfig.builder(RecordFixtures.DOMAIN)
        .recoveryThreads(2)
        .stateCacheNodes(1 << 12)
        .readerCacheNodes(1 << 10);
  }
}
