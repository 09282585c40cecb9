package dev.sluice.bridge.poster;

import dev.sluice.bridge.L1Client;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchData;
import dev.sluice.state.batch.BlobPacking;
import dev.sluice.state.batch.MalformedBatchDataException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Reads a posted batch's data back from L1 the way a watcher does: calldata, or blobs. */
final class PostedDataReader {
  private final L1Client client;

  PostedDataReader(L1Client client) {
    this.client = client;
  }

  /** The versioned hashes a transaction carries. */
  @SuppressWarnings("unchecked")
  List<Bytes32> versionedHashes(Bytes32 transaction) {
    Map<String, Object> tx =
        (Map<String, Object>)
            client.request("eth_getTransactionByHash", List.of(transaction.toHex()));
    Object hashes = tx.get("blobVersionedHashes");
    if (hashes == null) {
      return List.of();
    }
    return ((List<String>) hashes).stream().map(Bytes32::fromHex).toList();
  }

  /** The batch data of {@code progress}, from its transaction's calldata or its blobs. */
  BatchData.Decoded decode(BatchProgress progress) throws MalformedBatchDataException {
    Bytes32 transaction = progress.transactionHash().orElseThrow();
    int count = progress.header().recordCount();
    if (progress.mode() == DataAvailability.CALLDATA) {
      byte[] input = client.transactionInput(transaction).orElseThrow();
      int lengthAt = 4 + 9 * 32 + 32;
      int length =
          new BigInteger(1, Arrays.copyOfRange(input, lengthAt, lengthAt + 32)).intValueExact();
      return BatchData.decode(
          Arrays.copyOfRange(input, lengthAt + 32, lengthAt + 32 + length), count);
    }
    List<byte[]> blobs = new ArrayList<>();
    for (Bytes32 hash : versionedHashes(transaction)) {
      String hex = (String) client.request("anvil_getBlobByHash", List.of(hash.toHex()));
      blobs.add(HexFormat.of().parseHex(hex.substring(2)));
    }
    return BatchData.decodeBlobPayload(BlobPacking.unpack(blobs), count);
  }
}
