package dev.sluice.bridge.l1;

import dev.sluice.state.Bytes32;
import java.math.BigInteger;
import java.util.Objects;

/**
 * The facts of an L1 block the poster acts on.
 *
 * @param number its height
 * @param hash its hash
 * @param timestamp its time, seconds since the Unix epoch
 * @param baseFeePerGas its EIP-1559 base fee
 */
public record L1Block(long number, Bytes32 hash, long timestamp, BigInteger baseFeePerGas) {
  public L1Block {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(baseFeePerGas, "baseFeePerGas");
  }
}
