package dev.sluice.bridge.derivation;

import dev.sluice.state.Bytes32;
import java.util.Objects;

/**
 * An L1 block header, as much of it as derivation needs to notice reorgs and to find a block's
 * blobs.
 *
 * @param number the block number
 * @param hash the block hash
 * @param parentHash the parent's hash
 * @param timestamp seconds since the Unix epoch
 */
public record L1Block(long number, Bytes32 hash, Bytes32 parentHash, long timestamp) {
  public L1Block {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(parentHash, "parentHash");
  }
}
