package dev.sluice.bridge.derivation;

import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchHeader;
import java.util.List;
import java.util.Objects;

/**
 * A batch as its {@code BatchAppended} event announced it: the header the contract accepted, where
 * its data is, and where on L1 it was appended. Small enough to keep for every batch that is not
 * final yet; the data itself is fetched again when needed.
 *
 * @param header the header, whose hash the event's {@code headerHash} topic matches
 * @param mode calldata or blobs
 * @param blobHashes the blobs' versioned hashes in order (blob mode), empty for calldata
 * @param transactionHash the appending transaction
 * @param l1Block the block it was mined in
 * @param l1BlockHash that block's hash
 * @param logIndex the event's position in the block
 */
public record AppendedBatch(
    BatchHeader header,
    DataMode mode,
    List<Bytes32> blobHashes,
    Bytes32 transactionHash,
    long l1Block,
    Bytes32 l1BlockHash,
    long logIndex) {

  public AppendedBatch {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(transactionHash, "transactionHash");
    Objects.requireNonNull(l1BlockHash, "l1BlockHash");
    blobHashes = List.copyOf(blobHashes);
  }

  public long index() {
    return header.index();
  }

  public Bytes32 headerHash() {
    return header.hash();
  }
}
