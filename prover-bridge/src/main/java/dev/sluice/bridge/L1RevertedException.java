package dev.sluice.bridge;

import java.util.HexFormat;
import java.util.OptionalInt;

/**
 * A call or transaction reverted. When the node returned the revert payload (a custom error's
 * selector and arguments, or {@code Error(string)}), it is kept so that callers can tell which
 * check failed; see {@link RollupError#of}.
 */
public final class L1RevertedException extends L1Exception {
  private static final long serialVersionUID = 1L;

  private final byte[] revertData;

  public L1RevertedException(String message, byte[] revertData) {
    super(message + (revertData.length == 0 ? "" : ": 0x" + HexFormat.of().formatHex(revertData)));
    this.revertData = revertData.clone();
  }

  /**
   * The revert payload; empty when the node did not return one (a mined transaction that failed).
   */
  public byte[] revertData() {
    return revertData.clone();
  }

  /** The first four bytes of the payload, the error's selector, when there are that many. */
  public OptionalInt selector() {
    if (revertData.length < 4) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(
        (revertData[0] & 0xff) << 24
            | (revertData[1] & 0xff) << 16
            | (revertData[2] & 0xff) << 8
            | (revertData[3] & 0xff));
  }
}
