package dev.sluice.bridge;

/**
 * An L1 request failed: the endpoint could not be reached or answered with an error, or a
 * transaction's receipt did not arrive in time. See {@link L1RevertedException} for the EVM saying
 * no.
 */
public class L1Exception extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public L1Exception(String message) {
    super(message);
  }

  public L1Exception(String message, Throwable cause) {
    super(message, cause);
  }
}
