package dev.sluice.state;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 as Ethereum uses it (the pre-standard padding, not SHA3-256).
 *
 * <p>Uses BouncyCastle's digest directly: no JCA provider lookup and no registration, and one
 * digest per thread because {@link KeccakDigest} is stateful.
 */
public final class Keccak {
  private static final ThreadLocal<KeccakDigest> DIGEST =
      ThreadLocal.withInitial(() -> new KeccakDigest(256));

  private Keccak() {}

  /** Hashes the concatenation of {@code parts}. */
  public static byte[] hash(byte[]... parts) {
    KeccakDigest digest = DIGEST.get();
    for (byte[] part : parts) {
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  /** Hashes {@code length} bytes of {@code input} from {@code offset}. */
  public static byte[] hash(byte[] input, int offset, int length) {
    KeccakDigest digest = DIGEST.get();
    digest.update(input, offset, length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  public static Bytes32 hash32(byte[]... parts) {
    return Bytes32.adopt(hash(parts));
  }
}
