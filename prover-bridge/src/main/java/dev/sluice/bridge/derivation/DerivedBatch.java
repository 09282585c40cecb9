package dev.sluice.bridge.derivation;

import dev.sluice.state.batch.Batch;
import dev.sluice.state.batch.BatchCodec;
import java.util.Objects;

/**
 * A batch of the rollup's chain rebuilt from L1: the appended header and where it came from, and
 * what its data turned out to be.
 *
 * @param appended the header, its data mode and its place on L1
 * @param content the decoded batch, a data fault, or nothing when the consumer asked to skip it
 */
public record DerivedBatch(AppendedBatch appended, Content content) {
  public DerivedBatch {
    Objects.requireNonNull(appended, "appended");
    Objects.requireNonNull(content, "content");
  }

  public long index() {
    return appended.index();
  }

  /** What a batch's data gave. */
  public sealed interface Content {}

  /**
   * The data decoded, hashed to the header's {@code dataHash}, and its records and roots match the
   * header's {@code recordsRoot} and {@code rootsRoot}.
   */
  public record Decoded(Batch batch, BatchCodec codec) implements Content {
    public Decoded {
      Objects.requireNonNull(batch, "batch");
      Objects.requireNonNull(codec, "codec");
    }
  }

  /**
   * The data does not support the header. None of these can be proven on chain yet (that needs
   * on-chain decompression of the data); every watcher sees them, and the state after the batch
   * cannot be known from L1.
   */
  public record DataFault(FaultKind kind, String detail) implements Content {
    public DataFault {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** The consumer already holds this batch (same index and header hash); its data was not read. */
  public record NotFetched() implements Content {}

  /** Why a batch's data does not support its header. */
  public enum FaultKind {
    /** The appending transaction does not carry the data where the header says. */
    DATA_UNAVAILABLE,
    /** The data does not hash to the header's {@code dataHash}. */
    DATA_HASH_MISMATCH,
    /** The data does not decode (bad version, codec, compression, record, limits). */
    UNDECODABLE,
    /** The records do not hash to the header's {@code recordsRoot}. */
    RECORDS_ROOT_MISMATCH,
    /** The per-record roots do not hash to the header's {@code rootsRoot}. */
    ROOTS_ROOT_MISMATCH,
    /** The header does not follow the previous batch (index, hash, sequence or state root). */
    HEADER_LINKAGE
  }
}
