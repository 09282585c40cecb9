package dev.sluice.bridge.derivation;

/**
 * Derivation cannot go on: the chain contradicts itself in a way no retry mends (a log the contract
 * cannot have emitted, a reorg deeper than the blocks kept). Transient endpoint failures are {@link
 * dev.sluice.bridge.L1Exception}s instead.
 */
public final class DerivationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DerivationException(String message) {
    super(message);
  }

  public DerivationException(String message, Throwable cause) {
    super(message, cause);
  }
}
