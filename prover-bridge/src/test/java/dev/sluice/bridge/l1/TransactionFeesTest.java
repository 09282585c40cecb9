package dev.sluice.bridge.l1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransactionFeesTest {
  private static TransactionFees fees(long max, long tip, long blob) {
    return new TransactionFees(
        BigInteger.valueOf(max), BigInteger.valueOf(tip), BigInteger.valueOf(blob));
  }

  @Test
  void bumpRaisesEachFeeByThePercentRoundingUp() {
    TransactionFees bumped = fees(1_000, 101, 7).bumpedBy(10, 100);
    assertEquals(fees(1_100, 112, 14), bumped);
  }

  @Test
  void bumpRaisesByAtLeastOneWeiAndLeavesAZeroBlobFeeAlone() {
    assertEquals(fees(2, 2, 0), fees(1, 1, 0).bumpedBy(10, 100));
  }

  @Test
  void aBumpAlwaysCoversTheOriginalAndIsStrictlyHigher() {
    Random random = new Random(42);
    for (int i = 0; i < 1_000; i++) {
      long tip = random.nextInt(1_000_000);
      TransactionFees original =
          fees(tip + random.nextInt(1_000_000_000), tip, random.nextInt(1_000));
      TransactionFees bumped = original.bumpedBy(10 + random.nextInt(100), 100);
      assertTrue(bumped.covers(original));
      assertTrue(bumped.maxFeePerGas().compareTo(original.maxFeePerGas()) > 0);
      assertTrue(bumped.maxPriorityFeePerGas().compareTo(original.maxPriorityFeePerGas()) > 0);
      assertTrue(bumped.maxPriorityFeePerGas().compareTo(bumped.maxFeePerGas()) <= 0);
    }
  }

  @Test
  void maxTakesEachFeeFromWhicheverIsHigher() {
    assertEquals(fees(10, 5, 9), fees(10, 1, 9).max(fees(6, 5, 2)));
    assertFalse(fees(10, 1, 9).covers(fees(6, 5, 2)));
  }

  @Test
  void refusesATipAboveTheMaxFeeAndNegativeFees() {
    assertThrows(IllegalArgumentException.class, () -> fees(5, 6, 0));
    assertThrows(IllegalArgumentException.class, () -> fees(5, 1, -1));
  }
}
