package dev.sluice.rpc.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The operator port's shared secret: 32 bytes, stored as 64 hex digits (an optional {@code 0x} and
 * surrounding whitespace allowed), the format of the Ethereum Engine API's {@code jwt.hex}.
 */
public final class JwtSecret {
  public static final int LENGTH = 32;

  private final byte[] key;

  private JwtSecret(byte[] key) {
    this.key = key;
  }

  public static JwtSecret of(byte[] key) {
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("a JWT secret is 32 bytes, got " + key.length);
    }
    return new JwtSecret(key.clone());
  }

  /**
   * @throws IllegalArgumentException if the file does not hold exactly 64 hex digits
   * @throws IOException if it cannot be read
   */
  public static JwtSecret load(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip();
    if (text.startsWith("0x") || text.startsWith("0X")) {
      text = text.substring(2);
    }
    if (text.length() != 2 * LENGTH || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException(
          "the JWT secret file "
              + file
              + " must hold 32 bytes as 64 hex digits; it holds "
              + text.length()
              + " characters");
    }
    return new JwtSecret(HexFormat.of().parseHex(text));
  }

  byte[] key() {
    return key.clone();
  }

  @Override
  public String toString() {
    return "JwtSecret[redacted]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JwtSecret that && Arrays.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }
}
