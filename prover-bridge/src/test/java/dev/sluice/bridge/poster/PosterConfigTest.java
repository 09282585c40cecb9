package dev.sluice.bridge.poster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PosterConfigTest {
  @Test
  void refusesSettingsThatCannotWork() {
    PosterConfig defaults = PosterConfig.defaults();
    assertThrows(IllegalArgumentException.class, () -> defaults.withConfirmations(0));
    assertThrows(IllegalArgumentException.class, () -> defaults.withMaxFeePerGas(BigInteger.ZERO));
    assertThrows(IllegalArgumentException.class, () -> defaults.withMaxBacklog(0));
    assertThrows(
        IllegalArgumentException.class, () -> defaults.withStuckAfter(0, Duration.ofMinutes(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> defaults.withPolling(Duration.ZERO, Duration.ofSeconds(1)));
  }

  @Test
  void modesHaveLowerCaseWireNames() {
    for (DataAvailability mode : DataAvailability.values()) {
      assertEquals(mode, DataAvailability.ofWireName(mode.wireName()));
    }
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> DataAvailability.ofWireName("ipfs"));
    assertEquals(
        "unknown data-availability mode 'ipfs': calldata, blobs or auto", unknown.getMessage());
  }
}
