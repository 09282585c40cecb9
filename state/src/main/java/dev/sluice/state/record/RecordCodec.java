package dev.sluice.state.record;

import static dev.sluice.state.record.RecordLimits.MAX_ENCODED_LENGTH;

import java.nio.charset.StandardCharsets;

/**
 * The canonical binary encoding of a signed record (docs/protocol.md §1.2).
 *
 * <p>Decoding is strict: every accepted input re-encodes to exactly the same bytes, and every
 * rejected input raises {@link MalformedRecordException} naming the field. Nothing else escapes
 * (no index or arithmetic exceptions), which the fuzz tests check.
 */
public final class RecordCodec {
  private RecordCodec() {}

  public static byte[] encode(SignedRecord signed) {
    Record record = signed.record();
    byte[] stream = record.streamBytes();
    int length =
        RecordLimits.FIXED_ENCODING_LENGTH
            + stream.length
            + record.keyLength()
            + record.valueLength();
    byte[] out = new byte[length];
    int at = 0;
    at = putLong(out, at, record.nonce());
    out[at++] = (byte) record.op().code();
    out[at++] = (byte) stream.length;
    System.arraycopy(stream, 0, out, at, stream.length);
    at += stream.length;
    at = putShort(out, at, record.keyLength());
    record.copyKeyTo(out, at);
    at += record.keyLength();
    at = putShort(out, at, record.valueLength());
    record.copyValueTo(out, at);
    at += record.valueLength();
    signed.signature().copyTo(out, at);
    return out;
  }

  /** Decodes exactly one signed record that spans all of {@code input}. */
  public static SignedRecord decode(byte[] input) {
    if (input.length > MAX_ENCODED_LENGTH) {
      throw new MalformedRecordException(
          "record", "at most " + MAX_ENCODED_LENGTH + " bytes, got " + input.length);
    }
    Reader reader = new Reader(input, 0, input.length);
    SignedRecord record = read(reader);
    if (reader.position != input.length) {
      throw new MalformedRecordException(
          "signature", (input.length - reader.position) + " unexpected bytes after the signature");
    }
    return record;
  }

  /**
   * Decodes one signed record starting at {@code offset} of {@code input}, reading no further than
   * {@code limit}; returns it with the offset just past it. Used for record streams in batches.
   */
  public static Decoded decode(byte[] input, int offset, int limit) {
    Reader reader = new Reader(input, offset, limit);
    SignedRecord record = read(reader);
    return new Decoded(record, reader.position);
  }

  /** A record read from a larger buffer, and where the next one starts. */
  public record Decoded(SignedRecord record, int next) {}

  private static SignedRecord read(Reader reader) {
    long nonce = reader.readLong("nonce");
    Op op = Op.ofCode(reader.readByte("op"));
    int streamLength = reader.readByte("streamLength");
    if (streamLength < 1 || streamLength > RecordLimits.MAX_STREAM_LENGTH) {
      throw new MalformedRecordException(
          "streamLength", "must be 1 to " + RecordLimits.MAX_STREAM_LENGTH + ", got " + streamLength);
    }
    byte[] streamBytes = reader.readBytes("stream", streamLength);
    String stream = new String(streamBytes, StandardCharsets.ISO_8859_1);
    int keyLength = reader.readShort("keyLength");
    int maxKey = op.targetsEntry() ? RecordLimits.MAX_ENTRY_KEY_LENGTH : RecordLimits.WRITER_KEY_LENGTH;
    int minKey = op.targetsEntry() ? 1 : RecordLimits.WRITER_KEY_LENGTH;
    if (keyLength < minKey || keyLength > maxKey) {
      throw new MalformedRecordException(
          "keyLength",
          (minKey == maxKey ? "must be " + maxKey : "must be " + minKey + " to " + maxKey)
              + " for "
              + op
              + ", got "
              + keyLength);
    }
    byte[] key = reader.readBytes("key", keyLength);
    int valueLength = reader.readShort("valueLength");
    int maxValue = op == Op.PUT ? RecordLimits.MAX_VALUE_LENGTH : 0;
    if (valueLength > maxValue) {
      throw new MalformedRecordException(
          "valueLength", "must be at most " + maxValue + " for " + op + ", got " + valueLength);
    }
    byte[] value = reader.readBytes("value", valueLength);
    Signature signature = Signature.of(reader.readBytes("signature", Signature.LENGTH));
    return new SignedRecord(new Record(nonce, op, stream, key, value), signature);
  }

  private static int putLong(byte[] out, int at, long value) {
    for (int i = 7; i >= 0; i--) {
      out[at + i] = (byte) value;
      value >>>= 8;
    }
    return at + 8;
  }

  private static int putShort(byte[] out, int at, int value) {
    out[at] = (byte) (value >>> 8);
    out[at + 1] = (byte) value;
    return at + 2;
  }

  private static final class Reader {
    private final byte[] input;
    private final int limit;
    private int position;

    Reader(byte[] input, int offset, int limit) {
      if (offset < 0 || limit > input.length || offset > limit) {
        throw new IllegalArgumentException("bad range " + offset + ".." + limit);
      }
      this.input = input;
      this.position = offset;
      this.limit = limit;
    }

    private void require(String field, int count) {
      if (limit - position < count) {
        throw new MalformedRecordException(
            field, "input ends early: need " + count + " bytes, " + (limit - position) + " left");
      }
    }

    int readByte(String field) {
      require(field, 1);
      return input[position++] & 0xff;
    }

    int readShort(String field) {
      require(field, 2);
      int value = ((input[position] & 0xff) << 8) | (input[position + 1] & 0xff);
      position += 2;
      return value;
    }

    long readLong(String field) {
      require(field, 8);
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (input[position + i] & 0xff);
      }
      position += 8;
      return value;
    }

    byte[] readBytes(String field, int count) {
      require(field, count);
      byte[] out = new byte[count];
      System.arraycopy(input, position, out, 0, count);
      position += count;
      return out;
    }
  }
}
