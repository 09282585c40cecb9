package dev.sluice.sequencer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.batch.BatchCodec;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BatchConfigTest {

  @Test
  void shouldDefaultToOneBlobOfZstdDataEveryTwoSecondsAtTheLatest() {
    BatchConfig defaults = BatchConfig.defaults();
    assertEquals(65_536, defaults.maxRecords());
    assertEquals(120_000, defaults.maxDataBytes());
    assertTrue(defaults.maxDataBytes() <= dev.sluice.state.batch.BlobPacking.USABLE_BYTES_PER_BLOB);
    assertEquals(Duration.ofSeconds(2), defaults.maxAge());
    assertEquals(BatchCodec.ZSTD, defaults.codec());
  }

  @Test
  void shouldRefuseLimitsOutsideTheirRangesWithMessagesNamingThem() {
    BatchConfig defaults = BatchConfig.defaults();
    assertRefused("maxRecords", () -> defaults.withMaxRecords(0));
    assertRefused("maxRecords", () -> defaults.withMaxRecords(65_537));
    assertRefused("maxDataBytes", () -> defaults.withMaxDataBytes(65_535));
    assertRefused("maxDataBytes", () -> defaults.withMaxDataBytes(16 * 1024 * 1024 + 1));
    assertRefused("maxAge", () -> defaults.withMaxAge(Duration.ZERO));
    assertRefused("maxAge", () -> defaults.withMaxAge(Duration.ofMillis(-1)));
    assertRefused("maxAge", () -> defaults.withMaxAge(Duration.ofDays(2)));
    assertThrows(NullPointerException.class, () -> defaults.withCodec(null));
    assertEquals(1, defaults.withMaxRecords(1).maxRecords());
    assertEquals(BatchCodec.DEFLATE, defaults.withCodec(BatchCodec.DEFLATE).codec());
  }

  private static void assertRefused(String name, Executable build) {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, build);
    assertTrue(refused.getMessage().startsWith(name), refused.getMessage());
  }
}
