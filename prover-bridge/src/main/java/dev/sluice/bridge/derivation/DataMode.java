package dev.sluice.bridge.derivation;

/** Where a batch's data was posted; the ordinals are SluiceRollup's {@code DataMode} values. */
public enum DataMode {
  /** The data is the {@code data} argument of the {@code appendBatch} call. */
  CALLDATA,
  /** The data fills the blobs of the {@code appendBatchFromBlobs} transaction (EIP-4844). */
  BLOBS
}
