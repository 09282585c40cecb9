package dev.sluice.bridge.poster;

import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.batch.BatchData;
import dev.sluice.state.batch.BatchMerkleTree;
import dev.sluice.state.batch.BlobPacking;
import dev.sluice.state.batch.MalformedBatchDataException;
import dev.sluice.state.record.Eip712Domain;

/**
 * Decodes a batch's data the way every watcher will, before it leaves the node: the bytes posted
 * must give back exactly the records and roots the contents hold, so that a codec bug never reaches
 * L1 as a batch nobody can read.
 *
 * <p>The declared {@code recordsRoot} and {@code rootsRoot} are recomputed too when the contents
 * are honest. Fault-injection runs post deliberately wrong roots and turn that part off ({@link
 * PosterConfig#honestContents()}); the data must still decode to the declared records.
 */
final class BatchSelfCheck {
  private final Eip712Domain domain;
  private final boolean honestContents;

  BatchSelfCheck(Eip712Domain domain, boolean honestContents) {
    this.domain = domain;
    this.honestContents = honestContents;
  }

  /**
   * @throws BatchSelfCheckException naming the first difference
   */
  void check(BatchContents contents, DataAvailability mode) {
    byte[] data = contents.data();
    BatchData.Decoded decoded;
    try {
      decoded =
          mode == DataAvailability.BLOBS
              ? BatchData.decodeBlobPayload(
                  BlobPacking.unpack(BlobPacking.pack(data)), contents.recordCount())
              : BatchData.decode(data, contents.recordCount());
    } catch (MalformedBatchDataException e) {
      throw new BatchSelfCheckException(
          "the data of " + contents + " does not decode: " + e.getMessage(), e);
    }
    if (decoded.codec() != contents.codec()) {
      throw new BatchSelfCheckException(
          "the data of " + contents + " decodes with codec " + decoded.codec());
    }
    if (!decoded.records().equals(contents.records())) {
      throw new BatchSelfCheckException(
          "the data of " + contents + " decodes to other records than the batch holds");
    }
    if (!decoded.postStateRoots().equals(contents.postStateRoots())) {
      throw new BatchSelfCheckException(
          "the data of " + contents + " decodes to other post-state roots than the batch holds");
    }
    if (!honestContents) {
      return;
    }
    if (!BatchMerkleTree.rootOf(decoded.records().stream().map(r -> r.leaf(domain)).toList())
        .equals(contents.recordsRoot())) {
      throw new BatchSelfCheckException(
          "the records of " + contents + " do not hash to its declared recordsRoot");
    }
    if (!BatchMerkleTree.rootOf(decoded.postStateRoots()).equals(contents.rootsRoot())) {
      throw new BatchSelfCheckException(
          "the post-state roots of " + contents + " do not hash to its declared rootsRoot");
    }
  }

  /** A batch failed its self-check; the poster does not post it. */
  static final class BatchSelfCheckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BatchSelfCheckException(String message) {
      super(message);
    }

    BatchSelfCheckException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
