package dev.sluice.rpc.json;

import java.util.HexFormat;

/** Byte strings as Ethereum JSON-RPC writes them ("DATA"): {@code 0x} and two hex digits a byte. */
public final class HexData {
  private static final HexFormat HEX = HexFormat.of();

  private HexData() {}

  public static String format(byte[] bytes) {
    return "0x" + HEX.formatHex(bytes);
  }

  /**
   * The number of bytes {@code text} would decode to, without decoding it; -1 if it is not
   * DATA-shaped.
   */
  public static int decodedLength(String text) {
    if (!hasPrefix(text) || (text.length() & 1) != 0) {
      return -1;
    }
    return (text.length() - 2) / 2;
  }

  /**
   * Decodes {@code 0x}-prefixed hex with an even number of digits (either letter case).
   *
   * @throws IllegalArgumentException with a message naming what is wrong
   */
  public static byte[] parse(String text) {
    if (!hasPrefix(text)) {
      throw new IllegalArgumentException(
          "expected 0x-prefixed hex, got \"" + Quantity.clip(text) + "\"");
    }
    if ((text.length() & 1) != 0) {
      throw new IllegalArgumentException(
          "hex data needs two digits per byte; got an odd number (" + (text.length() - 2) + ")");
    }
    try {
      return HEX.parseHex(text, 2, text.length());
    } catch (IllegalArgumentException notHex) {
      throw new IllegalArgumentException(
          "\"" + Quantity.clip(text) + "\" contains a character that is not a hex digit");
    }
  }

  private static boolean hasPrefix(String text) {
    return text.startsWith("0x") || text.startsWith("0X");
  }
}
