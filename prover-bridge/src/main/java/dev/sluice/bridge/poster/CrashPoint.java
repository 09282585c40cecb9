package dev.sluice.bridge.poster;

/**
 * Places in a posting round where a process can die; tests stop the poster there (by throwing from
 * {@link CrashPoints#reached}) and start a new one over the same store to check that it carries on
 * without a gap or a duplicate.
 */
public enum CrashPoint {
  /** The batch and its signed transaction are stored; nothing is sent yet. */
  STORED_BEFORE_SEND,
  /** The transaction was broadcast; the poster has not seen it mined. */
  SENT,
  /** The transaction is mined; the poster has not stored that yet. */
  MINED_BEFORE_STORE,
  /** A replacement with higher fees is stored; nothing is sent yet. */
  REPLACEMENT_STORED;

  /** The seam: production code passes {@link #NONE}. */
  @FunctionalInterface
  public interface CrashPoints {
    CrashPoints NONE = point -> {};

    void reached(CrashPoint point);
  }
}
