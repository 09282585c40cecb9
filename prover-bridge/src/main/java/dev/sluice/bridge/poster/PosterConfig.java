package dev.sluice.bridge.poster;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the poster posts. {@link #defaults()} suits a devnet; a real chain wants more confirmations
 * and fee caps that match its market.
 *
 * @param mode where batch data travels; {@link DataAvailability#AUTO} picks per batch
 * @param confirmations blocks (the append's own included) before a batch counts as included
 * @param maxFeePerGas the cap on {@code maxFeePerGas}; while the base fee is above it, nothing is
 *     sent
 * @param maxFeePerBlobGas the cap on {@code maxFeePerBlobGas}; while the blob base fee is above it,
 *     no blob transaction is sent ({@code AUTO} falls back to calldata)
 * @param maxPriorityFeePerGas the cap on the tip
 * @param stuckAfterBlocks L1 blocks after which an unmined transaction is replaced with higher fees
 * @param stuckAfter wall time after which an unmined transaction is replaced, for chains whose
 *     blocks stop coming
 * @param feeBumpPercent how much a replacement raises the gas fees (nodes require at least 10)
 * @param blobFeeBumpPercent how much a replacement raises the blob fee (Geth requires 100)
 * @param maxBlobsPerTransaction the most blobs one batch transaction carries (Osaka: 6)
 * @param maxCalldataBytes the largest data a calldata batch carries (Osaka caps a transaction at
 *     2^24 gas, about 400 KB of calldata)
 * @param blobAppendGasLimit the gas limit of {@code appendBatchFromBlobs}, which cannot be
 *     estimated without the blobs
 * @param cellProofs whether blob transactions carry EIP-7594 cell proofs (Osaka and later) rather
 *     than EIP-4844 blob proofs
 * @param bondDeposit the bond deposited at start when the proposer's is below the contract's
 *     minimum; empty: the minimum
 * @param maxBacklog the backlog, in records, past which the node should refuse new records
 * @param pollInterval how often the poster looks at L1
 * @param maxBackoff the longest pause between rounds while L1 cannot be reached
 * @param honestContents whether the self-check also recomputes the contents' declared roots (off
 *     only for fault-injection runs that post deliberately wrong roots)
 */
public record PosterConfig(
    DataAvailability mode,
    int confirmations,
    BigInteger maxFeePerGas,
    BigInteger maxFeePerBlobGas,
    BigInteger maxPriorityFeePerGas,
    int stuckAfterBlocks,
    Duration stuckAfter,
    int feeBumpPercent,
    int blobFeeBumpPercent,
    int maxBlobsPerTransaction,
    int maxCalldataBytes,
    long blobAppendGasLimit,
    boolean cellProofs,
    Optional<BigInteger> bondDeposit,
    long maxBacklog,
    Duration pollInterval,
    Duration maxBackoff,
    boolean honestContents) {

  private static final BigInteger GWEI = BigInteger.TEN.pow(9);

  public PosterConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
    Objects.requireNonNull(maxFeePerBlobGas, "maxFeePerBlobGas");
    Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
    Objects.requireNonNull(stuckAfter, "stuckAfter");
    Objects.requireNonNull(bondDeposit, "bondDeposit");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (confirmations < 1) {
      throw new IllegalArgumentException("confirmations must be at least 1, got " + confirmations);
    }
    if (maxFeePerGas.signum() <= 0 || maxFeePerBlobGas.signum() <= 0) {
      throw new IllegalArgumentException("fee caps must be positive");
    }
    if (feeBumpPercent < 10 || blobFeeBumpPercent < 10) {
      throw new IllegalArgumentException(
          "a replacement must raise fees by at least 10 %, got "
              + feeBumpPercent
              + " / "
              + blobFeeBumpPercent);
    }
    if (stuckAfterBlocks < 1) {
      throw new IllegalArgumentException("stuckAfterBlocks must be at least 1");
    }
    if (maxBlobsPerTransaction < 1 || maxBlobsPerTransaction > 9) {
      throw new IllegalArgumentException(
          "maxBlobsPerTransaction must be 1 to 9, got " + maxBlobsPerTransaction);
    }
    if (maxCalldataBytes < 1024) {
      throw new IllegalArgumentException("maxCalldataBytes must be at least 1024");
    }
    if (maxBacklog < 1) {
      throw new IllegalArgumentException("maxBacklog must be positive");
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive");
    }
  }

  /** One confirmation, auto mode, caps of 500 gwei (gas and blob gas), a 1,000,000-record bound. */
  public static PosterConfig defaults() {
    return new PosterConfig(
        DataAvailability.AUTO,
        1,
        GWEI.multiply(BigInteger.valueOf(500)),
        GWEI.multiply(BigInteger.valueOf(500)),
        GWEI.multiply(BigInteger.valueOf(5)),
        3,
        Duration.ofMinutes(2),
        25,
        100,
        6,
        380_000,
        300_000,
        true,
        Optional.empty(),
        1_000_000,
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        true);
  }

  public PosterConfig withMode(DataAvailability value) {
    return with(fields -> fields.mode = value);
  }

  public PosterConfig withConfirmations(int value) {
    return with(fields -> fields.confirmations = value);
  }

  public PosterConfig withMaxFeePerGas(BigInteger value) {
    return with(fields -> fields.maxFeePerGas = value);
  }

  public PosterConfig withStuckAfter(int blocks, Duration time) {
    return with(
        fields -> {
          fields.stuckAfterBlocks = blocks;
          fields.stuckAfter = time;
        });
  }

  public PosterConfig withBondDeposit(BigInteger value) {
    return with(fields -> fields.bondDeposit = Optional.of(value));
  }

  public PosterConfig withMaxBacklog(long value) {
    return with(fields -> fields.maxBacklog = value);
  }

  public PosterConfig withPolling(Duration interval, Duration backoff) {
    return with(
        fields -> {
          fields.pollInterval = interval;
          fields.maxBackoff = backoff;
        });
  }

  public PosterConfig withHonestContents(boolean value) {
    return with(fields -> fields.honestContents = value);
  }

  /** This configuration with {@code change} applied, validated again by the constructor. */
  private PosterConfig with(Consumer<Fields> change) {
    Fields fields = new Fields(this);
    change.accept(fields);
    return fields.toConfig();
  }

  /** The record's components as mutable fields, so that each wither names only what it changes. */
  private static final class Fields {
    DataAvailability mode;
    int confirmations;
    BigInteger maxFeePerGas;
    BigInteger maxFeePerBlobGas;
    BigInteger maxPriorityFeePerGas;
    int stuckAfterBlocks;
    Duration stuckAfter;
    int feeBumpPercent;
    int blobFeeBumpPercent;
    int maxBlobsPerTransaction;
    int maxCalldataBytes;
    long blobAppendGasLimit;
    boolean cellProofs;
    Optional<BigInteger> bondDeposit;
    long maxBacklog;
    Duration pollInterval;
    Duration maxBackoff;
    boolean honestContents;

    Fields(PosterConfig config) {
      mode = config.mode;
      confirmations = config.confirmations;
      maxFeePerGas = config.maxFeePerGas;
      maxFeePerBlobGas = config.maxFeePerBlobGas;
      maxPriorityFeePerGas = config.maxPriorityFeePerGas;
      stuckAfterBlocks = config.stuckAfterBlocks;
      stuckAfter = config.stuckAfter;
      feeBumpPercent = config.feeBumpPercent;
      blobFeeBumpPercent = config.blobFeeBumpPercent;
      maxBlobsPerTransaction = config.maxBlobsPerTransaction;
      maxCalldataBytes = config.maxCalldataBytes;
      blobAppendGasLimit = config.blobAppendGasLimit;
      cellProofs = config.cellProofs;
      bondDeposit = config.bondDeposit;
      maxBacklog = config.maxBacklog;
      pollInterval = config.pollInterval;
      maxBackoff = config.maxBackoff;
      honestContents = config.honestContents;
    }

    PosterConfig toConfig() {
      return new PosterConfig(
          mode,
          confirmations,
          maxFeePerGas,
          maxFeePerBlobGas,
          maxPriorityFeePerGas,
          stuckAfterBlocks,
          stuckAfter,
          feeBumpPercent,
          blobFeeBumpPercent,
          maxBlobsPerTransaction,
          maxCalldataBytes,
          blobAppendGasLimit,
          cellProofs,
          bondDeposit,
          maxBacklog,
          pollInterval,
          maxBackoff,
          honestContents);
    }
  }
}
