package dev.sluice.state.stf;

/** Big-endian unsigned 64-bit fields, as every protocol encoding writes them. */
final class Uint64 {
  private Uint64() {}

  static void write(byte[] target, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      target[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  static long read(byte[] source, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (source[offset + i] & 0xff);
    }
    return value;
  }

  static byte[] encode(long value) {
    byte[] out = new byte[8];
    write(out, 0, value);
    return out;
  }
}
