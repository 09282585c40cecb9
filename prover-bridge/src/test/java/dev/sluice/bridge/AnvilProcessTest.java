package dev.sluice.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnvilProcessTest {

  @Test
  void findsTheRepositorysAnvilFromAModuleDirectory(@TempDir Path repository) throws IOException {
    Path binary = repository.resolve(AnvilProcess.BINARY_IN_REPOSITORY);
    Files.createDirectories(binary.getParent());
    Files.writeString(binary, "#!/bin/sh\n");
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path module = Files.createDirectories(repository.resolve("prover-bridge").resolve("target"));

    assertEquals(binary, AnvilProcess.findBinary(module));
  }
}
