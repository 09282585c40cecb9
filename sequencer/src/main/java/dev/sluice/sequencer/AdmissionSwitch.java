package dev.sluice.sequencer;

import java.util.Objects;
import java.util.Optional;

/**
 * An {@link AdmissionGate} that some other component opens and closes: the batch poster closes it
 * with a reason while its L1 backlog is too large, and opens it again once it caught up. One
 * volatile read per submission.
 */
public final class AdmissionSwitch implements AdmissionGate {
  private volatile Optional<String> refusal = Optional.empty();

  @Override
  public Optional<String> refusal() {
    return refusal;
  }

  /**
   * Refuses new records with {@code BUSY} and {@code reason} (which the client sees, e.g. "L1
   * posting backlog of 70000 records exceeds 65536; retry later") until {@link #admit}.
   */
  public void refuse(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a refusal needs a reason the client can read");
    }
    refusal = Optional.of(reason);
  }

  /** Admits new records again. */
  public void admit() {
    refusal = Optional.empty();
  }

  /** Whether new records are refused now. */
  public boolean refusing() {
    return refusal.isPresent();
  }
}
