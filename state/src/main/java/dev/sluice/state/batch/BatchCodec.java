package dev.sluice.state.batch;

/**
 * How a batch's record stream is compressed (docs/protocol.md §5.3, the {@code codec} byte).
 *
 * <p>zstd is the default: the best ratio and speed. Raw DEFLATE (RFC 1951, no zlib or gzip
 * wrapper) exists because it can be decoded in Solidity, which a future on-chain proof of a data
 * fault needs. {@code NONE} keeps the stream as it is, for tests and for measuring what the codecs
 * save.
 */
public enum BatchCodec {
  NONE(0),
  ZSTD(1),
  DEFLATE(2);

  private final int id;

  BatchCodec(int id) {
    this.id = id;
  }

  /** The codec byte in the batch data. */
  public int id() {
    return id;
  }

  /**
   * @throws IllegalArgumentException for a byte that names no codec
   */
  public static BatchCodec fromId(int id) {
    for (BatchCodec codec : values()) {
      if (codec.id == id) {
        return codec;
      }
    }
    throw new IllegalArgumentException("unknown batch codec " + id + "; known: 0 none, 1 zstd, 2 deflate");
  }
}
