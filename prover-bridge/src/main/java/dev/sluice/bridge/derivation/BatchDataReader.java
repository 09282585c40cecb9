package dev.sluice.bridge.derivation;

import dev.sluice.bridge.L1Exception;
import dev.sluice.bridge.derivation.DerivedBatch.Content;
import dev.sluice.bridge.derivation.DerivedBatch.DataFault;
import dev.sluice.bridge.derivation.DerivedBatch.Decoded;
import dev.sluice.bridge.derivation.DerivedBatch.FaultKind;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.Batch;
import dev.sluice.state.batch.BatchData;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.batch.BlobPacking;
import dev.sluice.state.batch.MalformedBatchDataException;
import dev.sluice.state.record.Eip712Domain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads an appended batch's data back from L1 and checks it against the header: fetches the
 * appending transaction, takes the data from its calldata or its blobs, checks the data hash,
 * decodes it with the protocol's limits and checks the records and roots against the header's
 * roots.
 *
 * <p>What the data says is a verdict ({@link Content}); only failures to reach L1, or an L1 that
 * no longer has the transaction in the block the event named (a reorg under way), are exceptions,
 * and retrying later is the answer to them.
 */
final class BatchDataReader {
  private final L1ChainReader reader;
  private final Address rollup;
  private final Eip712Domain domain;

  BatchDataReader(L1ChainReader reader, Address rollup, Eip712Domain domain) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.rollup = Objects.requireNonNull(rollup, "rollup");
    this.domain = Objects.requireNonNull(domain, "domain");
  }

  /**
   * The content of {@code appended}.
   *
   * @throws L1Exception if L1 cannot be read now, or no longer has the transaction in that block
   */
  Content read(AppendedBatch appended) {
    L1Transaction tx =
        reader
            .transaction(appended.transactionHash())
            .orElseThrow(
                () ->
                    new L1Exception(
                        "transaction "
                            + appended.transactionHash()
                            + " of batch "
                            + appended.index()
                            + " is not mined (any more)"));
    if (!tx.blockHash().equals(appended.l1BlockHash())) {
      throw new L1Exception(
          "transaction "
              + tx.hash()
              + " is now in block "
              + tx.blockHash()
              + ", not in "
              + appended.l1BlockHash()
              + " where batch "
              + appended.index()
              + " was appended: the L1 is reorganising");
    }
    return switch (appended.mode()) {
      case CALLDATA -> fromCalldata(appended, tx);
      case BLOBS -> fromBlobs(appended, tx);
    };
  }

  private Content fromCalldata(AppendedBatch appended, L1Transaction tx) {
    BatchHeader header = appended.header();
    if (!tx.to().equals(java.util.Optional.of(rollup))) {
      // The proposer called through another contract (a multisig, say): the data is in that
      // call's input, which reading it back would need a trace for.
      return new DataFault(
          FaultKind.DATA_UNAVAILABLE,
          "transaction " + tx.hash() + " calls " + tx.to().map(Address::toString).orElse("nothing")
              + ", not the rollup; the data of nested calls is not read");
    }
    AppendBatchCall call;
    try {
      call = AppendBatchCall.decode(tx.input());
    } catch (IllegalArgumentException e) {
      return new DataFault(FaultKind.DATA_UNAVAILABLE, e.getMessage());
    }
    if (!call.header().equals(header)) {
      return new DataFault(
          FaultKind.DATA_UNAVAILABLE, "the call's header is not the one the event announced");
    }
    byte[] data = call.data();
    Bytes32 dataHash = Keccak.hash32(data);
    if (!dataHash.equals(header.dataHash())) {
      return new DataFault(
          FaultKind.DATA_HASH_MISMATCH,
          "the calldata hashes to " + dataHash + ", the header says " + header.dataHash());
    }
    try {
      return check(header, BatchData.decode(data, header.recordCount()));
    } catch (MalformedBatchDataException e) {
      return new DataFault(FaultKind.UNDECODABLE, e.getMessage());
    }
  }

  private Content fromBlobs(AppendedBatch appended, L1Transaction tx) {
    BatchHeader header = appended.header();
    List<Bytes32> expected = appended.blobHashes();
    if (!tx.blobVersionedHashes().equals(expected)) {
      return new DataFault(
          FaultKind.DATA_UNAVAILABLE,
          "the transaction's blob hashes are not the ones the event announced");
    }
    byte[] joined = new byte[expected.size() * 32];
    for (int i = 0; i < expected.size(); i++) {
      expected.get(i).copyTo(joined, 32 * i);
    }
    Bytes32 dataHash = Keccak.hash32(joined);
    if (!dataHash.equals(header.dataHash())) {
      return new DataFault(
          FaultKind.DATA_HASH_MISMATCH,
          "the blob hashes hash to " + dataHash + ", the header says " + header.dataHash());
    }
    L1Block block =
        reader
            .block(appended.l1Block())
            .filter(b -> b.hash().equals(appended.l1BlockHash()))
            .orElseThrow(
                () -> new L1Exception("block " + appended.l1Block() + " is being replaced"));
    // The endpoint is not trusted: a blob counts only if its own commitment gives a wanted hash.
    Map<Bytes32, byte[]> byHash = new HashMap<>();
    for (byte[] blob : reader.blobs(block, expected)) {
      try {
        byHash.putIfAbsent(BlobCommitments.versionedHash(blob), blob);
      } catch (IllegalArgumentException e) {
        // Not a blob at all; whatever else the endpoint returned may still be the wanted ones.
      }
    }
    List<byte[]> blobs = new ArrayList<>(expected.size());
    for (Bytes32 hash : expected) {
      byte[] blob = byHash.get(hash);
      if (blob == null) {
        throw new L1Exception(
            "the blob endpoint did not return blob " + hash + " of batch " + appended.index());
      }
      blobs.add(blob);
    }
    try {
      return check(
          header,
          BatchData.decodeBlobPayload(BlobPacking.unpack(blobs), header.recordCount()));
    } catch (MalformedBatchDataException e) {
      return new DataFault(FaultKind.UNDECODABLE, e.getMessage());
    }
  }

  /** Checks the decoded records and roots against the header's commitments. */
  private Content check(BatchHeader header, BatchData.Decoded decoded) {
    Batch batch;
    try {
      batch = new Batch(header, decoded.records(), decoded.postStateRoots());
    } catch (IllegalArgumentException e) {
      return new DataFault(FaultKind.ROOTS_ROOT_MISMATCH, e.getMessage());
    }
    if (!batch.recordsMatch(domain)) {
      return new DataFault(
          FaultKind.RECORDS_ROOT_MISMATCH,
          "the records of batch " + header.index() + " do not hash to its recordsRoot");
    }
    return new Decoded(batch, decoded.codec());
  }
}
