package dev.sluice.bridge.poster;

import dev.sluice.bridge.l1.SignedTransaction;
import dev.sluice.state.Bytes32;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The poster's one unmined transaction: the latest signed version and the hashes of every version
 * sent, since after a replacement any of them may be the one mined.
 *
 * @param purpose what it does
 * @param target the batch it appends, or the last batch it finalises
 * @param latest the version sent last
 * @param sentHashes every version's hash, oldest first
 * @param sentAtBlock the L1 head when the latest version was sent
 * @param sentAtMillis the wall time when the latest version was sent
 */
record InFlightTransaction(
    Purpose purpose,
    long target,
    SignedTransaction latest,
    List<Bytes32> sentHashes,
    long sentAtBlock,
    long sentAtMillis) {

  enum Purpose {
    APPEND,
    FINALIZE
  }

  InFlightTransaction {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(latest, "latest");
    sentHashes = List.copyOf(sentHashes);
  }

  static InFlightTransaction first(
      Purpose purpose, long target, SignedTransaction transaction, long block, long millis) {
    return new InFlightTransaction(
        purpose, target, transaction, List.of(transaction.hash()), block, millis);
  }

  /** This transaction replaced by {@code replacement}, which has the same nonce. */
  InFlightTransaction replacedBy(SignedTransaction replacement, long block, long millis) {
    List<Bytes32> hashes = new ArrayList<>(sentHashes);
    hashes.add(replacement.hash());
    return new InFlightTransaction(purpose, target, replacement, hashes, block, millis);
  }

  /** The same, counted as sent again now (after a rebroadcast). */
  InFlightTransaction resentAt(long block, long millis) {
    return new InFlightTransaction(purpose, target, latest, sentHashes, block, millis);
  }
}
