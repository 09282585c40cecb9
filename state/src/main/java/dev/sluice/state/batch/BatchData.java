package dev.sluice.state.batch;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.MalformedRecordException;
import dev.sluice.state.record.RecordCodec;
import dev.sluice.state.record.RecordLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The data a batch posts to L1 (docs/protocol.md §5.3): a version byte, a codec byte, the
 * compressed record stream with its length, then the per-record post-state roots.
 *
 * <pre>
 * version u8 (1) ‖ codec u8 ‖ payloadLength u32 ‖ payload ‖ recordCount × bytes32
 * record stream = for each record: timestamp u64 ‖ canonical encoding (§1.2)
 * </pre>
 *
 * <p>Decoding treats its input as hostile, since anyone can read it off L1 and a faulty or
 * malicious sequencer wrote it: the compressed payload is capped before decompression starts, and
 * decompression stops as soon as the output passes what {@code recordCount} records can occupy, so
 * a decompression bomb costs at most that much memory. Every problem is a {@link
 * MalformedBatchDataException} naming it; nothing else escapes.
 */
public final class BatchData {
  /** The only data version so far. */
  public static final int VERSION = 1;

  /** Version, codec and payload length. */
  public static final int PREFIX_LENGTH = 1 + 1 + 4;

  /** The largest compressed payload a decoder accepts (§6). */
  public static final int MAX_PAYLOAD_LENGTH = 16 << 20;

  /** The largest record stream a decoder decompresses, whatever the record count (§6). */
  public static final int MAX_STREAM_LENGTH = 64 << 20;

  /** The most stream bytes one record can take: its timestamp and longest encoding. */
  public static final int MAX_STREAM_BYTES_PER_RECORD = Long.BYTES + RecordLimits.MAX_ENCODED_LENGTH;

  /**
   * zstd level: batches are at most a few hundred kilobytes and posted every few seconds, so a
   * level well above the default buys bytes on L1 for time the node has.
   */
  static final int ZSTD_LEVEL = 9;

  private BatchData() {}

  /** A batch's data, decoded. */
  public record Decoded(BatchCodec codec, List<BatchRecord> records, List<Bytes32> postStateRoots) {
    public Decoded {
      Objects.requireNonNull(codec, "codec");
      records = List.copyOf(records);
      postStateRoots = List.copyOf(postStateRoots);
    }
  }

  /**
   * Encodes records and their post-state roots with {@code codec}.
   *
   * @throws IllegalArgumentException if the lists differ in length, are empty or longer than a
   *     batch may be, or the record stream would exceed what decoders accept
   */
  public static byte[] encode(
      BatchCodec codec, List<BatchRecord> records, List<Bytes32> postStateRoots) {
    Objects.requireNonNull(codec, "codec");
    int count = records.size();
    if (count < 1 || count > BatchHeader.MAX_RECORD_COUNT) {
      throw new IllegalArgumentException(
          "a batch holds 1 to " + BatchHeader.MAX_RECORD_COUNT + " records, got " + count);
    }
    if (postStateRoots.size() != count) {
      throw new IllegalArgumentException(
          count + " records but " + postStateRoots.size() + " post-state roots");
    }
    byte[] stream = recordStream(records);
    if (stream.length > streamLimit(count)) {
      throw new IllegalArgumentException(
          "the record stream is "
              + stream.length
              + " bytes; decoders accept at most "
              + streamLimit(count));
    }
    byte[] payload = compress(codec, stream);
    if (payload.length > MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException(
          "the payload is " + payload.length + " bytes; at most " + MAX_PAYLOAD_LENGTH);
    }
    byte[] data = new byte[PREFIX_LENGTH + payload.length + count * Bytes32.SIZE];
    data[0] = (byte) VERSION;
    data[1] = (byte) codec.id();
    putInt(data, 2, payload.length);
    System.arraycopy(payload, 0, data, PREFIX_LENGTH, payload.length);
    int at = PREFIX_LENGTH + payload.length;
    for (Bytes32 root : postStateRoots) {
      root.copyTo(data, at);
      at += Bytes32.SIZE;
    }
    return data;
  }

  /** The uncompressed record stream: each record's timestamp and canonical encoding. */
  static byte[] recordStream(List<BatchRecord> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 160);
    byte[] timestamp = new byte[Long.BYTES];
    for (BatchRecord record : records) {
      putLong(timestamp, record.timestamp());
      out.writeBytes(timestamp);
      out.writeBytes(RecordCodec.encode(record.signed()));
    }
    return out.toByteArray();
  }

  /**
   * Decodes data that must be exactly one batch's data for {@code recordCount} records: calldata,
   * whose hash the contract checked.
   */
  public static Decoded decode(byte[] data, int recordCount) throws MalformedBatchDataException {
    int length = declaredLength(data, recordCount);
    if (length != data.length) {
      throw new MalformedBatchDataException(
          "the data is "
              + data.length
              + " bytes but its payload length and "
              + recordCount
              + " roots add up to "
              + length);
    }
    return decodeExact(data, recordCount);
  }

  /**
   * Decodes a batch's data from the bytes unpacked from its blobs ({@link BlobPacking#unpack}):
   * the data followed by zeros to the end of the last blob. Anything but zeros after the data is
   * refused.
   */
  public static Decoded decodeBlobPayload(byte[] unpacked, int recordCount)
      throws MalformedBatchDataException {
    int length = declaredLength(unpacked, recordCount);
    if (length > unpacked.length) {
      throw new MalformedBatchDataException(
          "the blobs hold "
              + unpacked.length
              + " data bytes but the payload length and "
              + recordCount
              + " roots need "
              + length);
    }
    for (int i = length; i < unpacked.length; i++) {
      if (unpacked[i] != 0) {
        throw new MalformedBatchDataException(
            "non-zero byte at " + i + " after the batch data, which ends at " + length);
      }
    }
    return decodeExact(Arrays.copyOf(unpacked, length), recordCount);
  }

  /** The length the prefix declares, checked against the limits before anything is read. */
  private static int declaredLength(byte[] data, int recordCount)
      throws MalformedBatchDataException {
    if (recordCount < 1 || recordCount > BatchHeader.MAX_RECORD_COUNT) {
      throw new MalformedBatchDataException(
          "a batch holds 1 to " + BatchHeader.MAX_RECORD_COUNT + " records, got " + recordCount);
    }
    if (data.length < PREFIX_LENGTH) {
      throw new MalformedBatchDataException(
          "the data is " + data.length + " bytes, shorter than its " + PREFIX_LENGTH + "-byte prefix");
    }
    if ((data[0] & 0xFF) != VERSION) {
      throw new MalformedBatchDataException(
          "unknown data version " + (data[0] & 0xFF) + "; this node reads version " + VERSION);
    }
    long payloadLength = getInt(data, 2) & 0xFFFF_FFFFL;
    if (payloadLength > MAX_PAYLOAD_LENGTH) {
      throw new MalformedBatchDataException(
          "payload length " + payloadLength + " exceeds the limit of " + MAX_PAYLOAD_LENGTH);
    }
    return PREFIX_LENGTH + (int) payloadLength + recordCount * Bytes32.SIZE;
  }

  private static Decoded decodeExact(byte[] data, int recordCount)
      throws MalformedBatchDataException {
    BatchCodec codec;
    try {
      codec = BatchCodec.fromId(data[1] & 0xFF);
    } catch (IllegalArgumentException e) {
      throw new MalformedBatchDataException(e.getMessage());
    }
    int payloadLength = getInt(data, 2);
    byte[] stream =
        decompress(
            codec, Arrays.copyOfRange(data, PREFIX_LENGTH, PREFIX_LENGTH + payloadLength), recordCount);
    List<BatchRecord> records = parseRecordStream(stream, recordCount);
    List<Bytes32> roots = new ArrayList<>(recordCount);
    for (int at = PREFIX_LENGTH + payloadLength; at < data.length; at += Bytes32.SIZE) {
      roots.add(Bytes32.wrap(data, at));
    }
    return new Decoded(codec, records, roots);
  }

  private static List<BatchRecord> parseRecordStream(byte[] stream, int recordCount)
      throws MalformedBatchDataException {
    List<BatchRecord> records = new ArrayList<>(recordCount);
    int at = 0;
    for (int i = 0; i < recordCount; i++) {
      if (stream.length - at < Long.BYTES) {
        throw new MalformedBatchDataException(
            "the record stream ends after " + i + " of " + recordCount + " records");
      }
      long timestamp = getLong(stream, at);
      if (timestamp < 0) {
        throw new MalformedBatchDataException(
            "record " + i + ": timestamp " + Long.toUnsignedString(timestamp) + " is past 2^63");
      }
      try {
        RecordCodec.Decoded decoded = RecordCodec.decode(stream, at + Long.BYTES, stream.length);
        records.add(new BatchRecord(decoded.record(), timestamp));
        at = decoded.next();
      } catch (MalformedRecordException e) {
        throw new MalformedBatchDataException("record " + i + ": " + e.getMessage(), e);
      }
    }
    if (at != stream.length) {
      throw new MalformedBatchDataException(
          (stream.length - at) + " bytes after the last of " + recordCount + " records");
    }
    return records;
  }

  /** The most stream bytes {@code recordCount} records may decompress to (§5.3). */
  public static int streamLimit(int recordCount) {
    return (int) Math.min((long) recordCount * MAX_STREAM_BYTES_PER_RECORD, MAX_STREAM_LENGTH);
  }

  // ---------------------------------------------------------------------------------------------
  // Codecs
  // ---------------------------------------------------------------------------------------------

  static byte[] compress(BatchCodec codec, byte[] stream) {
    return switch (codec) {
      case NONE -> stream.clone();
      case ZSTD -> Zstd.compress(stream, ZSTD_LEVEL);
      case DEFLATE -> deflate(stream);
    };
  }

  private static byte[] deflate(byte[] stream) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      deflater.setInput(stream);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(stream.length / 2 + 64);
      byte[] buffer = new byte[64 << 10];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static byte[] decompress(BatchCodec codec, byte[] payload, int recordCount)
      throws MalformedBatchDataException {
    int limit = streamLimit(recordCount);
    return switch (codec) {
      case NONE -> {
        if (payload.length > limit) {
          throw new MalformedBatchDataException(
              "the record stream is " + payload.length + " bytes; at most " + limit);
        }
        yield payload;
      }
      case ZSTD -> unzstd(payload, limit);
      case DEFLATE -> inflate(payload, limit);
    };
  }

  private static byte[] unzstd(byte[] payload, int limit) throws MalformedBatchDataException {
    try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(payload))) {
      return readBounded(in, limit, "zstd");
    } catch (IOException | RuntimeException e) {
      throw new MalformedBatchDataException("the zstd payload does not decompress: " + e.getMessage(), e);
    }
  }

  private static byte[] readBounded(InputStream in, int limit, String codec)
      throws IOException, MalformedBatchDataException {
    byte[] out = new byte[Math.min(limit, 64 << 10) + 1];
    int length = 0;
    while (true) {
      if (length == out.length) {
        if (length > limit) {
          throw new MalformedBatchDataException(
              "the " + codec + " payload decompresses past the limit of " + limit + " bytes");
        }
        out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, (long) limit + 1));
      }
      int read = in.read(out, length, out.length - length);
      if (read < 0) {
        return Arrays.copyOf(out, length);
      }
      length += read;
    }
  }

  private static byte[] inflate(byte[] payload, int limit) throws MalformedBatchDataException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(payload);
      byte[] out = new byte[Math.min(limit, 64 << 10) + 1];
      int length = 0;
      while (!inflater.finished()) {
        if (length == out.length) {
          if (length > limit) {
            throw new MalformedBatchDataException(
                "the deflate payload decompresses past the limit of " + limit + " bytes");
          }
          out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, (long) limit + 1));
        }
        int inflated = inflater.inflate(out, length, out.length - length);
        length += inflated;
        if (inflated == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new MalformedBatchDataException(
              "the deflate payload ends before its final block");
        }
      }
      if (length > limit) {
        throw new MalformedBatchDataException(
            "the deflate payload decompresses past the limit of " + limit + " bytes");
      }
      if (inflater.getRemaining() != 0) {
        throw new MalformedBatchDataException(
            inflater.getRemaining() + " bytes after the deflate payload's final block");
      }
      return Arrays.copyOf(out, length);
    } catch (DataFormatException e) {
      throw new MalformedBatchDataException(
          "the deflate payload does not decompress: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Big-endian integers
  // ---------------------------------------------------------------------------------------------

  private static void putInt(byte[] out, int at, int value) {
    for (int i = 3; i >= 0; i--) {
      out[at + i] = (byte) value;
      value >>>= 8;
    }
  }

  private static int getInt(byte[] in, int at) {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (in[at + i] & 0xFF);
    }
    return value;
  }

  private static void putLong(byte[] out, long value) {
    for (int i = 7; i >= 0; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
  }

  private static long getLong(byte[] in, int at) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (in[at + i] & 0xFF);
    }
    return value;
  }
}
