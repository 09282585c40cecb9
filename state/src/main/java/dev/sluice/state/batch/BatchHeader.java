package dev.sluice.state.batch;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.util.Objects;

/**
 * The header the sequencer posts to L1 for one batch (docs/protocol.md §5.2); its {@link #hash()}
 * links each batch to the one before it.
 *
 * <p>The u64 fields are Java {@code long}s and must not be negative, which caps them at {@code
 * 2^63 − 1}. Rules that relate a header to its predecessor (the {@code prevHeaderHash} and {@code
 * preStateRoot} of index 0, consecutive sequences) belong to whoever links headers, not here.
 *
 * @param index the batch's position, from 0
 * @param prevHeaderHash the previous batch's {@link #hash()}; zero for index 0
 * @param firstSequence the sequence number of the batch's first record
 * @param recordCount the number of records, 1 to {@value #MAX_RECORD_COUNT}
 * @param dataHash {@code keccak} of the batch data, or of the blobs' versioned hashes
 * @param recordsRoot the {@link BatchMerkleTree} root over the record leaves
 * @param rootsRoot the {@link BatchMerkleTree} root over the per-record post-state roots
 * @param preStateRoot the previous batch's {@code postStateRoot}; the empty root for index 0
 * @param postStateRoot the state root after the batch's last record
 */
public record BatchHeader(
    long index,
    Bytes32 prevHeaderHash,
    long firstSequence,
    int recordCount,
    Bytes32 dataHash,
    Bytes32 recordsRoot,
    Bytes32 rootsRoot,
    Bytes32 preStateRoot,
    Bytes32 postStateRoot) {

  /** The most records a batch holds (§6). */
  public static final int MAX_RECORD_COUNT = 65_536;

  /** The length of {@link #abiEncode()}: nine 32-byte words. */
  public static final int ENCODED_SIZE = 9 * 32;

  public BatchHeader {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, got " + index);
    }
    if (firstSequence < 0) {
      throw new IllegalArgumentException(
          "firstSequence must not be negative, got " + firstSequence);
    }
    if (recordCount < 1 || recordCount > MAX_RECORD_COUNT) {
      throw new IllegalArgumentException(
          "recordCount must be 1 to " + MAX_RECORD_COUNT + ", got " + recordCount);
    }
    if (firstSequence > Long.MAX_VALUE - (recordCount - 1)) {
      throw new IllegalArgumentException(
          "the last sequence of a batch of "
              + recordCount
              + " records from "
              + firstSequence
              + " overflows a long");
    }
    Objects.requireNonNull(prevHeaderHash, "prevHeaderHash");
    Objects.requireNonNull(dataHash, "dataHash");
    Objects.requireNonNull(recordsRoot, "recordsRoot");
    Objects.requireNonNull(rootsRoot, "rootsRoot");
    Objects.requireNonNull(preStateRoot, "preStateRoot");
    Objects.requireNonNull(postStateRoot, "postStateRoot");
  }

  /** The sequence number of the batch's last record. */
  public long lastSequence() {
    return firstSequence + recordCount - 1;
  }

  /**
   * The fields as Solidity's {@code abi.encode} lays them out for {@code (uint64, bytes32, uint64,
   * uint32, bytes32, bytes32, bytes32, bytes32, bytes32)}: nine 32-byte words, integers
   * big-endian and left-padded with zeros.
   */
  public byte[] abiEncode() {
    byte[] out = new byte[ENCODED_SIZE];
    putUint(out, 0, index);
    prevHeaderHash.copyTo(out, 32);
    putUint(out, 2 * 32, firstSequence);
    putUint(out, 3 * 32, recordCount);
    dataHash.copyTo(out, 4 * 32);
    recordsRoot.copyTo(out, 5 * 32);
    rootsRoot.copyTo(out, 6 * 32);
    preStateRoot.copyTo(out, 7 * 32);
    postStateRoot.copyTo(out, 8 * 32);
    return out;
  }

  /** {@code headerHash = keccak(abiEncode())}. */
  public Bytes32 hash() {
    return Keccak.hash32(abiEncode());
  }

  /** Writes a non-negative {@code value} into the last 8 bytes of the word at {@code offset}. */
  private static void putUint(byte[] out, int offset, long value) {
    for (int i = 0; i < Long.BYTES; i++) {
      out[offset + 31 - i] = (byte) (value >>> (8 * i));
    }
  }
}
