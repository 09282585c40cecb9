package dev.sluice.rpc.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
  private final JsonCodec codec = new JsonCodec(8, 1024);

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldAcceptNestingUpToTheLimitAndRefuseOneLevelMore() {
    assertEquals(8, depthOf(codec.parse(bytes("[".repeat(8) + "]".repeat(8)))));
    JsonCodec.MalformedJsonException tooDeep =
        assertThrows(
            JsonCodec.MalformedJsonException.class,
            () -> codec.parse(bytes("[".repeat(9) + "]".repeat(9))));
    assertEquals("JSON nested deeper than 8 levels", tooDeep.getMessage());
  }

  @Test
  void shouldRefuseAMillionOpenBracketsWithoutOverflowingTheStack() {
    assertThrows(
        JsonCodec.MalformedJsonException.class,
        () -> codec.parse(bytes("[{\"a\":".repeat(500_000))));
  }

  @Test
  void shouldRefuseDuplicateKeysTrailingTokensLongStringsAndEmptyInput() {
    assertThrows(
        JsonCodec.MalformedJsonException.class, () -> codec.parse(bytes("{\"a\":1,\"a\":2}")));
    assertThrows(JsonCodec.MalformedJsonException.class, () -> codec.parse(bytes("{} {}")));
    assertThrows(
        JsonCodec.MalformedJsonException.class,
        () -> codec.parse(bytes("\"" + "x".repeat(2000) + "\"")));
    JsonCodec.MalformedJsonException empty =
        assertThrows(JsonCodec.MalformedJsonException.class, () -> codec.parse(new byte[0]));
    assertTrue(empty.getMessage().contains("empty"));
  }

  @Test
  void shouldFormatAndParseQuantitiesAndData() {
    assertEquals("0x0", Quantity.format(0));
    assertEquals("0xffffffffffffffff", Quantity.format(-1));
    assertEquals(-1L, Quantity.parse("0xffffffffffffffff"));
    assertEquals(26L, Quantity.parse("0x001A"));
    assertThrows(IllegalArgumentException.class, () -> Quantity.parse("0x"));
    assertThrows(IllegalArgumentException.class, () -> Quantity.parse("26"));
    assertThrows(IllegalArgumentException.class, () -> Quantity.parse("0x1" + "0".repeat(16)));
    assertEquals("0x00ff", HexData.format(new byte[] {0, (byte) 0xff}));
    assertEquals(2, HexData.parse("0x00FF").length);
    assertThrows(IllegalArgumentException.class, () -> HexData.parse("0x0"));
    assertThrows(IllegalArgumentException.class, () -> HexData.parse("00"));
  }

  private static int depthOf(JsonNode node) {
    int depth = 0;
    while (node.isArray()) {
      depth++;
      node = node.isEmpty() ? MissingNode.getInstance() : node.get(0);
    }
    return depth;
  }
}
