package dev.sluice.bridge.l1;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The fee fields of an EIP-1559 or EIP-4844 transaction, in wei per gas.
 *
 * @param maxFeePerGas the most paid per gas, base fee and tip together
 * @param maxPriorityFeePerGas the most tip paid per gas to the block builder
 * @param maxFeePerBlobGas the most paid per blob gas; zero for a transaction without blobs
 */
public record TransactionFees(
    BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas, BigInteger maxFeePerBlobGas) {

  public TransactionFees {
    Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
    Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
    Objects.requireNonNull(maxFeePerBlobGas, "maxFeePerBlobGas");
    if (maxFeePerGas.signum() < 0
        || maxPriorityFeePerGas.signum() < 0
        || maxFeePerBlobGas.signum() < 0) {
      throw new IllegalArgumentException("fees must not be negative: " + this);
    }
    if (maxPriorityFeePerGas.compareTo(maxFeePerGas) > 0) {
      throw new IllegalArgumentException(
          "the tip " + maxPriorityFeePerGas + " exceeds the max fee " + maxFeePerGas);
    }
  }

  /**
   * These fees raised by {@code percent} each, rounded up, at least by one wei: what a node
   * requires of a transaction that replaces a pending one with the same nonce (Geth: 10 % for the
   * gas fees, 100 % for the blob fee).
   */
  public TransactionFees bumpedBy(int gasPercent, int blobPercent) {
    return new TransactionFees(
        bump(maxFeePerGas, gasPercent),
        bump(maxPriorityFeePerGas, gasPercent),
        maxFeePerBlobGas.signum() == 0 ? maxFeePerBlobGas : bump(maxFeePerBlobGas, blobPercent));
  }

  /** Whether every fee here is at least the one in {@code other}. */
  public boolean covers(TransactionFees other) {
    return maxFeePerGas.compareTo(other.maxFeePerGas) >= 0
        && maxPriorityFeePerGas.compareTo(other.maxPriorityFeePerGas) >= 0
        && maxFeePerBlobGas.compareTo(other.maxFeePerBlobGas) >= 0;
  }

  /** The fee-wise maximum of this and {@code other}. */
  public TransactionFees max(TransactionFees other) {
    return new TransactionFees(
        maxFeePerGas.max(other.maxFeePerGas),
        maxPriorityFeePerGas.max(other.maxPriorityFeePerGas),
        maxFeePerBlobGas.max(other.maxFeePerBlobGas));
  }

  private static BigInteger bump(BigInteger value, int percent) {
    BigInteger hundred = BigInteger.valueOf(100);
    BigInteger raised =
        value
            .multiply(BigInteger.valueOf(100L + percent))
            .add(hundred.subtract(BigInteger.ONE))
            .divide(hundred);
    return raised.max(value.add(BigInteger.ONE));
  }
}
