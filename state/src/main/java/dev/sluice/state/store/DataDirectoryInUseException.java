package dev.sluice.state.store;

import java.nio.file.Path;

/**
 * The data directory holds a database that is already open, by another process or by this one.
 *
 * <p>A distinct type so that a node can tell an operator "another node is running on this
 * directory" rather than print a storage error.
 */
public final class DataDirectoryInUseException extends StorageException {
  private final Path directory;

  public DataDirectoryInUseException(Path directory, Throwable cause) {
    super(
        "the data directory "
            + directory
            + " is already in use by another process (or is already open in this one);"
            + " stop whatever holds it or choose another directory",
        cause);
    this.directory = directory;
  }

  /** The directory whose lock is held. */
  public Path directory() {
    return directory;
  }
}
