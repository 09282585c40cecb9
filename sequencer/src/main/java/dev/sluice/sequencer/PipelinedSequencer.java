package dev.sluice.sequencer;

import dev.sluice.sequencer.SubmissionRejectedException.Reason;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.stf.StreamLeaf;
import dev.sluice.state.store.KeyValueStore;
import dev.sluice.state.store.LevelDbKeyValueStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sequencer as a pipeline of stages joined by bounded queues (docs/sequencer.md):
 *
 * <pre>
 * submit ─▶ Ingress ─▶ OrderingLoop ─▶ WriteAheadLog ─▶ StateApplier ─▶ readers, receipts, Feed
 *           recovery    sequence,       group commit,     STF, per-record
 *           (N threads) nonce policy    acknowledge       roots, checkpoints
 * </pre>
 *
 * Everything a stage cannot take at once is refused with {@code BUSY} at the stage before, never
 * queued without bound; the ordering loop never waits for I/O. Reads answer from published state
 * and the store without entering the pipeline.
 *
 * <p>Lifecycle: {@link #open} → {@link #start} (recovers: replays the log after the last
 * checkpoint; {@link SequencerStatus#ready()} turns true when done) → {@link #close} (drains the
 * pipeline, writes a final checkpoint, releases threads and, if it opened it, the store).
 */
public final class PipelinedSequencer implements Sequencer, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PipelinedSequencer.class.getName());
  private static final long STAGE_STOP_MILLIS = 30_000;

  /** Settled senders whose next nonce the ordering loop remembers (about 10 MiB); see NonceBook. */
  private static final int SETTLED_SENDERS = 1 << 16;

  private enum Lifecycle {
    NEW,
    STARTING,
    RUNNING,
    CLOSING,
    CLOSED
  }

  private final KeyValueStore ownedStore;
  private final SequencerStore store;
  private final PipelineMetrics metrics = new PipelineMetrics();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Map<Address, Long> pendingNonces = new ConcurrentHashMap<>();
  private final StateReader reader;
  private final WriterIndex writers;
  private final ReceiptLedger receipts;
  private final Feed feed;
  private final Ingress ingress;
  private final NonceBook nonceBook;
  private final OrderingLoop ordering;
  private final WriteAheadLog log;
  private final StateApplier applier;
  private final Thread orderingThread;
  private final Thread logThread;
  private final Thread stateThread;
  private final AdmissionGate admissionGate;
  private final HistoricalState historicalState;
  private volatile Lifecycle lifecycle = Lifecycle.NEW;

  private PipelinedSequencer(SequencerConfig config, KeyValueStore kv, boolean ownsStore) {
    this.ownedStore = ownsStore ? kv : null;
    this.store = SequencerStore.open(kv, config.domain());
    SequencerStore.Checkpoint checkpoint = store.lastCheckpoint();
    PublishedNodes published = new PublishedNodes(kv);
    this.reader =
        new StateReader(
            published,
            store,
            checkpoint,
            config.recoveryThreads() + 4,
            config.readerCacheNodes(),
            "every " + config.checkpointRecords() + " records or " + config.checkpointInterval());
    this.receipts = new ReceiptLedger(store, () -> reader.head().sequence());
    this.writers = new WriterIndex(kv, store.hasCompleteWriterIndex());
    this.feed =
        new Feed(
            this::feedItem,
            checkpoint.sequence(),
            config.feedBufferRecords(),
            config.maxSubscribers(),
            metrics);
    BlockingQueue<Submission> orderingQueue =
        new ArrayBlockingQueue<>(config.orderingQueueCapacity());
    BlockingQueue<Submission> logQueue = new ArrayBlockingQueue<>(config.logQueueCapacity());
    BlockingQueue<LogEntry> applyQueue = new ArrayBlockingQueue<>(config.applyQueueCapacity());
    this.ingress = new Ingress(config, orderingQueue, reader, metrics);
    this.nonceBook =
        new NonceBook(
            config.nonceHoldAhead(),
            config.nonceHoldTime().toMillis(),
            config.maxHeldRecords(),
            SETTLED_SENDERS,
            pendingNonces);
    this.ordering =
        new OrderingLoop(
            orderingQueue,
            logQueue,
            nonceBook,
            ingress::refresh,
            () -> reader.head().sequence(),
            config.clock(),
            metrics,
            failure,
            config.nonceHoldAhead());
    ordering.startAt(checkpoint.sequence() + 1, 0);
    this.log = new WriteAheadLog(logQueue, applyQueue, store, config, metrics, failure);
    this.applier =
        new StateApplier(
            store,
            published,
            applyQueue,
            reader,
            writers,
            receipts,
            feed,
            config,
            metrics,
            failure);
    this.orderingThread = platformThread("sluice-ordering", ordering);
    this.logThread = platformThread("sluice-log", log);
    this.stateThread = platformThread("sluice-state", applier);
    this.admissionGate = config.admissionGate();
    this.historicalState = new CheckpointReplay(store, receipts, () -> reader.head().sequence());
    bindGauges(orderingQueue, logQueue, applyQueue);
  }

  private void bindGauges(
      BlockingQueue<Submission> orderingQueue,
      BlockingQueue<Submission> logQueue,
      BlockingQueue<LogEntry> applyQueue) {
    metrics.bind(
        new PipelineMetrics.Gauges(
            ingress::queueDepth,
            orderingQueue::size,
            nonceBook::heldCount,
            logQueue::size,
            applyQueue::size,
            () -> Math.max(0, ordering.nextSequence() - 1 - reader.head().sequence()),
            feed::subscriberCount));
  }

  /**
   * A sequencer over {@code store}, which the caller keeps and closes after {@link #close}.
   *
   * @throws IllegalStateException if {@code store} holds the log of another chain or contract
   */
  public static PipelinedSequencer open(SequencerConfig config, KeyValueStore store) {
    return new PipelinedSequencer(config, Objects.requireNonNull(store, "store"), false);
  }

  /**
   * A sequencer over the LevelDB database in {@code dataDirectory} (created if missing), which it
   * opens now and closes in {@link #close}.
   *
   * @throws dev.sluice.state.store.DataDirectoryInUseException if another process uses the
   *     directory
   */
  public static PipelinedSequencer open(SequencerConfig config, Path dataDirectory) {
    LevelDbKeyValueStore store = LevelDbKeyValueStore.open(dataDirectory);
    try {
      return new PipelinedSequencer(config, store, true);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Recovers (replays the log after the last checkpoint) and then starts ordering. Returns at once;
   * the future completes when the sequencer is ready, or fails if recovery failed.
   */
  public synchronized CompletableFuture<Void> start() {
    if (lifecycle != Lifecycle.NEW) {
      throw new IllegalStateException("the sequencer was already started");
    }
    lifecycle = Lifecycle.STARTING;
    CompletableFuture<Void> ready =
        applier
            .replayed()
            .thenAccept(
                next -> {
                  synchronized (this) {
                    if (lifecycle != Lifecycle.STARTING) {
                      return;
                    }
                    ordering.startAt(next, lastTimestamp(next - 1));
                    logThread.start();
                    orderingThread.start();
                    lifecycle = Lifecycle.RUNNING;
                  }
                });
    stateThread.start();
    return ready;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The future completes on a sequencer thread (the log writer's): actions attached to it must
   * not block, or they delay every later acknowledgement; use the {@code *Async} variants with an
   * executor of your own for anything slow. Before {@link #start} has finished recovery and after
   * {@link #close} the record is refused with {@code BUSY}; after an internal failure the future
   * fails with {@link IllegalStateException}.
   */
  @Override
  public CompletableFuture<Acknowledgement> submit(SignedRecord record) {
    Objects.requireNonNull(record, "record");
    return submit(new Submission(record, System.nanoTime()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Everything said of {@link #submit(SignedRecord)} holds; only sender recovery is skipped.
   */
  @Override
  public CompletableFuture<Acknowledgement> submit(SignedRecord record, Address recoveredSender) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(recoveredSender, "recoveredSender");
    return submit(new Submission(record, recoveredSender, System.nanoTime()));
  }

  private CompletableFuture<Acknowledgement> submit(Submission submission) {
    metrics.submitted();
    Throwable failed = failure.get();
    if (failed != null) {
      submission.acknowledgement.completeExceptionally(halted(failed));
    } else if (lifecycle != Lifecycle.RUNNING) {
      submission.reject(
          Reason.BUSY,
          lifecycle.compareTo(Lifecycle.RUNNING) < 0
              ? "the sequencer is starting (replaying its log); retry shortly"
              : "the sequencer is shutting down; retry elsewhere or later",
          metrics);
    } else if (ordering.isPaused()) {
      submission.reject(Reason.PAUSED, "ordering is paused by an operator; retry later", metrics);
    } else {
      Optional<String> refusal = admissionGate.refusal();
      if (refusal.isPresent()) {
        submission.reject(Reason.BUSY, refusal.get(), metrics);
      } else {
        ingress.submit(submission);
      }
    }
    return submission.acknowledgement;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Fails with {@link IllegalArgumentException} for a sequence not handed out yet. Completes on
   * the state thread; the same caution as for {@link #submit} applies.
   */
  @Override
  public CompletableFuture<Receipt> receiptOf(long sequence) {
    return receipts.receiptOf(sequence, ordering.nextSequence());
  }

  @Override
  public Optional<Receipt> receipt(Bytes32 recordHash) {
    OptionalLong sequence = store.sequenceOf(recordHash);
    return sequence.isPresent() ? receipts.receipt(sequence.getAsLong()) : Optional.empty();
  }

  @Override
  public Optional<Receipt> receipt(long sequence) {
    return receipts.receipt(sequence);
  }

  /** {@inheritDoc} A record is found once it is acknowledged. */
  @Override
  public Optional<SequencedRecord> record(Bytes32 recordHash) {
    OptionalLong sequence = store.sequenceOf(recordHash);
    return sequence.isPresent() ? record(sequence.getAsLong()) : Optional.empty();
  }

  /** {@inheritDoc} A record is found once it is acknowledged. */
  @Override
  public Optional<SequencedRecord> record(long sequence) {
    return store.logEntry(sequence).map(LogEntry::toSequencedRecord);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Retained: the head (the state after {@link SequencerStatus#appliedSequence()}) and every
   * checkpoint; {@link EntryProof#sequence()} says which state was proven.
   */
  @Override
  public EntryProof entry(String stream, byte[] key, OptionalLong atSequence) {
    return reader.entry(stream, key, atSequence);
  }

  @Override
  public Optional<StreamLeaf> stream(String stream) {
    return reader.stream(stream);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Served from an index kept beside the state (stream → granted writers); empty for a data
   * directory written before that index existed.
   */
  @Override
  public Optional<StreamWriters> writers(String stream, Optional<Address> after, int limit) {
    return writers.writers(StateReader.streamBytes(stream), after, limit);
  }

  @Override
  public long nextNonce(Address account) {
    // Read the pending map first: a sender leaves it only once the published head has its records.
    Long pending = pendingNonces.get(account);
    return pending != null ? pending : reader.nonce(account, reader.head());
  }

  @Override
  public SequencerStatus status() {
    StateReader.AppliedHead head = reader.head();
    return new SequencerStatus(
        Math.max(ordering.nextSequence(), head.sequence() + 1),
        head.sequence(),
        head.root(),
        ordering.isPaused(),
        lifecycle == Lifecycle.RUNNING && failure.get() == null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Listeners run on a virtual thread of their own. At most {@link
   * SequencerConfig#maxSubscribers()} subscriptions are live; beyond that this throws {@link
   * IllegalStateException}. A subscriber more than {@link SequencerConfig#feedBufferRecords()}
   * records behind the live head is dropped.
   */
  @Override
  public FeedSubscription subscribe(OptionalLong fromSequence, FeedListener listener) {
    return feed.subscribe(fromSequence, Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Operator action: stop admitting records. Submissions fail with {@code PAUSED}, and so do
   * records waiting for earlier nonces; records already ordered are still logged and applied.
   */
  public void pause() {
    ordering.pause();
  }

  /** Operator action: admit records again after {@link #pause}. */
  public void resume() {
    ordering.resume();
  }

  /**
   * Operator action: write a checkpoint of everything applied so far. Completes with its sequence
   * (the previous checkpoint's when nothing was applied since, −1 before the first record).
   * While starting, the checkpoint follows replay. Fails with {@link
   * IllegalStateException} before {@link #start} and after {@link #close}.
   */
  public CompletableFuture<Long> checkpoint() {
    if (lifecycle != Lifecycle.RUNNING && lifecycle != Lifecycle.STARTING) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("the sequencer is not running"));
    }
    return applier.requestCheckpoint();
  }

  /**
   * The state after any applied record, rebuilt from the nearest checkpoint and the log on the
   * caller's thread (for fraud proofs); see {@link HistoricalState}.
   */
  public HistoricalState historicalState() {
    return historicalState;
  }

  @Override
  public SequencerMetrics metrics() {
    return metrics;
  }

  /**
   * Refuses new records, lets every stage finish what it holds (records waiting for earlier nonces
   * are refused with {@code BUSY}), writes a final checkpoint, ends feed subscriptions and closes
   * the store if this sequencer opened it. Waits up to 30 s for each stage.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (lifecycle == Lifecycle.CLOSING || lifecycle == Lifecycle.CLOSED) {
        return;
      }
      lifecycle = Lifecycle.CLOSING;
    }
    try {
      if (!ingress.shutdown(STAGE_STOP_MILLIS)) {
        LOG.log(System.Logger.Level.WARNING, "signature recovery did not finish in time");
      }
      ordering.stop();
      join(orderingThread);
      log.stop();
      join(logThread);
      applier.stop();
      join(stateThread);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      finish("the sequencer closed");
    }
  }

  /**
   * Stops every thread at once: nothing queued is written, applied or checkpointed, as if the
   * process had died. For crash tests.
   */
  void halt() {
    synchronized (this) {
      lifecycle = Lifecycle.CLOSING;
    }
    ingress.shutdownNow();
    orderingThread.interrupt();
    logThread.interrupt();
    stateThread.interrupt();
    try {
      join(orderingThread);
      join(logThread);
      join(stateThread);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      finish("the sequencer halted");
    }
  }

  /** The exception a submission fails with once the pipeline halted after {@code cause}. */
  static IllegalStateException halted(Throwable cause) {
    return new IllegalStateException("the sequencer halted after a failure: " + cause, cause);
  }

  private void finish(String reason) {
    feed.close(reason);
    receipts.failWaiters(new IllegalStateException(reason));
    if (ownedStore != null) {
      ownedStore.close();
    }
    lifecycle = Lifecycle.CLOSED;
  }

  /** The timestamp of the logged record {@code sequence}, or 0 when there is none. */
  private long lastTimestamp(long sequence) {
    return store.logEntry(sequence).map(LogEntry::timestamp).orElse(0L);
  }

  private Feed.Item feedItem(long sequence) {
    LogEntry entry =
        store
            .logEntry(sequence)
            .orElseThrow(() -> new IllegalStateException("log entry " + sequence + " is missing"));
    Receipt receipt =
        receipts
            .receipt(sequence)
            .orElseThrow(() -> new IllegalStateException("receipt " + sequence + " is missing"));
    return new Feed.Item(entry.toSequencedRecord(), receipt);
  }

  private static void join(Thread thread) throws InterruptedException {
    if (thread.getState() == Thread.State.NEW) {
      return;
    }
    thread.join(STAGE_STOP_MILLIS);
    if (thread.isAlive()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "{0} did not stop within {1} ms",
          thread.getName(),
          STAGE_STOP_MILLIS);
    }
  }

  private static Thread platformThread(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    return thread;
  }
}
