package dev.sluice.state.record;

import static dev.sluice.state.record.RecordLimits.MAX_ENTRY_KEY_LENGTH;
import static dev.sluice.state.record.RecordLimits.MAX_STREAM_LENGTH;
import static dev.sluice.state.record.RecordLimits.MAX_VALUE_LENGTH;
import static dev.sluice.state.record.RecordLimits.WRITER_KEY_LENGTH;

import dev.sluice.state.Address;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One unsigned operation on one stream (docs/protocol.md §1). Every instance satisfies the
 * structural rules, so code holding a {@code Record} never re-checks them.
 *
 * @param nonce the sender's next nonce, an unsigned 64-bit value
 * @param stream the stream name: 1–64 printable ASCII characters, no space
 * @param key the entry key (PUT, DELETE) or the writer's 20-byte address (GRANT, REVOKE)
 * @param value the new value (PUT), empty otherwise
 */
public record Record(long nonce, Op op, String stream, byte[] key, byte[] value) {

  public Record {
    if (op == null) {
      throw new MalformedRecordException("op", "missing");
    }
    validateStream(stream);
    if (key == null) {
      throw new MalformedRecordException("key", "missing");
    }
    if (value == null) {
      throw new MalformedRecordException("value", "missing");
    }
    if (op.targetsEntry()) {
      if (key.length < 1 || key.length > MAX_ENTRY_KEY_LENGTH) {
        throw new MalformedRecordException(
            "key", "an entry key is 1 to " + MAX_ENTRY_KEY_LENGTH + " bytes, got " + key.length);
      }
    } else if (key.length != WRITER_KEY_LENGTH) {
      throw new MalformedRecordException(
          "key", op + " takes the writer's 20-byte address as key, got " + key.length + " bytes");
    }
    if (op == Op.PUT) {
      if (value.length > MAX_VALUE_LENGTH) {
        throw new MalformedRecordException(
            "value", "at most " + MAX_VALUE_LENGTH + " bytes, got " + value.length);
      }
    } else if (value.length != 0) {
      throw new MalformedRecordException("value", op + " carries no value, got " + value.length + " bytes");
    }
    key = key.clone();
    value = value.clone();
  }

  public static Record put(long nonce, String stream, byte[] key, byte[] value) {
    return new Record(nonce, Op.PUT, stream, key, value);
  }

  public static Record delete(long nonce, String stream, byte[] key) {
    return new Record(nonce, Op.DELETE, stream, key, new byte[0]);
  }

  public static Record grant(long nonce, String stream, Address writer) {
    return new Record(nonce, Op.GRANT, stream, writer.toArray(), new byte[0]);
  }

  public static Record revoke(long nonce, String stream, Address writer) {
    return new Record(nonce, Op.REVOKE, stream, writer.toArray(), new byte[0]);
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The stream name's bytes (ASCII, so one byte per character). */
  public byte[] streamBytes() {
    return stream.getBytes(StandardCharsets.US_ASCII);
  }

  /** The writer a GRANT or REVOKE names. */
  public Address writer() {
    if (op.targetsEntry()) {
      throw new IllegalStateException(op + " names an entry, not a writer");
    }
    return Address.wrap(key);
  }

  int keyLength() {
    return key.length;
  }

  int valueLength() {
    return value.length;
  }

  void copyKeyTo(byte[] target, int offset) {
    System.arraycopy(key, 0, target, offset, key.length);
  }

  void copyValueTo(byte[] target, int offset) {
    System.arraycopy(value, 0, target, offset, value.length);
  }

  byte[] keyUnsafe() {
    return key;
  }

  byte[] valueUnsafe() {
    return value;
  }

  /**
   * Checks a stream name against docs/protocol.md §1 (1–64 printable ASCII characters, no
   * space), for callers that take a stream name outside a record, such as a query.
   *
   * @throws MalformedRecordException naming the field {@code stream} and what is wrong
   */
  public static void validateStream(String stream) {
    if (stream == null) {
      throw new MalformedRecordException("stream", "missing");
    }
    int length = stream.length();
    if (length < 1 || length > MAX_STREAM_LENGTH) {
      throw new MalformedRecordException(
          "stream", "a stream name is 1 to " + MAX_STREAM_LENGTH + " characters, got " + length);
    }
    for (int i = 0; i < length; i++) {
      char c = stream.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new MalformedRecordException(
            "stream",
            "only printable ASCII without spaces (0x21-0x7e) is allowed; character "
                + i
                + " is U+"
                + String.format(java.util.Locale.ROOT, "%04X", (int) c));
      }
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Record that
        && nonce == that.nonce
        && op == that.op
        && stream.equals(that.stream)
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return ((Long.hashCode(nonce) * 31 + op.hashCode()) * 31 + stream.hashCode()) * 31
        + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "Record[nonce="
        + Long.toUnsignedString(nonce)
        + ", op="
        + op
        + ", stream="
        + stream
        + ", key=0x"
        + HexFormat.of().formatHex(key)
        + ", value="
        + value.length
        + " bytes]";
  }
}
