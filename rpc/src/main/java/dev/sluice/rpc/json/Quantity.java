package dev.sluice.rpc.json;

/**
 * Unsigned 64-bit integers as Ethereum JSON-RPC writes them ("QUANTITY"): {@code 0x} and lower-case
 * hex digits without leading zeros, {@code 0x0} for zero. Hex rather than JSON numbers because
 * sequence numbers and nonces are u64 and JavaScript numbers lose precision above 2^53.
 */
public final class Quantity {
  private static final int MAX_DIGITS = 16;

  private Quantity() {}

  /** {@code value} read as unsigned, e.g. {@code 0x1f}. */
  public static String format(long value) {
    return "0x" + Long.toHexString(value);
  }

  /**
   * Parses {@code 0x}-prefixed hex of 1 to 16 digits (leading zeros accepted) as an unsigned 64-bit
   * value.
   *
   * @throws IllegalArgumentException with a message naming what is wrong
   */
  public static long parse(String text) {
    if (!text.startsWith("0x") && !text.startsWith("0X")) {
      throw new IllegalArgumentException(
          "a quantity is 0x-prefixed hex, got \"" + clip(text) + "\"");
    }
    int digits = text.length() - 2;
    if (digits == 0) {
      throw new IllegalArgumentException("a quantity needs at least one hex digit after 0x");
    }
    if (digits > MAX_DIGITS && !text.substring(2, text.length() - MAX_DIGITS).matches("0*")) {
      throw new IllegalArgumentException(
          "a quantity fits in 64 bits (16 hex digits), got " + digits);
    }
    long value = 0;
    for (int i = 2; i < text.length(); i++) {
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0) {
        throw new IllegalArgumentException(
            "\"" + clip(text) + "\" has a non-hex character at position " + i);
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  /** Keeps error messages short when a client sends a huge string. */
  static String clip(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
