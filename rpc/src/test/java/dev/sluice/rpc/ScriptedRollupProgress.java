package dev.sluice.rpc;

import dev.sluice.bridge.poster.BatchProgress;
import dev.sluice.bridge.poster.RollupProgress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A poster's read side whose batches a test sets, and announces to subscribers. */
final class ScriptedRollupProgress implements RollupProgress {
  private final ConcurrentSkipListMap<Long, BatchProgress> batches = new ConcurrentSkipListMap<>();
  private final List<Consumer<BatchProgress>> listeners = new CopyOnWriteArrayList<>();
  volatile L1Status status = new L1Status(true, "posting");
  volatile long backlog;
  volatile OptionalLong finalized = OptionalLong.empty();

  void put(BatchProgress progress) {
    batches.put(progress.index(), progress);
    listeners.forEach(listener -> listener.accept(progress));
  }

  @Override
  public Optional<BatchProgress> batchOf(long sequence) {
    return batches.values().stream().filter(b -> b.contains(sequence)).findFirst();
  }

  @Override
  public Optional<BatchProgress> batch(long index) {
    return Optional.ofNullable(batches.get(index));
  }

  @Override
  public OptionalLong lastPostedBatch() {
    return batches.descendingMap().values().stream()
        .filter(b -> b.stage() != dev.sluice.bridge.poster.BatchStage.BATCHED)
        .mapToLong(BatchProgress::index)
        .findFirst();
  }

  @Override
  public OptionalLong lastFinalizedBatch() {
    return finalized;
  }

  @Override
  public L1Status l1Status() {
    return status;
  }

  @Override
  public long backlog() {
    return backlog;
  }

  @Override
  public long maxBacklog() {
    return 1_000;
  }

  @Override
  public AutoCloseable onBatchProgress(Consumer<BatchProgress> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
