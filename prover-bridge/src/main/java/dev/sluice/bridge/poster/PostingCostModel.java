package dev.sluice.bridge.poster;

import dev.sluice.state.batch.BlobPacking;
import java.math.BigInteger;

/**
 * What posting one batch costs in each data-availability mode at given fees, to pick the cheaper
 * one per batch. Pure arithmetic over the L1 gas schedule (Prague/Osaka); the execution gas of the
 * append itself is the same rough constant in both modes, so only the data terms decide.
 */
public final class PostingCostModel {
  /** Intrinsic gas of every transaction. */
  static final long TRANSACTION_GAS = 21_000;

  /** Calldata tokens: one per zero byte, four per non-zero byte (EIP-7623). */
  static final long STANDARD_GAS_PER_TOKEN = 4;

  /** The EIP-7623 floor per token for data-heavy transactions. */
  static final long FLOOR_GAS_PER_TOKEN = 10;

  /** Gas per blob (EIP-4844). */
  static final long GAS_PER_BLOB = 131_072;

  /**
   * The append's execution: header checks, three storage writes and the event; measured at about
   * 100,000 on Anvil, plus keccak and copying of calldata, which grow with its length.
   */
  static final long APPEND_EXECUTION_GAS = 100_000;

  /** The calldata of {@code appendBatchFromBlobs}: selector and nine header words. */
  static final int BLOB_CALL_BYTES = 4 + 9 * 32;

  private PostingCostModel() {}

  /**
   * The cost of each mode for {@code data}.
   *
   * @param calldataGas gas of the calldata transaction
   * @param blobGas blob gas of the blob transaction
   * @param blobExecutionGas execution gas of the blob transaction
   */
  public record Estimate(long calldataGas, long blobGas, long blobExecutionGas, int blobs) {
    /** The calldata transaction's cost in wei at {@code gasPrice} (base fee plus tip). */
    public BigInteger calldataCost(BigInteger gasPrice) {
      return gasPrice.multiply(BigInteger.valueOf(calldataGas));
    }

    /** The blob transaction's cost in wei. */
    public BigInteger blobCost(BigInteger gasPrice, BigInteger blobBaseFee) {
      return gasPrice
          .multiply(BigInteger.valueOf(blobExecutionGas))
          .add(blobBaseFee.multiply(BigInteger.valueOf(blobGas)));
    }
  }

  /** The gas of posting {@code data} in each mode. */
  public static Estimate estimate(byte[] data) {
    long zeros = 0;
    for (byte b : data) {
      if (b == 0) {
        zeros++;
      }
    }
    // Selector, header, offset and length words, then the data padded to a word.
    long overheadBytes = 4 + 9 * 32 + 2 * 32;
    long tokens = zeros + 4 * (data.length - zeros) + overheadBytes * 2;
    long words = (data.length + 31) / 32;
    long execution = APPEND_EXECUTION_GAS + 6 * words + 3 * words;
    long standard = TRANSACTION_GAS + STANDARD_GAS_PER_TOKEN * tokens + execution;
    long floor = TRANSACTION_GAS + FLOOR_GAS_PER_TOKEN * tokens;
    int blobs = BlobPacking.blobsFor(data.length);
    long blobExecution =
        TRANSACTION_GAS + STANDARD_GAS_PER_TOKEN * 2L * BLOB_CALL_BYTES + APPEND_EXECUTION_GAS;
    return new Estimate(Math.max(standard, floor), blobs * GAS_PER_BLOB, blobExecution, blobs);
  }

  /**
   * The mode to post {@code data} in: the configured one, or for {@link DataAvailability#AUTO} the
   * cheaper one at {@code gasPrice} and {@code blobBaseFee} among those allowed by the limits.
   *
   * @throws IllegalArgumentException if the data fits neither mode's limit
   */
  public static DataAvailability choose(
      PosterConfig config, byte[] data, BigInteger gasPrice, BigInteger blobBaseFee) {
    Estimate estimate = estimate(data);
    boolean calldataFits = data.length <= config.maxCalldataBytes();
    boolean blobsFit = estimate.blobs() <= config.maxBlobsPerTransaction();
    if (!calldataFits && !blobsFit) {
      throw new IllegalArgumentException(
          "batch data of "
              + data.length
              + " bytes fits neither "
              + config.maxCalldataBytes()
              + " bytes of calldata nor "
              + config.maxBlobsPerTransaction()
              + " blobs: the source must cut smaller batches");
    }
    return switch (config.mode()) {
      case CALLDATA -> calldataFits ? DataAvailability.CALLDATA : DataAvailability.BLOBS;
      case BLOBS -> blobsFit ? DataAvailability.BLOBS : DataAvailability.CALLDATA;
      case AUTO -> {
        if (!blobsFit || blobBaseFee.compareTo(config.maxFeePerBlobGas()) > 0) {
          yield DataAvailability.CALLDATA;
        }
        if (!calldataFits) {
          yield DataAvailability.BLOBS;
        }
        yield estimate.blobCost(gasPrice, blobBaseFee).compareTo(estimate.calldataCost(gasPrice))
                < 0
            ? DataAvailability.BLOBS
            : DataAvailability.CALLDATA;
      }
    };
  }
}
