package dev.sluice.state.batch;

import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Eip712Domain;
import java.util.List;
import java.util.Objects;

/**
 * A batch as posted to L1: its header, its records and the per-record post-state roots it claims
 * (docs/protocol.md §5). The roots are checked against the header here; whether the records match
 * {@code recordsRoot} depends on the EIP-712 domain, see {@link #recordsMatch}.
 *
 * <p>The header's {@code postStateRoot} is not checked against the last root: a batch where they
 * differ is valid input, proven wrong with {@code proveHeaderFault}.
 *
 * @param header the header as appended
 * @param records the batch's records, in order
 * @param postStateRoots the state root the batch claims after each record
 */
public record Batch(
    BatchHeader header, List<BatchRecord> records, List<Bytes32> postStateRoots) {

  /**
   * @throws IllegalArgumentException if the lists are not {@code recordCount} long or the roots do
   *     not hash to the header's {@code rootsRoot}: the contract would refuse any proof built on
   *     them
   */
  public Batch {
    Objects.requireNonNull(header, "header");
    records = List.copyOf(records);
    postStateRoots = List.copyOf(postStateRoots);
    if (records.size() != header.recordCount() || postStateRoots.size() != header.recordCount()) {
      throw new IllegalArgumentException(
          "batch "
              + header.index()
              + " has "
              + header.recordCount()
              + " records, got "
              + records.size()
              + " records and "
              + postStateRoots.size()
              + " roots");
    }
    if (!BatchMerkleTree.rootOf(postStateRoots).equals(header.rootsRoot())) {
      throw new IllegalArgumentException(
          "the roots do not hash to the rootsRoot of batch " + header.index());
    }
  }

  /**
   * The state root before record {@code index}: the previous record's, or the batch's pre-state.
   */
  public Bytes32 preStateRootOf(int index) {
    Objects.checkIndex(index, postStateRoots.size());
    return index == 0 ? header.preStateRoot() : postStateRoots.get(index - 1);
  }

  /** The record leaves under {@code domain}, in order. */
  public List<Bytes32> recordLeaves(Eip712Domain domain) {
    return records.stream().map(record -> record.leaf(domain)).toList();
  }

  /** Whether the records hash to the header's {@code recordsRoot} under {@code domain}. */
  public boolean recordsMatch(Eip712Domain domain) {
    return BatchMerkleTree.rootOf(recordLeaves(domain)).equals(header.recordsRoot());
  }
}
