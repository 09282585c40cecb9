package dev.sluice.state.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Batch data in EIP-4844 blobs (docs/protocol.md §5.3, blob mode): the data fills each blob's
 * 32-byte field elements 31 bytes at a time, in bytes 1–31 of each word; byte 0 stays zero so
 * every word is below the BLS12-381 field modulus. Whatever follows the data in the last blob is
 * zero.
 */
public final class BlobPacking {
  /** Bytes in one blob: 4096 field elements of 32 bytes. */
  public static final int BLOB_SIZE = 131_072;

  private static final int WORD = 32;
  private static final int DATA_PER_WORD = WORD - 1;
  private static final int WORDS_PER_BLOB = BLOB_SIZE / WORD;

  /** Data bytes one blob carries. */
  public static final int USABLE_BYTES_PER_BLOB = WORDS_PER_BLOB * DATA_PER_WORD;

  private BlobPacking() {}

  /** How many blobs {@code dataLength} bytes need (at least one). */
  public static int blobsFor(int dataLength) {
    if (dataLength < 0) {
      throw new IllegalArgumentException("negative data length " + dataLength);
    }
    return Math.max(1, (dataLength + USABLE_BYTES_PER_BLOB - 1) / USABLE_BYTES_PER_BLOB);
  }

  /** Packs {@code data} into as few blobs as it needs. */
  public static List<byte[]> pack(byte[] data) {
    Objects.requireNonNull(data, "data");
    List<byte[]> blobs = new ArrayList<>();
    int at = 0;
    for (int b = blobsFor(data.length); b > 0; b--) {
      byte[] blob = new byte[BLOB_SIZE];
      for (int word = 0; word < WORDS_PER_BLOB && at < data.length; word++) {
        int n = Math.min(DATA_PER_WORD, data.length - at);
        System.arraycopy(data, at, blob, word * WORD + 1, n);
        at += n;
      }
      blobs.add(blob);
    }
    return blobs;
  }

  /**
   * The data bytes of {@code blobs}, in order, with whatever zeros follow the data: {@link
   * BatchData#decodeBlobPayload} finds where the data ends.
   *
   * @throws MalformedBatchDataException if there is no blob, a blob is not {@value #BLOB_SIZE}
   *     bytes, or a word's first byte is not zero
   */
  public static byte[] unpack(List<byte[]> blobs) throws MalformedBatchDataException {
    if (blobs.isEmpty()) {
      throw new MalformedBatchDataException("a blob batch needs at least one blob");
    }
    byte[] data = new byte[Math.multiplyExact(blobs.size(), USABLE_BYTES_PER_BLOB)];
    int at = 0;
    for (int b = 0; b < blobs.size(); b++) {
      byte[] blob = blobs.get(b);
      if (blob.length != BLOB_SIZE) {
        throw new MalformedBatchDataException(
            "blob " + b + " is " + blob.length + " bytes, not " + BLOB_SIZE);
      }
      for (int word = 0; word < WORDS_PER_BLOB; word++) {
        if (blob[word * WORD] != 0) {
          throw new MalformedBatchDataException(
              "blob " + b + ", field element " + word + ": the first byte is not zero");
        }
        System.arraycopy(blob, word * WORD + 1, data, at, DATA_PER_WORD);
        at += DATA_PER_WORD;
      }
    }
    return data;
  }
}
