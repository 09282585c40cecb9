package dev.sluice.state.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fails when the committed vectors differ from a fresh generation: the Solidity tests read the
 * committed files, so they must always be what the Java code produces.
 * {@code scripts/generate-test-vectors} rewrites them.
 */
class TestVectorsTest {
  private static final Path VECTORS = Path.of("..", "test-vectors");

  @Test
  void committedVectorsShouldMatchAFreshGeneration() throws IOException {
    Map<String, String> generated = new TestVectorGenerator().generate();
    boolean write = Boolean.getBoolean("sluice.writeVectors");
    for (Map.Entry<String, String> file : generated.entrySet()) {
      Path path = VECTORS.resolve(file.getKey());
      if (write) {
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
      }
      String committed = Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "(missing)";
      assertEquals(
          file.getValue(),
          committed,
          "test-vectors/" + file.getKey() + " is stale: run scripts/generate-test-vectors and commit the result");
    }
  }
}
