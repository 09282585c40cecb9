package dev.sluice.bridge.derivation;

import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads ABI-encoded words from bytes that came from L1, checking every offset and length against
 * the input, so that malformed input fails with {@link MalformedAbiException} rather than an
 * index error or a huge allocation.
 */
final class AbiWords {
  private final byte[] bytes;
  private final int base;

  /** The words of {@code bytes} from byte {@code base} (4 after a selector, 0 for log data). */
  AbiWords(byte[] bytes, int base) {
    this.bytes = bytes;
    this.base = base;
  }

  static final class MalformedAbiException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedAbiException(String message) {
      super(message);
    }
  }

  Bytes32 word(int index) throws MalformedAbiException {
    return Bytes32.wrap(bytes, at(index * 32L, 32));
  }

  /** Word {@code index} as an unsigned integer no wider than {@code bits} (at most 63). */
  long uint(int index, int bits) throws MalformedAbiException {
    int offset = at(index * 32L, 32);
    for (int i = 0; i < 32 - Long.BYTES; i++) {
      if (bytes[offset + i] != 0) {
        throw new MalformedAbiException("word " + index + " is wider than " + bits + " bits");
      }
    }
    long value = 0;
    for (int i = 32 - Long.BYTES; i < 32; i++) {
      value = value << 8 | (bytes[offset + i] & 0xff);
    }
    if (value < 0 || (bits < 63 && value >>> bits != 0)) {
      throw new MalformedAbiException("word " + index + " is wider than " + bits + " bits");
    }
    return value;
  }

  /** A {@link BatchHeader} laid out as nine words from word {@code first}. */
  BatchHeader header(int first) throws MalformedAbiException {
    try {
      return new BatchHeader(
          uint(first, 64 - 1),
          word(first + 1),
          uint(first + 2, 64 - 1),
          (int) uint(first + 3, 32),
          word(first + 4),
          word(first + 5),
          word(first + 6),
          word(first + 7),
          word(first + 8));
    } catch (IllegalArgumentException e) {
      throw new MalformedAbiException("the header is out of range: " + e.getMessage());
    }
  }

  /** The dynamic {@code bytes} whose offset is in word {@code index}, at most {@code max} long. */
  byte[] dynamicBytes(int index, int max) throws MalformedAbiException {
    int start = tail(index);
    long length = lengthAt(start, max);
    int first = at(start + 32L, length);
    return Arrays.copyOfRange(bytes, first, first + (int) length);
  }

  /** The dynamic {@code bytes32[]} whose offset is in word {@code index}, at most {@code max}. */
  List<Bytes32> dynamicWords(int index, int max) throws MalformedAbiException {
    int start = tail(index);
    long length = lengthAt(start, max);
    int first = at(start + 32L, length * 32);
    List<Bytes32> words = new ArrayList<>((int) length);
    for (int i = 0; i < length; i++) {
      words.add(Bytes32.wrap(bytes, first + 32 * i));
    }
    return words;
  }

  /** The absolute position of the tail that word {@code index} points to. */
  private int tail(int index) throws MalformedAbiException {
    long offset = uint(index, 32);
    return at(offset, 32) - base;
  }

  private long lengthAt(int start, int max) throws MalformedAbiException {
    long length = new AbiWords(bytes, base + start).uint(0, 32);
    if (length > max) {
      throw new MalformedAbiException("a length of " + length + " exceeds the limit of " + max);
    }
    return length;
  }

  /** The absolute offset of {@code length} bytes at {@code relative}, if the input has them. */
  private int at(long relative, long length) throws MalformedAbiException {
    long start = base + relative;
    if (relative < 0 || length < 0 || start + length > bytes.length) {
      throw new MalformedAbiException(
          "input of " + bytes.length + " bytes ends before byte " + (start + length));
    }
    return (int) start;
  }
}
