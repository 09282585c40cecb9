package dev.sluice.state.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.SignedRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchDataTest {
  private static final long SEED = 0xBA7C_4DA7L;

  static List<BatchRecord> randomRecords(Random random, int count) {
    List<BatchRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SignedRecord signed =
          new SignedRecord(
              RecordFixtures.randomRecord(random), RecordFixtures.randomSignature(random));
      records.add(new BatchRecord(signed, random.nextLong() & Long.MAX_VALUE));
    }
    return records;
  }

  static List<Bytes32> randomRoots(Random random, int count) {
    List<Bytes32> roots = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      roots.add(Bytes32.wrap(RecordFixtures.randomBytes(random, 32, 32)));
    }
    return roots;
  }

  @ParameterizedTest
  @EnumSource(BatchCodec.class)
  void randomBatchesRoundTripThroughEveryCodecAndThroughBlobs(BatchCodec codec) throws Exception {
    Random random = new Random(SEED + codec.id());
    for (int trial = 0; trial < 60; trial++) {
      int count = 1 + random.nextInt(trial < 50 ? 40 : 600);
      List<BatchRecord> records = randomRecords(random, count);
      List<Bytes32> roots = randomRoots(random, count);

      byte[] data = BatchData.encode(codec, records, roots);
      BatchData.Decoded decoded = BatchData.decode(data, count);
      assertEquals(codec, decoded.codec());
      assertEquals(records, decoded.records());
      assertEquals(roots, decoded.postStateRoots());

      List<byte[]> blobs = BlobPacking.pack(data);
      assertEquals(BlobPacking.blobsFor(data.length), blobs.size());
      BatchData.Decoded fromBlobs =
          BatchData.decodeBlobPayload(BlobPacking.unpack(blobs), count);
      assertEquals(decoded, fromBlobs);
    }
  }

  @Test
  void theSameContentsEncodeToTheSameBytes() {
    Random random = new Random(SEED);
    List<BatchRecord> records = randomRecords(random, 200);
    List<Bytes32> roots = randomRoots(random, 200);
    for (BatchCodec codec : BatchCodec.values()) {
      assertArrayEquals(
          BatchData.encode(codec, records, roots), BatchData.encode(codec, records, roots));
    }
  }

  @Test
  void aDecompressionBombStopsAtTheLimitForItsRecordCount() {
    byte[] zeros = new byte[BatchData.streamLimit(1) + 1];
    for (BatchCodec codec : List.of(BatchCodec.ZSTD, BatchCodec.DEFLATE)) {
      byte[] data = dataWithPayload(codec, BatchData.compress(codec, zeros), 1);
      MalformedBatchDataException e =
          assertThrows(MalformedBatchDataException.class, () -> BatchData.decode(data, 1));
      assertTrue(e.getMessage().contains("past the limit"), e.getMessage());
    }
  }

  @Test
  void aLargeBombIsRefusedWithoutInflatingIt() {
    // 64 MiB of zeros compress to a few kilobytes; the decoder must stop at its limit, not allocate
    // whatever the payload expands to.
    byte[] bomb = Zstd.compress(new byte[64 << 20], 19);
    byte[] data = dataWithPayload(BatchCodec.ZSTD, bomb, BatchHeader.MAX_RECORD_COUNT);
    assertThrows(
        MalformedBatchDataException.class,
        () -> BatchData.decode(data, BatchHeader.MAX_RECORD_COUNT));
  }

  @Test
  void garbageIsRefusedWithATypedError() {
    Random random = new Random(SEED);
    List<BatchRecord> records = randomRecords(random, 20);
    List<Bytes32> roots = randomRoots(random, 20);
    for (BatchCodec codec : BatchCodec.values()) {
      byte[] valid = BatchData.encode(codec, records, roots);
      for (int i = 0; i < 3000; i++) {
        byte[] mutated = mutate(random, valid);
        try {
          BatchData.Decoded decoded = BatchData.decode(mutated, 20);
          assertEquals(20, decoded.records().size());
        } catch (MalformedBatchDataException expected) {
          // the only way to refuse
        }
      }
    }
  }

  @Test
  void lengthsThatDoNotAddUpAreRefused() {
    Random random = new Random(SEED);
    byte[] data = BatchData.encode(BatchCodec.ZSTD, randomRecords(random, 5), randomRoots(random, 5));
    assertThrows(MalformedBatchDataException.class, () -> BatchData.decode(data, 4));
    assertThrows(MalformedBatchDataException.class, () -> BatchData.decode(data, 6));
    assertThrows(
        MalformedBatchDataException.class,
        () -> BatchData.decode(Arrays.copyOf(data, data.length + 1), 5));
    assertThrows(
        MalformedBatchDataException.class,
        () -> BatchData.decode(Arrays.copyOf(data, data.length - 1), 5));
    assertThrows(MalformedBatchDataException.class, () -> BatchData.decode(new byte[3], 1));
    assertThrows(MalformedBatchDataException.class, () -> BatchData.decode(data, 0));
  }

  @Test
  void unknownVersionAndCodecAreNamed() {
    Random random = new Random(SEED);
    byte[] data = BatchData.encode(BatchCodec.NONE, randomRecords(random, 2), randomRoots(random, 2));
    byte[] version = data.clone();
    version[0] = 2;
    assertTrue(
        assertThrows(MalformedBatchDataException.class, () -> BatchData.decode(version, 2))
            .getMessage()
            .contains("version"));
    byte[] codec = data.clone();
    codec[1] = 9;
    assertTrue(
        assertThrows(MalformedBatchDataException.class, () -> BatchData.decode(codec, 2))
            .getMessage()
            .contains("codec"));
  }

  @Test
  void deflateWithTrailingBytesOrATruncatedStreamIsRefused() {
    Random random = new Random(SEED);
    List<BatchRecord> records = randomRecords(random, 3);
    byte[] stream = BatchData.recordStream(records);
    byte[] deflated = BatchData.compress(BatchCodec.DEFLATE, stream);
    byte[] trailing = Arrays.copyOf(deflated, deflated.length + 2);
    byte[] truncated = Arrays.copyOf(deflated, deflated.length - 3);
    assertThrows(
        MalformedBatchDataException.class,
        () -> BatchData.decode(dataWithPayload(BatchCodec.DEFLATE, trailing, 3), 3));
    assertThrows(
        MalformedBatchDataException.class,
        () -> BatchData.decode(dataWithPayload(BatchCodec.DEFLATE, truncated, 3), 3));
    // A zlib-wrapped stream is not raw DEFLATE.
    Deflater zlib = new Deflater(9, false);
    zlib.setInput(stream);
    zlib.finish();
    byte[] wrapped = new byte[stream.length + 64];
    byte[] zlibbed = Arrays.copyOf(wrapped, zlib.deflate(wrapped));
    assertThrows(
        MalformedBatchDataException.class,
        () -> BatchData.decode(dataWithPayload(BatchCodec.DEFLATE, zlibbed, 3), 3));
  }

  @Test
  void bytesAfterTheLastRecordOrMissingRecordsAreRefused() {
    Random random = new Random(SEED);
    List<BatchRecord> records = randomRecords(random, 3);
    byte[] stream = BatchData.recordStream(records);
    byte[] extra = Arrays.copyOf(stream, stream.length + 1);
    assertThrows(
        MalformedBatchDataException.class,
        () -> BatchData.decode(dataWithPayload(BatchCodec.NONE, extra, 3), 3));
    assertThrows(
        MalformedBatchDataException.class,
        () -> BatchData.decode(dataWithPayload(BatchCodec.NONE, stream, 4), 4));
  }

  @Test
  void blobPaddingMustBeZero() throws Exception {
    Random random = new Random(SEED);
    byte[] data = BatchData.encode(BatchCodec.ZSTD, randomRecords(random, 4), randomRoots(random, 4));
    byte[] unpacked = BlobPacking.unpack(BlobPacking.pack(data));
    unpacked[unpacked.length - 1] = 1;
    assertThrows(
        MalformedBatchDataException.class, () -> BatchData.decodeBlobPayload(unpacked, 4));
  }

  @Test
  void blobsRefuseAWordWhoseFirstByteIsSetAndBlobsOfTheWrongSize() {
    List<byte[]> blobs = BlobPacking.pack(new byte[] {1, 2, 3});
    blobs.get(0)[32 * 7] = 1;
    assertThrows(MalformedBatchDataException.class, () -> BlobPacking.unpack(blobs));
    assertThrows(
        MalformedBatchDataException.class, () -> BlobPacking.unpack(List.of(new byte[100])));
    assertThrows(MalformedBatchDataException.class, () -> BlobPacking.unpack(List.of()));
  }

  @Test
  void dataFillsBlobsThirtyOneBytesPerWord() throws Exception {
    byte[] data = new byte[BlobPacking.USABLE_BYTES_PER_BLOB + 1];
    new Random(SEED).nextBytes(data);
    List<byte[]> blobs = BlobPacking.pack(data);
    assertEquals(2, blobs.size());
    assertEquals(data[30], blobs.get(0)[31]);
    assertEquals(data[31], blobs.get(0)[33]);
    assertEquals(data[data.length - 1], blobs.get(1)[1]);
    byte[] unpacked = BlobPacking.unpack(blobs);
    assertArrayEquals(data, Arrays.copyOf(unpacked, data.length));
    assertEquals(1, BlobPacking.blobsFor(0));
    assertEquals(1, BlobPacking.blobsFor(BlobPacking.USABLE_BYTES_PER_BLOB));
  }

  @Test
  void encodingRefusesWhatDecodersWouldRefuse() {
    Random random = new Random(SEED);
    List<BatchRecord> records = randomRecords(random, 2);
    assertThrows(
        IllegalArgumentException.class,
        () -> BatchData.encode(BatchCodec.ZSTD, records, randomRoots(random, 1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> BatchData.encode(BatchCodec.ZSTD, List.of(), List.of()));
  }

  private static byte[] dataWithPayload(BatchCodec codec, byte[] payload, int recordCount) {
    byte[] data = new byte[BatchData.PREFIX_LENGTH + payload.length + recordCount * Bytes32.SIZE];
    data[0] = (byte) BatchData.VERSION;
    data[1] = (byte) codec.id();
    int length = payload.length;
    for (int i = 5; i >= 2; i--) {
      data[i] = (byte) length;
      length >>>= 8;
    }
    System.arraycopy(payload, 0, data, BatchData.PREFIX_LENGTH, payload.length);
    return data;
  }

  private static byte[] mutate(Random random, byte[] valid) {
    byte[] mutated = valid.clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(mutated.length);
      switch (random.nextInt(3)) {
        case 0 -> mutated[at] = (byte) random.nextInt(256);
        case 1 -> mutated[at] ^= (byte) (1 << random.nextInt(8));
        default -> mutated = Arrays.copyOf(mutated, Math.max(1, at));
      }
    }
    return mutated;
  }
}
