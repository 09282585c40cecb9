package dev.sluice.state.record;

/** Size limits of docs/protocol.md §6. */
public final class RecordLimits {
  public static final int MAX_STREAM_LENGTH = 64;
  public static final int MAX_ENTRY_KEY_LENGTH = 256;
  public static final int WRITER_KEY_LENGTH = 20;
  public static final int MAX_VALUE_LENGTH = 61_440;
  public static final int SIGNATURE_LENGTH = 65;

  /** nonce, op, three length fields, and the signature. */
  public static final int FIXED_ENCODING_LENGTH = 8 + 1 + 1 + 2 + 2 + SIGNATURE_LENGTH;

  public static final int MAX_ENCODED_LENGTH =
      FIXED_ENCODING_LENGTH + MAX_STREAM_LENGTH + MAX_ENTRY_KEY_LENGTH + MAX_VALUE_LENGTH;

  private RecordLimits() {}
}
