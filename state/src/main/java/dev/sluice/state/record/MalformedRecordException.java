package dev.sluice.state.record;

/**
 * A record that breaks a structural rule of docs/protocol.md §1: it cannot be decoded or built.
 * The message names the offending field so a client can fix its encoder.
 */
public final class MalformedRecordException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String problem;

  public MalformedRecordException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The name of the field that is wrong, as docs/protocol.md spells it. */
  public String field() {
    return field;
  }

  /** What is wrong with the field, without its name. */
  public String problem() {
    return problem;
  }
}
