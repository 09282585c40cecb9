package dev.sluice.bridge.poster;

import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.l1.SignedTransaction;
import dev.sluice.bridge.l1.TransactionFees;
import dev.sluice.state.batch.BlobPacking;

/** Signs the poster's two kinds of transaction: appending a stored batch, and finalising. */
final class PosterTransactions {
  private final L1Client client;
  private final RollupContract rollup;
  private final PosterConfig config;

  PosterTransactions(RollupContract rollup, PosterConfig config) {
    this.client = rollup.client();
    this.rollup = rollup;
    this.config = config;
  }

  /**
   * The append of {@code posting}, in its mode. {@code gasLimit} −1 estimates it for calldata (an
   * append the contract would refuse fails here, costing nothing) and takes {@link
   * PosterConfig#blobAppendGasLimit()} for blobs, whose call cannot be estimated without them.
   */
  SignedTransaction append(BatchPosting posting, long nonce, TransactionFees fees, long gasLimit) {
    if (posting.state() == BatchPosting.State.FINALIZED) {
      throw new IllegalStateException("batch " + posting.index() + " has no stored data to sign");
    }
    byte[] data = posting.data();
    if (posting.mode() == DataAvailability.BLOBS) {
      return client.signBlobCall(
          nonce,
          fees,
          gasLimit < 0 ? config.blobAppendGasLimit() : gasLimit,
          rollup.address(),
          rollup.appendBatchFromBlobsCalldata(posting.header()),
          BlobPacking.pack(data),
          config.cellProofs());
    }
    byte[] calldata = rollup.appendBatchCalldata(posting.header(), data);
    long gas = gasLimit;
    if (gas < 0) {
      long estimate = client.estimateGas(rollup.address(), calldata);
      gas = estimate + estimate / 5;
    }
    return client.signCall(nonce, fees, gas, rollup.address(), calldata);
  }

  /** {@code finalize(upTo)}. */
  SignedTransaction finalize(long upTo, long nonce, TransactionFees fees, long gasLimit) {
    return client.signCall(nonce, fees, gasLimit, rollup.address(), rollup.finalizeCalldata(upTo));
  }

  /** The gas {@code finalize(upTo)} needs now, with a quarter to spare. */
  long finalizeGas(long upTo) {
    long estimate = client.estimateGas(rollup.address(), rollup.finalizeCalldata(upTo));
    return estimate + estimate / 4;
  }
}
