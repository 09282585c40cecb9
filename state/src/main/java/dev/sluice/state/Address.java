package dev.sluice.state;

import java.util.Arrays;
import java.util.HexFormat;

/** A 20-byte Ethereum address. */
public final class Address implements Comparable<Address> {
  public static final int SIZE = 20;
  public static final Address ZERO = new Address(new byte[SIZE]);

  private final byte[] bytes;

  private Address(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}, which must be exactly 20 bytes long. */
  public static Address wrap(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("an address is 20 bytes, got " + bytes.length);
    }
    return new Address(bytes.clone());
  }

  /** Parses 40 hex digits, with or without a {@code 0x} prefix, in any letter case. */
  public static Address fromHex(String hex) {
    String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (digits.length() != SIZE * 2) {
      throw new IllegalArgumentException("an address is 40 hex digits, got " + digits.length());
    }
    return new Address(HexFormat.of().parseHex(digits));
  }

  /** The address of an uncompressed public key {@code X ‖ Y} (64 bytes). */
  public static Address ofPublicKey(byte[] xy) {
    if (xy.length != 64) {
      throw new IllegalArgumentException("expected a 64-byte public key, got " + xy.length);
    }
    byte[] hash = Keccak.hash(xy);
    return new Address(Arrays.copyOfRange(hash, 12, 32));
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, SIZE);
  }

  /** Lower-case hex with {@code 0x}; JSON-RPC accepts any case on input. */
  public String toHex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  @Override
  public int compareTo(Address other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Address that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
