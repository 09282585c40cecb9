package dev.sluice.sequencer;

import java.util.Optional;

/**
 * Decides whether new records may enter the pipeline at all, before anything else looks at them:
 * the seam through which the node refuses records while it cannot keep its promises downstream (for
 * instance while the batch poster cannot reach L1 and the unposted backlog grows).
 *
 * <p>Consulted on the submitter's thread for every record, so an implementation must answer at
 * once: a volatile read, never I/O or a lock. A refused record fails with {@code BUSY} and the
 * reason as its message; it leaves no trace.
 */
@FunctionalInterface
public interface AdmissionGate {

  /** The reason to refuse a new record now, or empty to admit it. */
  Optional<String> refusal();

  /** The gate that admits everything: the default. */
  static AdmissionGate open() {
    return Open.INSTANCE;
  }

  /** See {@link AdmissionGate#open()}; an enum so that it stays one constant instance. */
  enum Open implements AdmissionGate {
    INSTANCE;

    @Override
    public Optional<String> refusal() {
      return Optional.empty();
    }
  }
}
