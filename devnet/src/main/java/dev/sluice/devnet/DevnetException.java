package dev.sluice.devnet;

import dev.sluice.node.cli.CliException;
import dev.sluice.node.cli.ExitCodes;

/** The devnet cannot start or go on; the message tells the person what to do. */
public class DevnetException extends CliException {
  public DevnetException(String message) {
    super(message, ExitCodes.FAILED, null);
  }

  public DevnetException(String message, Throwable cause) {
    super(message, ExitCodes.FAILED, cause);
  }
}
