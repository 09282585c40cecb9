package dev.sluice.sequencer.batch;

import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchHeader;
import java.time.Duration;
import java.util.Objects;

/**
 * When {@link BatchBuilder} cuts a batch and how it encodes it. A batch is cut as soon as one
 * limit is reached: {@code maxRecords} records wait, the data of all waiting records would exceed
 * {@code maxDataBytes}, or the oldest waiting record is {@code maxAge} old.
 *
 * @param maxRecords the most records in one batch, 1 to {@value BatchHeader#MAX_RECORD_COUNT}
 * @param maxDataBytes the most bytes of batch data (docs/protocol.md §5.3) after compression,
 *     {@value #MIN_DATA_BYTES} to {@value #MAX_DATA_BYTES}; never exceeded. Pick what the poster's data
 *     availability can carry in one L1 transaction: the default fits one blob (126,976 usable
 *     bytes) and stays far below the ~400 KB of calldata one transaction can carry under Osaka's
 *     16,777,216 gas cap
 * @param maxAge how long the oldest waiting record waits for a batch at most (by the sequencer's
 *     timestamps), more than 0 and at most a day
 * @param codec how the record stream is compressed
 */
public record BatchConfig(int maxRecords, int maxDataBytes, Duration maxAge, BatchCodec codec) {

  /**
   * The smallest data limit: a batch of one record of the largest encoding (61,839 bytes, §6) must
   * fit whatever the codec, and incompressible input grows by a few hundred bytes under zstd.
   */
  public static final int MIN_DATA_BYTES = 65_536;

  /** The largest data limit: the protocol's 16 MiB cap on a compressed payload (§6). */
  public static final int MAX_DATA_BYTES = 16 * 1024 * 1024;

  /** Default data limit: one blob's 126,976 usable bytes with room to spare. */
  public static final int DEFAULT_MAX_DATA_BYTES = 120_000;

  /** Default age limit. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(2);

  private static final Duration LONGEST_AGE = Duration.ofDays(1);

  public BatchConfig {
    if (maxRecords < 1 || maxRecords > BatchHeader.MAX_RECORD_COUNT) {
      throw new IllegalArgumentException(
          "maxRecords must be 1 to " + BatchHeader.MAX_RECORD_COUNT + ", got " + maxRecords);
    }
    if (maxDataBytes < MIN_DATA_BYTES || maxDataBytes > MAX_DATA_BYTES) {
      throw new IllegalArgumentException(
          "maxDataBytes must be "
              + MIN_DATA_BYTES
              + " (one record of the largest size must fit) to "
              + MAX_DATA_BYTES
              + " (the protocol's payload limit), got "
              + maxDataBytes);
    }
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero() || maxAge.compareTo(LONGEST_AGE) > 0) {
      throw new IllegalArgumentException(
          "maxAge must be more than 0 and at most " + LONGEST_AGE + ", got " + maxAge);
    }
    Objects.requireNonNull(codec, "codec");
  }

  /**
   * For a devnet and one batch per L1 transaction: at most 65,536 records and 120,000 bytes of
   * data, cut after 2 s at the latest, compressed with zstd.
   */
  public static BatchConfig defaults() {
    return new BatchConfig(
        BatchHeader.MAX_RECORD_COUNT, DEFAULT_MAX_DATA_BYTES, DEFAULT_MAX_AGE, BatchCodec.ZSTD);
  }

  public BatchConfig withMaxRecords(int maxRecords) {
    return new BatchConfig(maxRecords, maxDataBytes, maxAge, codec);
  }

  public BatchConfig withMaxDataBytes(int maxDataBytes) {
    return new BatchConfig(maxRecords, maxDataBytes, maxAge, codec);
  }

  public BatchConfig withMaxAge(Duration maxAge) {
    return new BatchConfig(maxRecords, maxDataBytes, maxAge, codec);
  }

  public BatchConfig withCodec(BatchCodec codec) {
    return new BatchConfig(maxRecords, maxDataBytes, maxAge, codec);
  }
}
