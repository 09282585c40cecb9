package dev.sluice.devnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {
  private static RunResult run(double achieved, double p99, boolean complete) {
    return new RunResult(
        achieved,
        achieved,
        1.0,
        p99,
        p99 * 2,
        p99 * 3,
        complete ? 10 : 9,
        10,
        0,
        0,
        4.0,
        Optional.empty());
  }

  @Test
  void shouldPrintOneRowPerWorkloadAndSystemWithMedianAndRange() {
    ComparisonTable table = new ComparisonTable("offered");
    table.add(
        "max", "sluice", List.of(run(9000, 2, true), run(11000, 4, true), run(10000, 3, false)));
    table.add("max", "anvil", List.of(run(500, 40, true)));
    table.note("20,000/s", "anvil", "not run: above 1.5× this system's max (500/s)");

    String[] lines = table.markdown().split("\n");

    assertEquals(5, lines.length);
    assertEquals(
        "| offered | system | records/s achieved | ack p50 ms | ack p99 ms | ack p99.9 ms | ack max"
            + " ms | runs complete |",
        lines[0]);
    assertEquals(
        "| max | sluice | 10,000 (9,000–11,000) | 1.00 | 3.00 (2.00–4.00) | 6.00 (4.00–8.00) |"
            + " 9.0 (6.0–12.0) | 2 of 3 |",
        lines[2]);
    assertEquals("| max | anvil | 500 | 1.00 | 40.00 | 80.00 | 120.0 | 1 of 1 |", lines[3]);
    assertEquals(
        "| 20,000/s | anvil | not run: above 1.5× this system's max (500/s) | | | | | |", lines[4]);
    for (String line : lines) {
      assertEquals(9, line.chars().filter(c -> c == '|').count(), line);
    }
  }

  @Test
  void shouldFindAchievedThroughputOfARow() {
    ComparisonTable table = new ComparisonTable("offered");
    table.add("max", "sluice", List.of(run(100, 1, true), run(300, 1, true)));
    assertEquals(200, table.achieved("max", "sluice").median());
    assertTrue(table.achieved("max", "anvil").isEmpty());
  }

  @Test
  void shouldBoundRatioByWorstAndBestPairings() {
    assertEquals(
        "10.0× (5.0–20.0)", ComparisonTable.ratio(Spread.of(1000, 2000), Spread.of(100, 200)));
    assertEquals("4.0×", ComparisonTable.ratio(Spread.of(400), Spread.of(100)));
    assertEquals("—", ComparisonTable.ratio(Spread.of(400), Spread.NONE));
    assertEquals("—", ComparisonTable.ratio(Spread.of(400), Spread.of(0)));
  }
}
