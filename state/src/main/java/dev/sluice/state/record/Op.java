package dev.sluice.state.record;

/** The four operations a record can carry; the codes are part of the signed data (§1). */
public enum Op {
  PUT(1),
  DELETE(2),
  GRANT(3),
  REVOKE(4);

  private final int code;

  Op(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The op with wire code {@code code}. */
  public static Op ofCode(int code) {
    return switch (code) {
      case 1 -> PUT;
      case 2 -> DELETE;
      case 3 -> GRANT;
      case 4 -> REVOKE;
      default -> throw new MalformedRecordException("op", "unknown op code " + code);
    };
  }

  /** Whether the key names an entry (PUT, DELETE) rather than a writer's address. */
  public boolean targetsEntry() {
    return this == PUT || this == DELETE;
  }
}
