package dev.sluice.state.store;

/**
 * A key-value store failed below its API: the database could not be opened, an I/O error, or
 * corruption found while reading.
 *
 * <p>Unchecked because no caller can recover from it in place; the node stops and reports it.
 */
public class StorageException extends RuntimeException {

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
