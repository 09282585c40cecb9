package dev.sluice.state.stf;

/** The outcome of applying one record (docs/protocol.md §2.1). Codes are part of the protocol. */
public enum Status {
  APPLIED(0, true),
  BAD_SIGNATURE(1, false),
  NONCE_MISMATCH(2, false),
  PERMISSION_DENIED(3, true),
  STREAM_NOT_FOUND(4, true),
  ENTRY_NOT_FOUND(5, true);

  private static final Status[] BY_CODE = values();

  private final int code;
  private final boolean consumesNonce;

  Status(int code, boolean consumesNonce) {
    this.code = code;
    this.consumesNonce = consumesNonce;
  }

  public int code() {
    return code;
  }

  /** Whether a record with this outcome used up its sender's nonce (and so can never replay). */
  public boolean consumesNonce() {
    return consumesNonce;
  }

  public static Status ofCode(int code) {
    if (code < 0 || code >= BY_CODE.length) {
      throw new IllegalArgumentException("unknown status code " + code);
    }
    return BY_CODE[code];
  }
}
