package dev.sluice.devnet.bench;

import dev.sluice.state.Address;
import dev.sluice.state.Keccak;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * ABI encoding of the two DataRegistry calls the benchmark makes, by hand: two functions do not
 * justify web3j's reflective ABI types in the signing loop.
 */
final class RegistryCalls {
  private static final byte[] APPEND = selector("append(bytes32,bytes,bytes)");
  private static final byte[] GRANT = selector("grant(bytes32,address)");

  private RegistryCalls() {}

  /** A stream name as DataRegistry's id: its bytes left-aligned in 32, zero-padded. */
  static byte[] streamId(String stream) {
    byte[] name = stream.getBytes(StandardCharsets.UTF_8);
    if (name.length == 0 || name.length > 32) {
      throw new IllegalArgumentException(
          "a DataRegistry stream name is 1 to 32 bytes, got " + name.length + ": " + stream);
    }
    return Arrays.copyOf(name, 32);
  }

  /** {@code append(bytes32 stream, bytes key, bytes value)}. */
  static byte[] append(String stream, byte[] key, byte[] value) {
    int keyWords = words(key.length);
    int valueWords = words(value.length);
    byte[] out = new byte[4 + 32 * (3 + 1 + keyWords + 1 + valueWords)];
    System.arraycopy(APPEND, 0, out, 0, 4);
    System.arraycopy(streamId(stream), 0, out, 4, 32);
    int keyOffset = 3 * 32;
    int valueOffset = keyOffset + 32 * (1 + keyWords);
    putUint(out, 4 + 32, keyOffset);
    putUint(out, 4 + 64, valueOffset);
    putUint(out, 4 + keyOffset, key.length);
    System.arraycopy(key, 0, out, 4 + keyOffset + 32, key.length);
    putUint(out, 4 + valueOffset, value.length);
    System.arraycopy(value, 0, out, 4 + valueOffset + 32, value.length);
    return out;
  }

  /** {@code grant(bytes32 stream, address writer)}. */
  static byte[] grant(String stream, Address writer) {
    byte[] out = new byte[4 + 64];
    System.arraycopy(GRANT, 0, out, 0, 4);
    System.arraycopy(streamId(stream), 0, out, 4, 32);
    writer.copyTo(out, 4 + 32 + 12);
    return out;
  }

  private static int words(int bytes) {
    return (bytes + 31) / 32;
  }

  private static void putUint(byte[] target, int wordOffset, long value) {
    for (int i = 0; i < 8; i++) {
      target[wordOffset + 31 - i] = (byte) (value >>> (8 * i));
    }
  }

  private static byte[] selector(String signature) {
    return Arrays.copyOf(Keccak.hash(signature.getBytes(StandardCharsets.US_ASCII)), 4);
  }
}
