package dev.sluice.state.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
  private static final long SEED = 0x5EED_51C3L;

  private static final Signature SIGNATURE = RecordFixtures.randomSignature(new Random(7));

  @Test
  void shouldRoundTripRandomRecordsOfEveryOp() {
    Random random = new Random(SEED);
    for (int i = 0; i < 5_000; i++) {
      SignedRecord signed =
          new SignedRecord(RecordFixtures.randomRecord(random), RecordFixtures.randomSignature(random));
      byte[] encoded = signed.encode();
      SignedRecord decoded = RecordCodec.decode(encoded);
      assertEquals(signed, decoded, "seed " + SEED + " case " + i);
      assertArrayEquals(encoded, decoded.encode(), "seed " + SEED + " case " + i);
    }
  }

  @Test
  void shouldEncodeFieldsInSpecOrder() {
    Record record = Record.put(0x0102030405060708L, "s/1", new byte[] {(byte) 0xaa}, new byte[] {(byte) 0xbb, (byte) 0xcc});
    byte[] encoded = new SignedRecord(record, SIGNATURE).encode();
    String expectedPrefix = "0102030405060708" + "01" + "03" + "732f31" + "0001" + "aa" + "0002" + "bbcc";
    assertEquals(expectedPrefix, HexFormat.of().formatHex(encoded, 0, expectedPrefix.length() / 2));
    assertArrayEquals(SIGNATURE.toArray(), Arrays.copyOfRange(encoded, encoded.length - 65, encoded.length));
  }

  @Test
  void shouldAcceptTheLargestRecord() {
    Record record =
        Record.put(
            1,
            "x".repeat(RecordLimits.MAX_STREAM_LENGTH),
            new byte[RecordLimits.MAX_ENTRY_KEY_LENGTH],
            new byte[RecordLimits.MAX_VALUE_LENGTH]);
    byte[] encoded = new SignedRecord(record, SIGNATURE).encode();
    assertEquals(RecordLimits.MAX_ENCODED_LENGTH, encoded.length);
    assertEquals(record, RecordCodec.decode(encoded).record());
  }

  @Test
  void shouldRejectTrailingBytes() {
    byte[] encoded = validEncoding();
    assertRejected(Arrays.copyOf(encoded, encoded.length + 1), "signature");
  }

  @Test
  void shouldRejectEveryTruncation() {
    byte[] encoded = validEncoding();
    assertRejected(new byte[0], "nonce");
    for (int length = 0; length < encoded.length; length++) {
      byte[] truncated = Arrays.copyOf(encoded, length);
      assertThrows(MalformedRecordException.class, () -> RecordCodec.decode(truncated), "length " + length);
    }
  }

  @Test
  void shouldRejectUnknownOps() {
    for (int op : new int[] {0, 5, 0x7f, 0xff}) {
      byte[] encoded = validEncoding();
      encoded[8] = (byte) op;
      assertRejected(encoded, "op");
    }
  }

  @Test
  void shouldRejectStreamLengthsOutOfRange() {
    byte[] encoded = validEncoding();
    encoded[9] = 0;
    assertRejected(encoded, "streamLength");
    encoded[9] = 65;
    assertRejected(encoded, "streamLength");
  }

  @Test
  void shouldRejectStreamBytesOutsidePrintableAscii() {
    for (int bad : new int[] {0x00, 0x20, 0x7f, 0x80, 0xff}) {
      byte[] encoded = validEncoding();
      encoded[10] = (byte) bad;
      assertRejected(encoded, "stream");
    }
  }

  @Test
  void shouldRejectKeyLengthsThatDoNotFitTheOp() {
    SignedRecord grant =
        new SignedRecord(Record.grant(0, "s", dev.sluice.state.Address.ZERO), SIGNATURE);
    byte[] encoded = grant.encode();
    int keyLengthAt = keyLengthOffset(encoded);
    encoded[keyLengthAt + 1] = 19;
    assertRejected(encoded, "keyLength");
    byte[] put = validEncoding();
    keyLengthAt = keyLengthOffset(put);
    put[keyLengthAt] = 0;
    put[keyLengthAt + 1] = 0;
    assertRejected(put, "keyLength");
    put[keyLengthAt] = 1;
    put[keyLengthAt + 1] = 1; // 257
    assertRejected(put, "keyLength");
  }

  @Test
  void shouldRejectValuesOnOpsWithoutOne() {
    byte[] encoded =
        new SignedRecord(Record.delete(0, "s", new byte[] {1}), SIGNATURE).encode();
    int valueLengthAt = 8 + 1 + 1 + 1 + 2 + 1;
    byte[] withValue = new byte[encoded.length + 1];
    System.arraycopy(encoded, 0, withValue, 0, valueLengthAt);
    withValue[valueLengthAt + 1] = 1;
    System.arraycopy(encoded, valueLengthAt + 2, withValue, valueLengthAt + 3, 65);
    assertRejected(withValue, "valueLength");
  }

  @Test
  void shouldRejectOversizedValues() {
    Record record = Record.put(1, "s", new byte[] {1}, new byte[RecordLimits.MAX_VALUE_LENGTH]);
    byte[] encoded = new SignedRecord(record, SIGNATURE).encode();
    int valueLengthAt = 8 + 1 + 1 + 1 + 2 + 1;
    int tooLong = RecordLimits.MAX_VALUE_LENGTH + 1;
    encoded[valueLengthAt] = (byte) (tooLong >>> 8);
    encoded[valueLengthAt + 1] = (byte) tooLong;
    assertRejected(encoded, "valueLength");
  }

  @Test
  void shouldRejectInputsLongerThanTheLargestRecord() {
    assertRejected(new byte[RecordLimits.MAX_ENCODED_LENGTH + 1], "record");
  }

  @Test
  void shouldRejectNonCanonicalRecoveryIds() {
    for (int v : new int[] {0, 1, 2, 26, 29, 35, 0xff}) {
      byte[] encoded = validEncoding();
      encoded[encoded.length - 1] = (byte) v;
      assertRejected(encoded, "signature");
    }
  }

  @Test
  void shouldRejectTheCompactSignatureForm() {
    byte[] encoded = validEncoding();
    assertRejected(Arrays.copyOf(encoded, encoded.length - 1), "signature");
  }

  /**
   * Random and mutated inputs: decoding either yields a record that re-encodes to the same bytes
   * or throws {@link MalformedRecordException}; nothing else may escape. The Jazzer fuzz test runs
   * the same check with coverage guidance.
   */
  @Test
  void shouldOnlyEverDecodeCanonicallyOrRejectWithTypedError() {
    Random random = new Random(SEED);
    byte[][] seeds = new byte[50][];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = new SignedRecord(RecordFixtures.randomRecord(random), SIGNATURE).encode();
    }
    int accepted = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] input = mutate(random, seeds[random.nextInt(seeds.length)]);
      if (decodesCanonicallyOrRejects(input)) {
        accepted++;
      }
    }
    // Mutations that keep the structure (a flipped value byte) must still decode.
    if (accepted == 0) {
      fail("no mutated input decoded; the mutator is not exercising the accept path");
    }
  }

  static boolean decodesCanonicallyOrRejects(byte[] input) {
    SignedRecord decoded;
    try {
      decoded = RecordCodec.decode(input);
    } catch (MalformedRecordException expected) {
      return false;
    }
    assertArrayEquals(input, decoded.encode(), "accepted a non-canonical encoding");
    return true;
  }

  private static byte[] mutate(Random random, byte[] seed) {
    byte[] input = seed.clone();
    switch (random.nextInt(5)) {
      case 0 -> input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
      case 1 -> input[random.nextInt(input.length)] = (byte) random.nextInt(256);
      case 2 -> input = Arrays.copyOf(input, random.nextInt(input.length + 1));
      case 3 -> {
        input = Arrays.copyOf(input, input.length + 1 + random.nextInt(8));
      }
      default -> {
        input = new byte[random.nextInt(200)];
        random.nextBytes(input);
      }
    }
    return input;
  }

  private static int keyLengthOffset(byte[] encoded) {
    return 8 + 1 + 1 + (encoded[9] & 0xff);
  }

  private static byte[] validEncoding() {
    return new SignedRecord(Record.put(3, "sensors/7", new byte[] {1, 2}, new byte[] {9}), SIGNATURE)
        .encode();
  }

  private static void assertRejected(byte[] input, String field) {
    MalformedRecordException error =
        assertThrows(MalformedRecordException.class, () -> RecordCodec.decode(input));
    assertEquals(field, error.field(), error.getMessage());
  }
}
