package dev.sluice.bridge.poster;

import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.L1Exception;
import dev.sluice.bridge.l1.L1Block;
import dev.sluice.bridge.l1.TransactionFees;
import java.math.BigInteger;

/**
 * The fees the poster offers: twice the base fee plus the node's suggested tip (and twice the blob
 * base fee), within the configured caps. Doubling keeps a transaction includable through several
 * full blocks, the base fee rising at most an eighth per block.
 */
final class FeeQuoter {
  private final L1Client client;
  private final PosterConfig config;

  FeeQuoter(L1Client client, PosterConfig config) {
    this.client = client;
    this.config = config;
  }

  /**
   * Fees for a transaction at {@code head}.
   *
   * @param blobs whether it carries blobs
   * @param requireUnderCap whether to refuse ({@link FeeAboveCapException}) while a base fee is
   *     above its cap, rather than offer capped fees (what a replacement does)
   */
  TransactionFees quote(L1Block head, boolean blobs, boolean requireUnderCap) {
    BigInteger base = head.baseFeePerGas();
    BigInteger tip = client.suggestedPriorityFee().min(config.maxPriorityFeePerGas());
    if (requireUnderCap && base.add(tip).compareTo(config.maxFeePerGas()) > 0) {
      throw new FeeAboveCapException(
          "the L1 base fee " + base + " is above the cap " + config.maxFeePerGas() + "; waiting");
    }
    BigInteger maxFee = base.shiftLeft(1).add(tip).min(config.maxFeePerGas()).max(tip);
    BigInteger blobFee = BigInteger.ZERO;
    if (blobs) {
      BigInteger blobBase = client.blobBaseFee();
      if (requireUnderCap && blobBase.compareTo(config.maxFeePerBlobGas()) > 0) {
        throw new FeeAboveCapException(
            "the L1 blob base fee "
                + blobBase
                + " is above the cap "
                + config.maxFeePerBlobGas()
                + "; waiting");
      }
      blobFee = blobBase.shiftLeft(1).max(BigInteger.ONE).min(config.maxFeePerBlobGas());
    }
    return new TransactionFees(maxFee, tip, blobFee);
  }

  /** L1 fees are above the configured caps: nothing is sent for now. */
  static final class FeeAboveCapException extends L1Exception {
    private static final long serialVersionUID = 1L;

    FeeAboveCapException(String message) {
      super(message);
    }
  }
}
