package dev.sluice.state.batch;

/**
 * Batch data that does not decode under docs/protocol.md §5.3: wrong version or codec, a length
 * that does not add up, a payload that does not decompress or decompresses past its limit, a record
 * that does not decode, or bytes where none belong. Checked, because data read from L1 is
 * untrusted and a caller must decide what a data fault means (a watcher reports it).
 */
public final class MalformedBatchDataException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedBatchDataException(String message) {
    super(message);
  }

  public MalformedBatchDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
