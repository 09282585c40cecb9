package dev.sluice.bridge.derivation;

import dev.sluice.state.Bytes32;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rollup contract's chain of batches as its events tell it: which batches are in the chain and
 * how many are final, as of the last L1 block read. Changes are journalled with their L1 block for
 * a bounded number of blocks, so that an L1 reorg can be undone back to any block of that window.
 *
 * <p>Pure logic, no I/O: {@link L1Derivation} feeds it decoded events in chain order.
 */
final class RollupChainView {
  private final NavigableMap<Long, AppendedBatch> batches = new TreeMap<>();
  private final Deque<Change> journal = new ArrayDeque<>();
  private long batchCount;
  private long finalizedCount;

  /** One change and what undoing it needs. */
  private sealed interface Change {
    long l1Block();
  }

  private record Append(long l1Block, long index, long previousCount) implements Change {}

  private record Revert(long l1Block, long previousCount, List<AppendedBatch> removed)
      implements Change {}

  private record Finalize(long l1Block, long previousFinalizedCount) implements Change {}

  long batchCount() {
    return batchCount;
  }

  long finalizedCount() {
    return finalizedCount;
  }

  /** The batch at {@code index} if it is in the chain and still kept. */
  Optional<AppendedBatch> batch(long index) {
    return index < batchCount ? Optional.ofNullable(batches.get(index)) : Optional.empty();
  }

  /** The head batch, if the chain has one that is kept. */
  Optional<AppendedBatch> head() {
    return batchCount == 0 ? Optional.empty() : batch(batchCount - 1);
  }

  /** The kept batches from {@code index} on, in order. */
  List<AppendedBatch> from(long index) {
    return List.copyOf(batches.subMap(index, true, batchCount, false).values());
  }

  /**
   * Appends {@code batch}. Its index is normally the batch count; a first batch seen after a start
   * block past the contract's deployment sets the count.
   *
   * @throws IllegalStateException if it does not follow the head
   */
  void append(AppendedBatch batch) {
    long index = batch.index();
    if (index != batchCount && !(batches.isEmpty() && batchCount == 0)) {
      throw new IllegalStateException(
          "batch " + index + " appended with " + batchCount + " batches in the chain");
    }
    journal.addLast(new Append(batch.l1Block(), index, batchCount));
    batches.put(index, batch);
    batchCount = index + 1;
  }

  /** Drops batches {@code firstIndex} and later, as a fraud proof did. */
  void revert(long l1Block, long firstIndex) {
    List<AppendedBatch> removed = new ArrayList<>(batches.tailMap(firstIndex, true).values());
    journal.addLast(new Revert(l1Block, batchCount, removed));
    batches.tailMap(firstIndex, true).clear();
    batchCount = Math.min(batchCount, firstIndex);
  }

  /** Notes that batches up to {@code index} are final. */
  void finalizeUpTo(long l1Block, long index) {
    if (index + 1 > finalizedCount) {
      journal.addLast(new Finalize(l1Block, finalizedCount));
      finalizedCount = index + 1;
    }
  }

  /**
   * Undoes every change made in blocks after {@code l1Block}.
   *
   * @return the lowest batch index whose batch may differ now, or empty if no batch changed
   */
  Optional<Long> undoAfter(long l1Block) {
    long lowest = Long.MAX_VALUE;
    while (!journal.isEmpty() && journal.peekLast().l1Block() > l1Block) {
      switch (journal.removeLast()) {
        case Append append -> {
          batches.remove(append.index());
          batchCount = append.previousCount();
          lowest = Math.min(lowest, append.index());
        }
        case Revert revert -> {
          revert.removed().forEach(batch -> batches.put(batch.index(), batch));
          // The batches a revert dropped come back, and everything after them may differ.
          lowest = Math.min(lowest, Math.min(batchCount, revert.previousCount()));
          batchCount = revert.previousCount();
        }
        case Finalize finalize -> finalizedCount = finalize.previousFinalizedCount();
      }
    }
    return lowest == Long.MAX_VALUE ? Optional.empty() : Optional.of(lowest);
  }

  /**
   * Forgets changes made before {@code l1Block}, which can no longer be undone, and the batches
   * that are final as of then, but for the last (the next batch links to it).
   */
  void forgetBefore(long l1Block) {
    while (!journal.isEmpty() && journal.peekFirst().l1Block() < l1Block) {
      journal.removeFirst();
    }
    long stableFinalized = finalizedCount;
    for (Change change : journal) {
      if (change instanceof Finalize finalize) {
        stableFinalized = finalize.previousFinalizedCount();
        break;
      }
    }
    if (stableFinalized > 1) {
      batches.headMap(stableFinalized - 1, false).clear();
    }
  }

  /** The header hash of every kept batch, for tests and diagnostics. */
  Map<Long, Bytes32> headerHashes() {
    Map<Long, Bytes32> hashes = new TreeMap<>();
    batches.forEach((index, batch) -> hashes.put(index, batch.headerHash()));
    return hashes;
  }
}
