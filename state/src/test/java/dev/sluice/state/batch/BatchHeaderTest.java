package dev.sluice.state.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;

class BatchHeaderTest {
  private static final Bytes32 PREV = filled(0xa1);
  private static final Bytes32 DATA = filled(0xd0);
  private static final Bytes32 RECORDS = filled(0xe1);
  private static final Bytes32 ROOTS = filled(0xe2);
  private static final Bytes32 PRE = filled(0xf1);
  private static final Bytes32 POST = filled(0xf2);

  private static final long FIRST = 0x0102030405060708L;

  private static final BatchHeader HEADER =
      new BatchHeader(42, PREV, FIRST, 65_536, DATA, RECORDS, ROOTS, PRE, POST);

  /** HEADER's nine words, written out by hand. */
  private static final String HEADER_ENCODING =
      "000000000000000000000000000000000000000000000000000000000000002a"
          + "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
          + "0000000000000000000000000000000000000000000000000102030405060708"
          + "0000000000000000000000000000000000000000000000000000000000010000"
          + "d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0"
          + "e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1"
          + "e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2"
          + "f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1"
          + "f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2";

  @Test
  void encodesNineWordsAsWrittenOut() {
    byte[] encoding = HEADER.abiEncode();

    assertEquals(BatchHeader.ENCODED_SIZE, encoding.length);
    assertEquals(HEADER_ENCODING, HexFormat.of().formatHex(encoding));
  }

  @Test
  void hashIsTheKeccakOfTheEncoding() {
    Bytes32 expected = Keccak.hash32(HexFormat.of().parseHex(HEADER_ENCODING));

    assertEquals(expected, HEADER.hash());
    // The same value computed outside this code base; pins it for the L1 verifier's tests.
    assertEquals(
        Bytes32.fromHex("6804d0b40d44d17fa0a76de6fe9ded4b51a13ef034f21e03f0ac708f4b5b0a90"),
        HEADER.hash());
  }

  @Test
  void firstHeaderHashIsPinned() {
    BatchHeader first =
        new BatchHeader(0, Bytes32.ZERO, 0, 1, DATA, RECORDS, ROOTS, Bytes32.ZERO, POST);

    assertEquals(
        Bytes32.fromHex("9e31a107aa6be2d8814a98fb058e5e664df0730d5245160cff0420fe1ef3b4e0"),
        first.hash());
  }

  @Test
  void encodingMatchesWeb3jAbiEncode() {
    List<Type> values =
        List.of(
            new Uint64(BigInteger.valueOf(HEADER.index())),
            bytes32(PREV),
            new Uint64(BigInteger.valueOf(HEADER.firstSequence())),
            new Uint32(BigInteger.valueOf(HEADER.recordCount())),
            bytes32(DATA),
            bytes32(RECORDS),
            bytes32(ROOTS),
            bytes32(PRE),
            bytes32(POST));

    assertEquals(
        FunctionEncoder.encodeConstructor(values), HexFormat.of().formatHex(HEADER.abiEncode()));
  }

  @Test
  void largestValuesEncodeUnpadded() {
    BatchHeader header =
        new BatchHeader(
            Long.MAX_VALUE,
            PREV,
            Long.MAX_VALUE - 65_535,
            65_536,
            DATA,
            RECORDS,
            ROOTS,
            PRE,
            POST);

    String hex = HexFormat.of().formatHex(header.abiEncode());

    assertEquals("0".repeat(48) + "7fffffffffffffff", hex.substring(0, 64));
    assertEquals("0".repeat(48) + "7fffffffffff0000", hex.substring(128, 192));
    assertEquals(Long.MAX_VALUE, header.lastSequence());
  }

  @Test
  void everyFieldChangesTheHash() {
    Bytes32 other = filled(0x99);
    List<BatchHeader> variants =
        List.of(
            new BatchHeader(43, PREV, FIRST, 65_536, DATA, RECORDS, ROOTS, PRE, POST),
            new BatchHeader(42, other, FIRST, 65_536, DATA, RECORDS, ROOTS, PRE, POST),
            new BatchHeader(42, PREV, FIRST + 1, 65_536, DATA, RECORDS, ROOTS, PRE, POST),
            new BatchHeader(42, PREV, FIRST, 65_535, DATA, RECORDS, ROOTS, PRE, POST),
            new BatchHeader(42, PREV, FIRST, 65_536, other, RECORDS, ROOTS, PRE, POST),
            new BatchHeader(42, PREV, FIRST, 65_536, DATA, other, ROOTS, PRE, POST),
            new BatchHeader(42, PREV, FIRST, 65_536, DATA, RECORDS, other, PRE, POST),
            new BatchHeader(42, PREV, FIRST, 65_536, DATA, RECORDS, ROOTS, other, POST),
            new BatchHeader(42, PREV, FIRST, 65_536, DATA, RECORDS, ROOTS, PRE, other));

    for (BatchHeader variant : variants) {
      assertNotEquals(HEADER.hash(), variant.hash(), variant::toString);
    }
  }

  @Test
  void rejectsOutOfRangeFields() {
    assertThrows(IllegalArgumentException.class, () -> header(-1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> header(0, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> header(0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> header(0, 0, -1));
    assertThrows(IllegalArgumentException.class, () -> header(0, 0, 65_537));
    assertThrows(IllegalArgumentException.class, () -> header(0, Long.MAX_VALUE, 2));
    header(0, Long.MAX_VALUE, 1);
    header(0, 0, 65_536);
  }

  @Test
  void rejectsMissingHashes() {
    assertThrows(
        NullPointerException.class,
        () -> new BatchHeader(0, PREV, 0, 1, DATA, RECORDS, ROOTS, PRE, null));
    assertThrows(
        NullPointerException.class,
        () -> new BatchHeader(0, null, 0, 1, DATA, RECORDS, ROOTS, PRE, POST));
  }

  private static BatchHeader header(long index, long firstSequence, int recordCount) {
    return new BatchHeader(
        index, PREV, firstSequence, recordCount, DATA, RECORDS, ROOTS, PRE, POST);
  }

  private static org.web3j.abi.datatypes.generated.Bytes32 bytes32(Bytes32 value) {
    return new org.web3j.abi.datatypes.generated.Bytes32(value.toArray());
  }

  private static Bytes32 filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return Bytes32.wrap(bytes);
  }
}
