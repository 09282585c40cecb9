package dev.sluice.node.cli;

import dev.sluice.rpc.json.HexData;
import java.nio.charset.StandardCharsets;

/** Keys and values on the command line: {@code 0x…} is hex, anything else is UTF-8 text. */
final class RecordBytes {
  private RecordBytes() {}

  static byte[] parse(String text, String what) {
    if (text.startsWith("0x") || text.startsWith("0X")) {
      try {
        return HexData.parse(text.toLowerCase(java.util.Locale.ROOT));
      } catch (RuntimeException bad) {
        throw new CliException(
            what + " starts with 0x but is not hex: " + bad.getMessage(), ExitCodes.USAGE);
      }
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The bytes as text when they are printable UTF-8, else as hex. */
  static String show(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    boolean printable =
        java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)
            && text.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f);
    return printable && !text.isEmpty() ? "\"" + text + "\"" : HexData.format(bytes);
  }
}
