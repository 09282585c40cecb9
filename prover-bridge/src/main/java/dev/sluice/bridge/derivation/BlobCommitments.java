package dev.sluice.bridge.derivation;

import dev.sluice.state.Bytes32;
import ethereum.ckzg4844.CKZG4844JNI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The EIP-4844 versioned hash of a blob: {@code 0x01 ‖ sha256(kzgCommitment)[1..32]}, with the
 * commitment computed from the blob itself. That is what ties a blob fetched from an untrusted
 * endpoint to the hash the rollup contract read with {@code blobhash}.
 *
 * <p>The KZG library and its trusted setup are the ones web3j loads for sending blobs (loading
 * takes a few seconds, once per process).
 */
public final class BlobCommitments {
  public static final int BLOB_SIZE = 131_072;
  private static final byte VERSION_KZG = 0x01;

  private BlobCommitments() {}

  /**
   * The versioned hash of {@code blob}.
   *
   * @throws IllegalArgumentException if it is not 131,072 bytes or not a valid blob (a field
   *     element at or above the BLS modulus)
   */
  public static Bytes32 versionedHash(byte[] blob) {
    if (blob.length != BLOB_SIZE) {
      throw new IllegalArgumentException("a blob is " + BLOB_SIZE + " bytes, got " + blob.length);
    }
    Setup.ensureLoaded();
    byte[] commitment;
    try {
      commitment = CKZG4844JNI.blobToKzgCommitment(blob);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a valid blob: " + e.getMessage(), e);
    }
    byte[] hash = sha256(commitment);
    hash[0] = VERSION_KZG;
    return Bytes32.wrap(hash);
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Loads the native library and trusted setup once per process. */
  private static final class Setup {
    static {
      try {
        // web3j's BlobUtils loads the library and its mainnet trusted setup when initialised; going
        // through it keeps a web3j blob sender in the same process working (a second load fails).
        Class.forName("org.web3j.crypto.BlobUtils", true, BlobCommitments.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        CKZG4844JNI.loadNativeLibrary();
        CKZG4844JNI.loadTrustedSetupFromResource("/trusted_setup.txt", BlobCommitments.class, 0);
      }
    }

    static void ensureLoaded() {}
  }
}
