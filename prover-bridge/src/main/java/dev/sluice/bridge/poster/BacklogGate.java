package dev.sluice.bridge.poster;

/**
 * Where the poster says whether the node should take new records: the node adapts the sequencer's
 * admission switch to it ({@code refuse} / {@code admit}), since prover-bridge does not depend on
 * the sequencer.
 */
public interface BacklogGate {
  /** New records should be refused with {@code reason}, which the client sees. */
  void refuse(String reason);

  /** New records may be taken again. */
  void admit();
}
