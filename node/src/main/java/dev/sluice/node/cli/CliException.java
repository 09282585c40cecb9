package dev.sluice.node.cli;

/**
 * A failure the person at the terminal can act on: the message says what went wrong and what to do;
 * the exit code is one of {@link ExitCodes}. Printed without a stack trace.
 */
public class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(String message) {
    this(message, ExitCodes.FAILED, null);
  }

  public CliException(String message, int exitCode) {
    this(message, exitCode, null);
  }

  public CliException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
