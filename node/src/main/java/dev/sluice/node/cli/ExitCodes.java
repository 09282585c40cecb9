package dev.sluice.node.cli;

/** What the {@code sluice} command's exit status means; scripts may rely on these. */
public final class ExitCodes {
  private ExitCodes() {}

  /** Done as asked. */
  public static final int OK = 0;

  /** The command ran and failed (unreachable node or L1, refused record, bad proof, ...). */
  public static final int FAILED = 1;

  /** The command line or the configuration is wrong; the message says which option. */
  public static final int USAGE = 2;

  /** The command exists but the part it needs is not in this build. */
  public static final int NOT_AVAILABLE = 3;

  /** A check answered "no": a proof or a root did not verify. */
  public static final int NOT_VERIFIED = 4;
}
