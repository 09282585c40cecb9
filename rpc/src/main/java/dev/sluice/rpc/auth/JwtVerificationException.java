package dev.sluice.rpc.auth;

/** A request to the operator port without a valid token; the message says what is wrong. */
public final class JwtVerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  public JwtVerificationException(String message) {
    super(message);
  }
}
