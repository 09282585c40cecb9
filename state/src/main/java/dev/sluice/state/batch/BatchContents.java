package dev.sluice.state.batch;

import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Eip712Domain;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A run of sequenced records ready to be posted: everything of a batch but its place in the L1
 * chain (index, previous header hash) and its data hash, which depends on whether the data travels
 * as calldata or in blobs. {@link #header} completes it once those are known.
 *
 * <p>The commitments are fields rather than computed on demand so that the roots posted are
 * exactly the ones the builder declared — including, in fault-injection tests, deliberately wrong
 * ones. {@link #build} computes honest ones.
 *
 * @param firstSequence the sequence number of the first record
 * @param preStateRoot the state root before the first record
 * @param records the records, in sequence order
 * @param postStateRoots the state root after each record
 * @param recordsRoot the root the header commits to over the record leaves
 * @param rootsRoot the root the header commits to over {@code postStateRoots}
 * @param codec the codec {@code data} was encoded with
 * @param data the batch data ({@link BatchData})
 */
public record BatchContents(
    long firstSequence,
    Bytes32 preStateRoot,
    List<BatchRecord> records,
    List<Bytes32> postStateRoots,
    Bytes32 recordsRoot,
    Bytes32 rootsRoot,
    BatchCodec codec,
    byte[] data) {

  public BatchContents {
    Objects.requireNonNull(preStateRoot, "preStateRoot");
    Objects.requireNonNull(recordsRoot, "recordsRoot");
    Objects.requireNonNull(rootsRoot, "rootsRoot");
    Objects.requireNonNull(codec, "codec");
    records = List.copyOf(records);
    postStateRoots = List.copyOf(postStateRoots);
    data = data.clone();
    if (firstSequence < 0) {
      throw new IllegalArgumentException("firstSequence must not be negative, got " + firstSequence);
    }
    if (records.isEmpty() || records.size() > BatchHeader.MAX_RECORD_COUNT) {
      throw new IllegalArgumentException(
          "a batch holds 1 to " + BatchHeader.MAX_RECORD_COUNT + " records, got " + records.size());
    }
    if (postStateRoots.size() != records.size()) {
      throw new IllegalArgumentException(
          records.size() + " records but " + postStateRoots.size() + " post-state roots");
    }
  }

  /**
   * Honest contents: encodes the data with {@code codec} and computes both roots, the record
   * leaves under {@code domain}.
   */
  public static BatchContents build(
      Eip712Domain domain,
      BatchCodec codec,
      long firstSequence,
      Bytes32 preStateRoot,
      List<BatchRecord> records,
      List<Bytes32> postStateRoots) {
    List<Bytes32> leaves = records.stream().map(record -> record.leaf(domain)).toList();
    return new BatchContents(
        firstSequence,
        preStateRoot,
        records,
        postStateRoots,
        BatchMerkleTree.rootOf(leaves),
        BatchMerkleTree.rootOf(postStateRoots),
        codec,
        BatchData.encode(codec, records, postStateRoots));
  }

  /** The batch data; a copy, since arrays cannot be made immutable. */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The length of {@link #data()} without copying it. */
  public int dataLength() {
    return data.length;
  }

  public int recordCount() {
    return records.size();
  }

  public long lastSequence() {
    return firstSequence + records.size() - 1;
  }

  /** The state root after the last record: the header's {@code postStateRoot}. */
  public Bytes32 postStateRoot() {
    return postStateRoots.getLast();
  }

  /** The header of these contents at {@code index} of the L1 chain. */
  public BatchHeader header(long index, Bytes32 prevHeaderHash, Bytes32 dataHash) {
    return new BatchHeader(
        index,
        prevHeaderHash,
        firstSequence,
        records.size(),
        dataHash,
        recordsRoot,
        rootsRoot,
        preStateRoot,
        postStateRoot());
  }

  /** The batch as it will read once posted under {@code header}. */
  public Batch toBatch(BatchHeader header) {
    return new Batch(header, records, postStateRoots);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BatchContents that
        && firstSequence == that.firstSequence
        && preStateRoot.equals(that.preStateRoot)
        && records.equals(that.records)
        && postStateRoots.equals(that.postStateRoots)
        && recordsRoot.equals(that.recordsRoot)
        && rootsRoot.equals(that.rootsRoot)
        && codec == that.codec
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
            firstSequence, preStateRoot, records, postStateRoots, recordsRoot, rootsRoot, codec)
        * 31
        + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "BatchContents[sequences "
        + firstSequence
        + ".."
        + lastSequence()
        + ", "
        + codec
        + ", "
        + data.length
        + " data bytes, recordsRoot "
        + recordsRoot
        + ", rootsRoot "
        + rootsRoot
        + ", data "
        + HexFormat.of().formatHex(data, 0, Math.min(data.length, 8))
        + "…]";
  }
}
