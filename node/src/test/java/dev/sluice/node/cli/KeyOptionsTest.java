package dev.sluice.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyOptionsTest {
  @TempDir Path directory;

  @Test
  void shouldReadAKeyFileWithOrWithoutThePrefix() throws Exception {
    Path file = directory.resolve("key.hex");
    Files.writeString(file, "0x" + DevnetKeys.get(3).toString(16) + "\n");
    KeyOptions options = new KeyOptions();
    options.keyFile = file;
    assertEquals(DevnetKeys.get(3), options.require("signing"));
  }

  @Test
  void shouldRefuseNoKeyTwoKeysAndBadKeysWithoutEchoingThem() {
    KeyOptions none = new KeyOptions();
    assertEquals(
        ExitCodes.USAGE, assertThrows(CliException.class, () -> none.require("x")).exitCode());

    KeyOptions two = new KeyOptions();
    two.devnetKey = 1;
    two.privateKey = DevnetKeys.get(1).toString(16);
    assertEquals(
        ExitCodes.USAGE, assertThrows(CliException.class, () -> two.require("x")).exitCode());

    KeyOptions shortKey = new KeyOptions();
    shortKey.privateKey = "abc123";
    CliException refused = assertThrows(CliException.class, () -> shortKey.require("x"));
    assertFalse(refused.getMessage().contains("abc123"));

    KeyOptions zero = new KeyOptions();
    zero.privateKey = "0".repeat(64);
    assertThrows(CliException.class, () -> zero.require("x"));

    KeyOptions outOfRange = new KeyOptions();
    outOfRange.devnetKey = 10;
    assertThrows(CliException.class, () -> outOfRange.require("x"));
  }

  @Test
  void shouldHoldAnvilsTenDevelopmentKeys() {
    assertEquals(10, DevnetKeys.ALL.size());
    assertEquals(
        new BigInteger("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", 16),
        DevnetKeys.get(0));
  }
}
