package dev.sluice.state;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

/** Our Keccak-256 against BouncyCastle's, which it replaced, and against published digests. */
class KeccakTest {
  /** Three blocks and a bit: every length around the block boundaries, and the padding cases. */
  private static final int MAX_LENGTH = 3 * Keccak.RATE + 20;

  @Test
  void matchesPublishedDigests() {
    assertEquals(
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        hex(Keccak.hash(new byte[0])));
    assertEquals(
        "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15",
        hex(Keccak.hash("The quick brown fox jumps over the lazy dog".getBytes(US_ASCII))));
  }

  @Test
  void matchesBouncyCastleOnRandomInputsOfEveryLength() {
    Random random = new Random(1);
    for (int length = 0; length <= MAX_LENGTH; length++) {
      for (int sample = 0; sample < 20; sample++) {
        byte[] input = new byte[length];
        random.nextBytes(input);
        assertArrayEquals(reference(input), Keccak.hash(input), "length " + length);
      }
    }
  }

  @Test
  void matchesBouncyCastleOnThousandsOfNodeSizedInputs() {
    // 64 bytes (two hashes), 65 (a tree node) and 21 (an account key) are the hot sizes.
    Random random = new Random(2);
    for (int length : new int[] {21, 64, 65}) {
      for (int sample = 0; sample < 5_000; sample++) {
        byte[] input = new byte[length];
        random.nextBytes(input);
        assertArrayEquals(reference(input), Keccak.hash(input), "length " + length);
      }
    }
  }

  @Test
  void hashesAnySliceAndAnySplitIntoParts() {
    Random random = new Random(3);
    for (int sample = 0; sample < 2_000; sample++) {
      byte[] input = new byte[random.nextInt(MAX_LENGTH + 1)];
      random.nextBytes(input);
      byte[] expected = reference(input);

      int cut1 = random.nextInt(input.length + 1);
      int cut2 = cut1 + random.nextInt(input.length - cut1 + 1);
      byte[][] parts = {
        Arrays.copyOfRange(input, 0, cut1),
        Arrays.copyOfRange(input, cut1, cut2),
        Arrays.copyOfRange(input, cut2, input.length)
      };
      assertArrayEquals(expected, Keccak.hash(parts));
      assertEquals(Bytes32.wrap(expected), Keccak.hash32(parts));

      byte[] padded = new byte[input.length + 7];
      random.nextBytes(padded);
      int offset = random.nextInt(8);
      System.arraycopy(input, 0, padded, offset, input.length);
      assertArrayEquals(expected, Keccak.hash(padded, offset, input.length));
    }
  }

  @Test
  void aHashAbandonedByAnExceptionDoesNotAffectTheNext() {
    byte[] input = {1, 2, 3};
    assertThrows(NullPointerException.class, () -> Keccak.hash(input, null));
    assertThrows(IndexOutOfBoundsException.class, () -> Keccak.hash(input, 2, 5));
    assertArrayEquals(reference(input), Keccak.hash(input));
  }

  @Test
  void thePermutationMatchesTheKeccakReferenceForTheZeroState() {
    // Keccak team's KeccakF-1600 intermediate values: lane 0 after permuting the all-zero state.
    long[] state = new long[KeccakPermutation.LANES];
    KeccakPermutation.permute(state);
    assertEquals(0xF1258F7940E1DDE7L, state[0]);
    assertEquals(0x84D5CCF933C0478AL, state[1]);
    KeccakPermutation.permute(state);
    assertEquals(0x2D5C954DF96ECB3CL, state[0]);
  }

  static byte[] reference(byte[] input) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
