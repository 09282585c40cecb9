package dev.sluice.devnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpreadTest {
  @Test
  void shouldTakeMiddleValueOfOddCount() {
    Spread spread = Spread.of(5, 1, 3);
    assertEquals(3, spread.median());
    assertEquals(1, spread.min());
    assertEquals(5, spread.max());
    assertEquals(3, spread.runs());
  }

  @Test
  void shouldAverageMiddleTwoOfEvenCount() {
    assertEquals(2.5, Spread.of(4, 1, 2, 3).median());
  }

  @Test
  void shouldLeaveOutValuesARunCouldNotGive() {
    Spread spread = Spread.of(Double.NaN, 7, Double.NaN);
    assertEquals(7, spread.median());
    assertEquals(1, spread.runs());
    assertTrue(Spread.of(Double.NaN).isEmpty());
    assertTrue(Spread.of(List.of()).isEmpty());
  }

  @Test
  void shouldFormatMedianWithRangeOnlyWhenRunsDiffer() {
    assertEquals("1,234 (1,000–2,000)", Spread.of(1000, 1234, 2000).format(0));
    assertEquals("1.50", Spread.of(1.5).format(2));
    assertEquals("3.0", Spread.of(3, 3).format(1));
    assertEquals("—", Spread.NONE.format(2));
  }

  @Test
  void shouldMatchSortedMiddleForRandomInputs() {
    Random random = new Random(42);
    for (int trial = 0; trial < 500; trial++) {
      int n = 1 + random.nextInt(9);
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        values.add((double) random.nextInt(100));
      }
      Spread spread = Spread.of(values);
      List<Double> sorted = new ArrayList<>(values);
      Collections.sort(sorted);
      double expected =
          n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
      assertEquals(expected, spread.median(), values.toString());
      assertEquals(sorted.get(0), spread.min());
      assertEquals(sorted.get(n - 1), spread.max());
      assertTrue(spread.min() <= spread.median() && spread.median() <= spread.max());
    }
  }
}
