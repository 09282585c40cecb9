package dev.sluice.bridge.poster;

import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchHeader;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One batch this poster has committed to post, as stored: its header, how its data travels, the
 * data itself until the batch is final (to sign it again after a reorg or for a replacement), and
 * how far it has come.
 *
 * @param header the header; its {@code dataHash} fixes the data and, for blobs, the blobs
 * @param mode {@link DataAvailability#CALLDATA} or {@link DataAvailability#BLOBS}
 * @param codec the data's codec
 * @param dataLength the data's length
 * @param data the batch data; empty once the batch is final
 * @param state how far the batch has come
 * @param transactionHash the transaction that appended it, or the latest one sent for it
 * @param l1Block the block its append is in, while the poster has seen it in one
 */
record BatchPosting(
    BatchHeader header,
    DataAvailability mode,
    BatchCodec codec,
    int dataLength,
    byte[] data,
    State state,
    Optional<Bytes32> transactionHash,
    OptionalLong l1Block) {

  /** How far a batch has come, as this poster observed the contract. */
  enum State {
    /** Stored, its transaction sent or about to be; the contract does not hold it yet. */
    SENT,
    /** The contract holds it, in a block less deep than the confirmations. */
    APPENDED,
    /** The contract holds it, at least the confirmations deep. */
    INCLUDED,
    /** The contract finalised it. */
    FINALIZED
  }

  BatchPosting {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(transactionHash, "transactionHash");
    Objects.requireNonNull(l1Block, "l1Block");
    if (mode == DataAvailability.AUTO) {
      throw new IllegalArgumentException("a posted batch is in calldata or in blobs, not auto");
    }
  }

  long index() {
    return header.index();
  }

  BatchPosting withState(State value) {
    byte[] kept = value == State.FINALIZED ? new byte[0] : data;
    return new BatchPosting(header, mode, codec, dataLength, kept, value, transactionHash, l1Block);
  }

  BatchPosting sentIn(Bytes32 hash) {
    return new BatchPosting(
        header, mode, codec, dataLength, data, State.SENT, Optional.of(hash), OptionalLong.empty());
  }

  BatchPosting minedIn(Bytes32 hash, long block) {
    return new BatchPosting(
        header, mode, codec, dataLength, data, state, Optional.of(hash), OptionalLong.of(block));
  }

  BatchProgress progress() {
    BatchStage stage =
        switch (state) {
          case SENT, APPENDED -> BatchStage.BATCHED;
          case INCLUDED -> BatchStage.INCLUDED;
          case FINALIZED -> BatchStage.FINALIZED;
        };
    return new BatchProgress(header, mode, codec, dataLength, transactionHash, l1Block, stage);
  }
}
