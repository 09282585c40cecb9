package dev.sluice.bridge.poster;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poster's batches in memory, by index and by first sequence, and the listeners to their stage
 * changes. The poster's thread writes; any thread reads.
 */
final class PostingLedger {
  private static final Logger LOG = LoggerFactory.getLogger(PostingLedger.class);

  private final ConcurrentSkipListMap<Long, BatchPosting> postings = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<Long, Long> indexByFirstSequence =
      new ConcurrentSkipListMap<>();
  private final List<Consumer<BatchProgress>> listeners = new CopyOnWriteArrayList<>();

  /** The stage each listener last heard of per batch, so that a change is told once. */
  private final Map<Long, BatchStage> announced = new ConcurrentHashMap<>();

  /** The batches by index, read-only. */
  NavigableMap<Long, BatchPosting> view() {
    return Collections.unmodifiableNavigableMap(postings);
  }

  BatchPosting get(long index) {
    return postings.get(index);
  }

  /** Records {@code posting}, replacing the one with its index. */
  void put(BatchPosting posting) {
    postings.put(posting.index(), posting);
    indexByFirstSequence.put(posting.header().firstSequence(), posting.index());
  }

  /** Records a posting read from the store, whose stage the listeners need not hear again. */
  void load(BatchPosting posting) {
    put(posting);
    announced.put(posting.index(), posting.progress().stage());
  }

  /** Drops {@code posting} (never sent, or reverted on L1). */
  void forget(BatchPosting posting) {
    postings.remove(posting.index());
    indexByFirstSequence.remove(posting.header().firstSequence(), posting.index());
    announced.remove(posting.index());
  }

  /** Tells the listeners if the batch's public stage changed since they last heard of it. */
  void announce(BatchPosting posting) {
    BatchProgress progress = posting.progress();
    if (announced.put(posting.index(), progress.stage()) != progress.stage()) {
      announce(progress);
    }
  }

  /** Tells the listeners {@code progress} as it is. */
  void announce(BatchProgress progress) {
    for (Consumer<BatchProgress> listener : listeners) {
      try {
        listener.accept(progress);
      } catch (RuntimeException e) {
        LOG.warn("A batch progress listener failed", e);
      }
    }
  }

  AutoCloseable listen(Consumer<BatchProgress> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** The batch that carries sequence {@code sequence}. */
  Optional<BatchProgress> batchOf(long sequence) {
    Map.Entry<Long, Long> entry = indexByFirstSequence.floorEntry(sequence);
    if (entry == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(postings.get(entry.getValue()))
        .filter(
            p -> p.header().firstSequence() <= sequence && p.header().lastSequence() >= sequence)
        .map(BatchPosting::progress);
  }

  /** The highest index that is included or final. */
  OptionalLong lastIncluded() {
    for (BatchPosting posting : postings.descendingMap().values()) {
      if (posting.state() == BatchPosting.State.INCLUDED
          || posting.state() == BatchPosting.State.FINALIZED) {
        return OptionalLong.of(posting.index());
      }
    }
    return OptionalLong.empty();
  }
}
