package dev.sluice.devnet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchDirectoriesTest {

  @Test
  void deletesADirectoryWithEverythingInIt() throws IOException {
    Path directory = ScratchDirectories.create("sluice-scratch-test");
    Files.createDirectories(directory.resolve("db/nested"));
    Files.writeString(directory.resolve("db/nested/file"), "data");

    ScratchDirectories.delete(directory);

    assertFalse(Files.exists(directory));
    ScratchDirectories.delete(directory); // already gone: nothing to do
  }

  /** What the shutdown hook runs when a benchmark is stopped before it cleaned up. */
  @Test
  void deletesWhatIsLeftWhenTheRunStops() throws IOException {
    Path left = ScratchDirectories.create("sluice-scratch-test");
    Files.writeString(left.resolve("file"), "data");
    Path deleted = ScratchDirectories.create("sluice-scratch-test");
    ScratchDirectories.delete(deleted);
    assertTrue(Files.exists(left));

    ScratchDirectories.deleteRemaining();

    assertFalse(Files.exists(left));
    assertFalse(Files.exists(deleted));
  }
}
