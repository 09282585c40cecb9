package dev.sluice.state.record;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 65-byte secp256k1 signature {@code r ‖ s ‖ v} with {@code v ∈ {27, 28}} (docs/protocol.md
 * §1.1). An instance is canonically encoded; whether it is <em>valid</em> (ranges of r and s,
 * low-s) is a separate question answered by {@link #hasValidScalars()}.
 */
public final class Signature {
  public static final int LENGTH = RecordLimits.SIGNATURE_LENGTH;

  /** The secp256k1 group order n. */
  public static final BigInteger CURVE_ORDER =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  public static final BigInteger HALF_CURVE_ORDER = CURVE_ORDER.shiftRight(1);

  private final byte[] bytes;

  private Signature(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Parses {@code r ‖ s ‖ v}; rejects other lengths and the non-canonical {@code v} forms. */
  public static Signature of(byte[] rsv) {
    if (rsv.length != LENGTH) {
      throw new MalformedRecordException(
          "signature",
          "expected 65 bytes r ‖ s ‖ v, got "
              + rsv.length
              + (rsv.length == 64 ? " (the 64-byte compact form is not accepted)" : ""));
    }
    int v = rsv[64] & 0xff;
    if (v != 27 && v != 28) {
      throw new MalformedRecordException(
          "signature", "v must be 27 or 28, got " + v + (v < 2 ? " (use 27 + recovery id)" : ""));
    }
    return new Signature(rsv.clone());
  }

  public static Signature of(BigInteger r, BigInteger s, int v) {
    byte[] rsv = new byte[LENGTH];
    writeScalar(r, rsv, 0);
    writeScalar(s, rsv, 32);
    rsv[64] = (byte) v;
    return of(rsv);
  }

  private static void writeScalar(BigInteger value, byte[] target, int offset) {
    byte[] raw = value.toByteArray();
    int start = raw.length > 32 ? raw.length - 32 : 0;
    if (value.signum() < 0 || raw.length - start > 32 || (start > 0 && raw[0] != 0)) {
      throw new IllegalArgumentException("a signature scalar must fit in 32 unsigned bytes");
    }
    System.arraycopy(raw, start, target, offset + 32 - (raw.length - start), raw.length - start);
  }

  public BigInteger r() {
    return new BigInteger(1, Arrays.copyOfRange(bytes, 0, 32));
  }

  public BigInteger s() {
    return new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
  }

  /** 27 or 28. */
  public int v() {
    return bytes[64] & 0xff;
  }

  /** 0 or 1: the recovery id libraries take. */
  public int recoveryId() {
    return v() - 27;
  }

  /**
   * Whether {@code 1 ≤ r < n} and {@code 1 ≤ s ≤ n/2}: the checks that come before recovery.
   * A high-s signature is the malleated twin of a low-s one and is refused (EIP-2).
   */
  public boolean hasValidScalars() {
    BigInteger r = r();
    BigInteger s = s();
    return r.signum() > 0
        && r.compareTo(CURVE_ORDER) < 0
        && s.signum() > 0
        && s.compareTo(HALF_CURVE_ORDER) <= 0;
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  /** {@code r ‖ s} without {@code v}, the form native libraries take. */
  public byte[] compact() {
    return Arrays.copyOf(bytes, 64);
  }

  void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, LENGTH);
  }

  public String toHex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Signature that && Arrays.equals(bytes, that.bytes);
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
