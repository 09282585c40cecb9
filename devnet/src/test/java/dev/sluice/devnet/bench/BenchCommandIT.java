package dev.sluice.devnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison at a tiny size against a real Anvil (DataRegistry deployed, SluiceRollup for the
 * L1 cost) and a real in-process node over loopback HTTP: every part runs, every record is
 * acknowledged on both sides, and the report has its tables.
 */
class BenchCommandIT {
  @TempDir Path directory;

  @Test
  @Timeout(300)
  void shouldCompareBothSystemsOnEveryWorkload() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Path report = directory.resolve("report.md");
    int exit =
        BenchCommand.run(
            new PrintStream(captured, true, StandardCharsets.UTF_8),
            "--quick",
            "--rounds",
            "2",
            "--clients",
            "2",
            "--rates",
            "40",
            "--prime",
            "0.5",
            "--warmup",
            "0.5",
            "--window",
            "1",
            "--burst",
            "20",
            "--tree-sizes",
            "100,1000",
            "--tree-rate",
            "40",
            "--batch-records",
            "20",
            "--commit",
            "test",
            "--report",
            report.toString());
    String output = captured.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, output);

    // Every run acknowledged every record due in its window, without errors.
    Matcher runs =
        Pattern.compile(
                "run: part=(\\S+) workload=(\\S+) round=\\d system=(\\S+) .* acked=(\\d+)"
                    + " due=(\\d+) errors=(\\d+)")
            .matcher(output);
    int count = 0;
    while (runs.find()) {
      count++;
      assertEquals(runs.group(5), runs.group(4), runs.group());
      assertEquals("0", runs.group(6), runs.group());
    }
    // Priming on 2 targets and 2 state-size nodes; 2 rounds × (max on 3 targets + 40/s on 3 +
    // burst on 2 + hot stream on 2); 2 sizes × 2 rounds × (max + 40/s).
    assertEquals(2 + 2 + 2 * (3 + 3 + 2 + 2) + 2 * 2 * 2, count, output);

    String markdown = Files.readString(report);
    assertTrue(markdown.contains("Measured at commit `test`"), markdown);
    for (String row :
        new String[] {
          "| max | sluice | ",
          "| max | anvil | ",
          "| 40/s | sluice (receipt) | ",
          "| burst of 20 | anvil | ",
          "| one hot stream, max | sluice | ",
          "| 100 leaves, max | sluice | ",
          "| 1,000 leaves, 40/s | sluice | ",
          "| sluice, zstd batches in calldata | ",
          "| sluice, zstd batches in blobs | ",
          "| anvil, DataRegistry.append per record | ",
          "| 1 (cold) | ",
          "| Sluice ≥ 10× Anvil on the same records | max: "
        }) {
      assertTrue(markdown.contains(row), "missing " + row + " in\n" + markdown);
    }
    assertTrue(markdown.contains("2 of 2 |"), markdown);
  }
}
