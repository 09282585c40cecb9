package dev.sluice.bridge.poster;

import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchHeader;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the poster knows of one of its batches.
 *
 * @param header the header as appended (or being appended)
 * @param mode {@link DataAvailability#CALLDATA} or {@link DataAvailability#BLOBS}
 * @param codec the data's codec
 * @param dataLength the batch data's length in bytes
 * @param transactionHash the transaction that appended it, or the latest one sent for it
 * @param l1Block the L1 block its append is in, while it is in one
 * @param stage its lifecycle stage
 */
public record BatchProgress(
    BatchHeader header,
    DataAvailability mode,
    BatchCodec codec,
    int dataLength,
    Optional<Bytes32> transactionHash,
    OptionalLong l1Block,
    BatchStage stage) {

  public BatchProgress {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(transactionHash, "transactionHash");
    Objects.requireNonNull(l1Block, "l1Block");
    Objects.requireNonNull(stage, "stage");
  }

  public long index() {
    return header.index();
  }

  /** Whether the batch carries the record with sequence number {@code sequence}. */
  public boolean contains(long sequence) {
    return sequence >= header.firstSequence() && sequence <= header.lastSequence();
  }
}
