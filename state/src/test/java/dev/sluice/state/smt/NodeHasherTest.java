package dev.sluice.state.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.state.Bytes32;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

/**
 * Node hashes are computed from lanes shifted into place rather than from bytes; this holds them to
 * BouncyCastle's Keccak of the 65-byte encoding on thousands of random nodes of both kinds.
 */
class NodeHasherTest {

  @Test
  void nodeHashesMatchBouncyCastleOnRandomNodes() {
    Random random = new Random(1);
    for (int sample = 0; sample < 10_000; sample++) {
      Bytes32 first = randomWord(random);
      Bytes32 second = randomWord(random);
      byte[] leaf = SmtHashing.leafNode(first, second);
      byte[] internal = SmtHashing.internalNode(first, second);

      assertEquals(reference(leaf), SmtHashing.leaf(first, second));
      assertEquals(reference(internal), SmtHashing.internal(first, second));
      assertEquals(reference(leaf), SmtHashing.hashNode(leaf));
      assertEquals(reference(internal), SmtHashing.hashNode(internal));
    }
  }

  /** Words whose bytes are all 0x00 or 0xff at the lane edges catch a wrong shift or mask. */
  @Test
  void nodeHashesMatchBouncyCastleOnWordsWithExtremeBytes() {
    Random random = new Random(2);
    for (int sample = 0; sample < 2_000; sample++) {
      byte[] bytes = new byte[Bytes32.SIZE];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (random.nextBoolean() ? 0xff : 0x00);
      }
      Bytes32 first = Bytes32.wrap(bytes);
      Bytes32 second = randomWord(random);
      assertEquals(reference(SmtHashing.leafNode(first, second)), SmtHashing.leaf(first, second));
      assertEquals(
          reference(SmtHashing.internalNode(second, first)), SmtHashing.internal(second, first));
    }
  }

  private static Bytes32 randomWord(Random random) {
    byte[] bytes = new byte[Bytes32.SIZE];
    random.nextBytes(bytes);
    return Bytes32.wrap(bytes);
  }

  private static Bytes32 reference(byte[] encoding) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(encoding, 0, encoding.length);
    byte[] out = new byte[Bytes32.SIZE];
    digest.doFinal(out, 0);
    return Bytes32.wrap(out);
  }
}
