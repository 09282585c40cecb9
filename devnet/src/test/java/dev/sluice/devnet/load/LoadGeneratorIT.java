package dev.sluice.devnet.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** A short open-loop run against an in-process node over each transport: every record acked. */
class LoadGeneratorIT {
  @TempDir Path cache;

  @ParameterizedTest
  @ValueSource(strings = {"http", "ws"})
  void shouldAcknowledgeEveryRecordOfAShortRun(String transport) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(captured, true));
      exit =
          new CommandLine(new LoadGenerator())
              .execute(
                  "--transport",
                  transport,
                  "--clients",
                  "4",
                  "--rate",
                  "200",
                  "--warmup",
                  "1",
                  "--duration",
                  "2",
                  "--progress",
                  "0",
                  "--workload-cache",
                  cache.toString());
    } finally {
      System.setOut(original);
    }
    String output = captured.toString();
    assertEquals(0, exit, output);
    Matcher summary =
        Pattern.compile("summary: .* offered=(\\d+) achieved=(\\d+) .* errors=(\\d+) ")
            .matcher(output);
    assertTrue(summary.find(), output);
    assertEquals("0", summary.group(3), output);
    assertTrue(output.contains("acks:      400 of the 400 records due in the window"), output);
  }
}
