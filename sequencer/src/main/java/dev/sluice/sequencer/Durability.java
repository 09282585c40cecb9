package dev.sluice.sequencer;

/**
 * When the write-ahead log counts a group of records as written, and so when {@link
 * Sequencer#submit} acknowledges them.
 */
public enum Durability {
  /**
   * Every group commit is fsynced before its records are acknowledged: an acknowledged record
   * survives a crash of the process and of the machine (power loss, kernel panic). The default.
   */
  SYNC,

  /**
   * Every group commit is handed to the operating system and acknowledged without waiting for
   * fsync; the log is fsynced in the background at most {@link SequencerConfig#asyncSyncInterval()}
   * apart while there are unsynced writes.
   *
   * <p>A crash of the process alone (SIGKILL, out-of-memory kill) loses nothing acknowledged: the
   * kernel still holds the pages and writes them. A crash of the machine loses the records
   * acknowledged since the last fsync, up to one sync interval's worth; after the restart the
   * sequencer hands their sequence numbers to other records, so a client holding one of those
   * acknowledgements sees it contradicted. For development, benchmarks, and deployments that
   * replicate the log elsewhere before anyone relies on an acknowledgement.
   */
  ASYNC
}
