package dev.sluice.bridge.watcher;

import dev.sluice.state.Bytes32;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A batch the watcher re-executed and found right: what it keeps of it to resume after a restart
 * and to rewind to after a revert or an L1 reorg.
 *
 * @param index the batch index
 * @param headerHash its header hash, to tell it from a replacement with the same index
 * @param lastSequence the sequence number of its last record
 * @param postStateRoot the state root after it, whose tree is stored
 */
public record VerifiedBatch(long index, Bytes32 headerHash, long lastSequence, Bytes32 postStateRoot) {
  static final int ENCODED_SIZE = 8 + 32 + 8 + 32;

  public VerifiedBatch {
    Objects.requireNonNull(headerHash, "headerHash");
    Objects.requireNonNull(postStateRoot, "postStateRoot");
  }

  byte[] encode() {
    return ByteBuffer.allocate(ENCODED_SIZE)
        .putLong(index)
        .put(headerHash.toArray())
        .putLong(lastSequence)
        .put(postStateRoot.toArray())
        .array();
  }

  static VerifiedBatch decode(byte[] bytes) {
    if (bytes.length != ENCODED_SIZE) {
      throw new IllegalStateException(
          "a stored verified batch is " + ENCODED_SIZE + " bytes, found " + bytes.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long index = buffer.getLong();
    byte[] hash = new byte[32];
    buffer.get(hash);
    long lastSequence = buffer.getLong();
    byte[] root = new byte[32];
    buffer.get(root);
    return new VerifiedBatch(index, Bytes32.wrap(hash), lastSequence, Bytes32.wrap(root));
  }
}
