package dev.sluice.state;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable 32-byte value: a hash, a tree key or a state root.
 *
 * <p>Kept here rather than taken from Tuweni because Tuweni's bytes artifact drags Vert.x 4
 * into this leaf module; these few methods are all the protocol code needs.
 */
public final class Bytes32 implements Comparable<Bytes32> {
  public static final int SIZE = 32;
  public static final Bytes32 ZERO = new Bytes32(new byte[SIZE]);

  private final byte[] bytes;
  private final int hash;

  private Bytes32(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** Copies {@code bytes}, which must be exactly 32 bytes long. */
  public static Bytes32 wrap(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("expected 32 bytes, got " + bytes.length);
    }
    return new Bytes32(bytes.clone());
  }

  /** Copies 32 bytes of {@code source} starting at {@code offset}. */
  public static Bytes32 wrap(byte[] source, int offset) {
    return new Bytes32(Arrays.copyOfRange(source, offset, offset + SIZE));
  }

  /** Takes ownership of {@code bytes} without copying; the caller must not change it afterwards. */
  public static Bytes32 adopt(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("expected 32 bytes, got " + bytes.length);
    }
    return new Bytes32(bytes);
  }

  /** Parses 64 hex digits, with or without a {@code 0x} prefix. */
  public static Bytes32 fromHex(String hex) {
    String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (digits.length() != SIZE * 2) {
      throw new IllegalArgumentException("expected 64 hex digits, got " + digits.length());
    }
    return new Bytes32(HexFormat.of().parseHex(digits));
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  /** Copies the 32 bytes into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, SIZE);
  }

  public byte get(int index) {
    return bytes[index];
  }

  /** Bit {@code index} (0 = most significant bit of byte 0), as the tree walks keys. */
  public int bit(int index) {
    return (bytes[index >>> 3] >>> (7 - (index & 7))) & 1;
  }

  public boolean isZero() {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  public String toHex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  @Override
  public int compareTo(Bytes32 other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes32 that && hash == that.hash && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return toHex();
  }
}
