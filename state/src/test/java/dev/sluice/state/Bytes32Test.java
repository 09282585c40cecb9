package dev.sluice.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Bytes32Test {
  private static final Bytes32 COUNTING =
      Bytes32.fromHex("0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  @Test
  void aLaneIsEightBytesReadLittleEndian() {
    assertEquals(0x0706050403020100L, COUNTING.lane(0));
    assertEquals(0x1f1e1d1c1b1a1918L, COUNTING.lane(3));
    assertThrows(IndexOutOfBoundsException.class, () -> COUNTING.lane(4));
    assertThrows(IndexOutOfBoundsException.class, () -> COUNTING.lane(-1));
  }

  @Test
  void lanesRoundTrip() {
    Random random = new Random(1);
    for (int i = 0; i < 1_000; i++) {
      byte[] bytes = new byte[Bytes32.SIZE];
      random.nextBytes(bytes);
      Bytes32 value = Bytes32.wrap(bytes);
      Bytes32 back = Bytes32.ofLanes(value.lane(0), value.lane(1), value.lane(2), value.lane(3));
      assertEquals(value, back);
      assertEquals(value.hashCode(), back.hashCode());
    }
  }
}
