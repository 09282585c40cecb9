package dev.sluice.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable 32-byte value: a hash, a tree key or a state root.
 *
 * <p>Kept here rather than taken from Tuweni because Tuweni's bytes artifact drags Vert.x 4
 * into this leaf module; these few methods are all the protocol code needs.
 */
public final class Bytes32 implements Comparable<Bytes32> {
  public static final int SIZE = 32;
  public static final Bytes32 ZERO = new Bytes32(new byte[SIZE]);

  /** Longs in a value when it is read as lanes (see {@link #lane}). */
  public static final int LANES = SIZE / Long.BYTES;

  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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

  /**
   * The value whose lanes (see {@link #lane}) are {@code lane0} to {@code lane3}: how a Keccak
   * digest, which is the first four lanes of the sponge's state, becomes bytes.
   */
  public static Bytes32 ofLanes(long lane0, long lane1, long lane2, long lane3) {
    byte[] bytes = new byte[SIZE];
    LITTLE_ENDIAN_LONG.set(bytes, 0, lane0);
    LITTLE_ENDIAN_LONG.set(bytes, 8, lane1);
    LITTLE_ENDIAN_LONG.set(bytes, 16, lane2);
    LITTLE_ENDIAN_LONG.set(bytes, 24, lane3);
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

  /**
   * Bytes {@code 8·index} to {@code 8·index + 7} as a little-endian long, {@code index} from 0
   * to 3: the lane Keccak absorbs them as when the value starts on a lane boundary.
   */
  public long lane(int index) {
    return (long) LITTLE_ENDIAN_LONG.get(bytes, Objects.checkIndex(index, LANES) * Long.BYTES);
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
