package dev.sluice.bridge.watcher;

import dev.sluice.state.Bytes32;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of what the watcher knows.
 *
 * @param verifiedBatch the last batch re-executed and found right, −1 before any
 * @param verifiedSequence the sequence number of its last record, −1 before any
 * @param verifiedRoot the state root after it (the empty root before any)
 * @param finalizedBatch the last batch final on L1, −1 before any; final by L1's word, never by the
 *     watcher's
 * @param l1Head the L1 head seen last
 * @param nextL1Block the next L1 block derivation reads
 * @param caughtUp whether every batch appended up to the confirmed head was handled
 * @param haltedAt the batch the watcher found wrong and waits on to be reverted, if any: later
 *     batches build on it and cannot be verified
 * @param faults the faults seen, oldest first (the most recent 100)
 * @param challenges the proofs sent and their outcome, oldest first (the most recent 100)
 * @param lastError the last error that stopped a poll, if the last poll failed
 * @param recordsVerified records re-executed since the watcher started
 */
public record WatcherStatus(
    long verifiedBatch,
    long verifiedSequence,
    Bytes32 verifiedRoot,
    long finalizedBatch,
    long l1Head,
    long nextL1Block,
    boolean caughtUp,
    Optional<Long> haltedAt,
    List<FaultReport> faults,
    List<ChallengeReport> challenges,
    Optional<String> lastError,
    long recordsVerified) {

  public WatcherStatus {
    Objects.requireNonNull(verifiedRoot, "verifiedRoot");
    Objects.requireNonNull(haltedAt, "haltedAt");
    Objects.requireNonNull(lastError, "lastError");
    faults = List.copyOf(faults);
    challenges = List.copyOf(challenges);
  }
}
