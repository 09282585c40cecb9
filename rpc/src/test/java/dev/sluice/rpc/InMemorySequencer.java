package dev.sluice.rpc;

import dev.sluice.rpc.methods.admin.OperatorControls;
import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.sequencer.EntryProof;
import dev.sluice.sequencer.FeedListener;
import dev.sluice.sequencer.FeedSubscription;
import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.sequencer.LatencyHistogram;
import dev.sluice.sequencer.SequencerMetrics;
import dev.sluice.sequencer.SequencerStatus;
import dev.sluice.sequencer.SubmissionRejectedException;
import dev.sluice.sequencer.SubmissionRejectedException.Reason;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.stf.RecoveredRecord;
import dev.sluice.state.stf.StateKeys;
import dev.sluice.state.stf.StateTransition;
import dev.sluice.state.stf.Status;
import dev.sluice.state.stf.StreamLeaf;
import dev.sluice.state.stf.TreeStateAccess;
import dev.sluice.state.store.InMemoryKeyValueStore;
import dev.sluice.state.store.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, honest {@link Sequencer} for the RPC tests: one ordering thread assigns sequence numbers
 * and checks nonces, the real {@link StateTransition} applies each record to a real {@link
 * SparseMerkleTree} over an {@link InMemoryKeyValueStore}, and a feed thread delivers every record
 * to subscribers in order. What it leaves out is durability (no write-ahead log: "durable" means
 * ordered) and batching.
 *
 * <p>Knobs for tests: {@link #holdApplication} (acknowledge, apply later), {@link #setBusy}, {@link
 * #setReady}, and a queue capacity beyond which submissions are refused as BUSY.
 */
public final class InMemorySequencer implements Sequencer, OperatorControls, AutoCloseable {
  private final java.util.Map<String, java.util.TreeSet<Address>> writerIndex =
      new java.util.HashMap<>();
  private final java.util.concurrent.atomic.AtomicLong submitted = new java.util.concurrent.atomic.AtomicLong();
  private final Map<Reason, Long> rejections = new java.util.concurrent.ConcurrentHashMap<>();
  private final SequencerMetrics metrics = new Metrics();
  private final Eip712Domain domain;
  private final SenderRecovery recovery;
  private final InstantSource clock;
  private final int queueCapacity;
  private final ExecutorService ordering = Executors.newSingleThreadExecutor(named("ordering"));
  private final ExecutorService feed = Executors.newSingleThreadExecutor(named("feed"));
  private final AtomicInteger queued = new AtomicInteger();

  // Everything below is guarded by "this".
  private final KeyValueStore store = new InMemoryKeyValueStore();
  private final SparseMerkleTree tree =
      new SparseMerkleTree(new TreeNodeStore(store, 0), SmtHashing.EMPTY);
  private final List<SequencedRecord> records = new ArrayList<>();
  private final List<Receipt> receipts = new ArrayList<>();
  private final List<Bytes32> roots = new ArrayList<>();
  private final List<RecoveredRecord> unapplied = new ArrayList<>();
  private final Map<Bytes32, Long> sequenceByHash = new HashMap<>();
  private final Map<Address, Long> nextNonces = new HashMap<>();
  private final Map<Long, CompletableFuture<Receipt>> receiptWaiters = new HashMap<>();
  private final List<Listener> listeners = new ArrayList<>();
  private long checkpointedSequence = -1;
  private boolean paused;
  private boolean ready = true;
  private boolean busy;
  private boolean holding;

  public InMemorySequencer(
      Eip712Domain domain, SenderRecovery recovery, InstantSource clock, int queueCapacity) {
    this.domain = domain;
    this.recovery = recovery;
    this.clock = clock;
    this.queueCapacity = queueCapacity;
  }

  @Override
  public CompletableFuture<Acknowledgement> submit(SignedRecord record) {
    submitted.incrementAndGet();
    return order(record)
        .whenComplete(
            (acknowledgement, failure) -> {
              Throwable cause =
                  failure instanceof CompletionException ? failure.getCause() : failure;
              if (cause instanceof SubmissionRejectedException rejected) {
                rejections.merge(rejected.reason(), 1L, Long::sum);
              }
            });
  }

  @Override
  public SequencerMetrics metrics() {
    return metrics;
  }

  private CompletableFuture<Acknowledgement> order(SignedRecord record) {
    // Recovery runs on the caller's thread, as the real sequencer recovers in parallel before
    // ordering.
    RecoveredRecord recovered = RecoveredRecord.recover(record, domain, recovery);
    synchronized (this) {
      if (busy) {
        return CompletableFuture.failedFuture(
            new SubmissionRejectedException(Reason.BUSY, "the ingress queue is full"));
      }
    }
    if (queued.incrementAndGet() > queueCapacity) {
      queued.decrementAndGet();
      return CompletableFuture.failedFuture(
          new SubmissionRejectedException(
              Reason.BUSY, "the ingress queue holds " + queueCapacity + " records"));
    }
    return CompletableFuture.supplyAsync(
        () -> {
          queued.decrementAndGet();
          try {
            return order(recovered);
          } catch (SubmissionRejectedException rejected) {
            throw new CompletionException(rejected);
          }
        },
        ordering);
  }

  private Acknowledgement order(RecoveredRecord recovered) throws SubmissionRejectedException {
    SequencedRecord sequenced;
    synchronized (this) {
      if (paused) {
        throw new SubmissionRejectedException(Reason.PAUSED, "sequencing is paused");
      }
      if (recovered.sender().isEmpty()) {
        throw new SubmissionRejectedException(
            Reason.INVALID_SIGNATURE, "the signature is not valid");
      }
      Address sender = recovered.sender().get();
      long expected = nextNonces.getOrDefault(sender, 0L);
      long nonce = recovered.signed().record().nonce();
      if (Long.compareUnsigned(nonce, expected) < 0) {
        throw new SubmissionRejectedException(
            Reason.NONCE_TOO_LOW, "nonce " + nonce + " is used; the next is " + expected);
      }
      if (nonce != expected) {
        throw new SubmissionRejectedException(
            Reason.NONCE_TOO_HIGH, "nonce " + nonce + " is ahead of " + expected);
      }
      nextNonces.put(sender, expected + 1);
      sequenced = new SequencedRecord(records.size(), clock.millis(), recovered.signed(), sender);
      records.add(sequenced);
      sequenceByHash.put(recovered.signed().recordHash(), sequenced.sequence());
      unapplied.add(recovered);
      if (!holding) {
        applyPending();
      }
    }
    return new Acknowledgement(sequenced.sequence(), recovered.signed().recordHash());
  }

  /** Keeps the stream → writers index the way the real sequencer does. */
  private void noteWriters(dev.sluice.state.record.Record record, Status status) {
    if (status != Status.APPLIED) {
      return;
    }
    switch (record.op()) {
      case GRANT ->
          writerIndex
              .computeIfAbsent(record.stream(), s -> new java.util.TreeSet<>())
              .add(record.writer());
      case REVOKE -> {
        java.util.TreeSet<Address> writers = writerIndex.get(record.stream());
        if (writers != null) {
          writers.remove(record.writer());
        }
      }
      default -> {}
    }
  }

  @Override
  public synchronized Optional<dev.sluice.sequencer.StreamWriters> writers(
      String stream, Optional<Address> after, int limit) {
    java.util.TreeSet<Address> all = writerIndex.getOrDefault(stream, new java.util.TreeSet<>());
    java.util.SortedSet<Address> from =
        after.isPresent() ? all.tailSet(after.get(), false) : all;
    List<Address> page = from.stream().limit(limit).toList();
    return Optional.of(new dev.sluice.sequencer.StreamWriters(page, from.size() > limit));
  }

  /** Applies every ordered record not yet applied, in order. Called holding the lock. */
  private void applyPending() {
    for (RecoveredRecord recovered : unapplied) {
      SequencedRecord sequenced = records.get(receipts.size());
      Status status = StateTransition.apply(new TreeStateAccess(tree), recovered);
      noteWriters(recovered.signed().record(), status);
      Receipt receipt =
          new Receipt(
              sequenced.sequence(),
              recovered.signed().recordHash(),
              sequenced.sender(),
              status,
              tree.root(),
              sequenced.timestamp());
      receipts.add(receipt);
      roots.add(tree.root());
      CompletableFuture<Receipt> waiter = receiptWaiters.remove(sequenced.sequence());
      if (waiter != null) {
        waiter.complete(receipt);
      }
    }
    unapplied.clear();
    feed.execute(this::deliver);
  }

  /** Acknowledge records without applying them until {@code false} is passed again. */
  public void holdApplication(boolean hold) {
    synchronized (this) {
      holding = hold;
      if (!hold && !unapplied.isEmpty()) {
        applyPending();
      }
    }
  }

  public synchronized void setBusy(boolean value) {
    busy = value;
  }

  public synchronized void setReady(boolean value) {
    ready = value;
  }

  public synchronized int recordCount() {
    return records.size();
  }

  @Override
  public synchronized CompletableFuture<Receipt> receiptOf(long sequence) {
    if (sequence >= 0 && sequence < receipts.size()) {
      return CompletableFuture.completedFuture(receipts.get((int) sequence));
    }
    return receiptWaiters.computeIfAbsent(sequence, ignored -> new CompletableFuture<>());
  }

  @Override
  public synchronized Optional<Receipt> receipt(Bytes32 recordHash) {
    Long sequence = sequenceByHash.get(recordHash);
    return sequence == null ? Optional.empty() : receipt(sequence.longValue());
  }

  @Override
  public synchronized Optional<Receipt> receipt(long sequence) {
    return sequence >= 0 && sequence < receipts.size()
        ? Optional.of(receipts.get((int) sequence))
        : Optional.empty();
  }

  @Override
  public synchronized Optional<SequencedRecord> record(Bytes32 recordHash) {
    Long sequence = sequenceByHash.get(recordHash);
    return sequence == null ? Optional.empty() : record(sequence.longValue());
  }

  @Override
  public synchronized Optional<SequencedRecord> record(long sequence) {
    return sequence >= 0 && sequence < records.size()
        ? Optional.of(records.get((int) sequence))
        : Optional.empty();
  }

  @Override
  public synchronized EntryProof entry(String stream, byte[] key, OptionalLong atSequence) {
    long applied = receipts.size() - 1L;
    if (applied < 0) {
      throw new IllegalArgumentException(
          "no record has been applied yet, so there is no state to prove against");
    }
    long at = atSequence.orElse(applied);
    if (at < 0 || at > applied) {
      throw new IllegalArgumentException(
          "the state after record "
              + Long.toUnsignedString(at)
              + " does not exist yet; the last applied record is "
              + applied);
    }
    if (at < checkpointedSequence) {
      throw new IllegalArgumentException(
          "the state after record "
              + at
              + " was not retained; proofs are available from record "
              + checkpointedSequence
              + " to "
              + applied);
    }
    Bytes32 root = roots.get((int) at);
    SparseMerkleTree view = tree.at(root);
    Bytes32 treeKey = StateKeys.entry(stream.getBytes(StandardCharsets.US_ASCII), key);
    return new EntryProof(root, at, treeKey, view.get(treeKey), view.prove(treeKey));
  }

  @Override
  public synchronized Optional<StreamLeaf> stream(String stream) {
    return tree.get(StateKeys.stream(stream.getBytes(StandardCharsets.US_ASCII)))
        .map(StreamLeaf::decode);
  }

  @Override
  public synchronized long nextNonce(Address account) {
    return nextNonces.getOrDefault(account, 0L);
  }

  @Override
  public synchronized SequencerStatus status() {
    return new SequencerStatus(records.size(), receipts.size() - 1L, tree.root(), paused, ready);
  }

  @Override
  public FeedSubscription subscribe(OptionalLong fromSequence, FeedListener listener) {
    Listener subscription;
    synchronized (this) {
      subscription = new Listener(listener, fromSequence.orElse(records.size()));
    }
    feed.execute(
        () -> {
          synchronized (this) {
            listeners.add(subscription);
          }
          deliver();
        });
    return () -> {
      subscription.closed = true;
      synchronized (this) {
        listeners.remove(subscription);
      }
    };
  }

  /** On the feed thread: brings every listener up to the last applied record. */
  private void deliver() {
    List<Listener> current;
    synchronized (this) {
      current = new ArrayList<>(listeners);
    }
    for (Listener listener : current) {
      while (!listener.closed) {
        SequencedRecord record;
        Receipt receipt;
        synchronized (this) {
          if (listener.next >= receipts.size()) {
            break;
          }
          record = records.get((int) listener.next);
          receipt = receipts.get((int) listener.next);
        }
        listener.next++;
        try {
          listener.target.onRecord(record, receipt);
        } catch (RuntimeException failure) {
          listener.closed = true;
          listener.target.onDropped("the listener failed: " + failure);
        }
      }
    }
  }

  @Override
  public synchronized CompletableFuture<Void> pause() {
    paused = true;
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Void> resume() {
    paused = false;
    return CompletableFuture.completedFuture(null);
  }

  /** Flushes the tree into the store, as the real sequencer does per batch. */
  @Override
  public synchronized CompletableFuture<Checkpoint> checkpoint() {
    try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
      tree.flushTo(batch);
      batch.commit(true);
    }
    checkpointedSequence = receipts.size() - 1L;
    return CompletableFuture.completedFuture(new Checkpoint(checkpointedSequence, tree.root()));
  }

  @Override
  public void close() throws InterruptedException {
    ordering.shutdownNow();
    feed.shutdownNow();
    ordering.awaitTermination(5, TimeUnit.SECONDS);
    feed.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static ThreadFactory named(String role) {
    return runnable -> {
      Thread thread = new Thread(runnable, "in-memory-sequencer-" + role);
      thread.setDaemon(true);
      return thread;
    };
  }

  private static final class Listener {
    private final FeedListener target;
    private long next;
    private volatile boolean closed;

    Listener(FeedListener target, long next) {
      this.target = target;
      this.next = next;
    }
  }

  /** What this double counts; it has no queues, so every queue depth is truthfully zero. */
  private final class Metrics implements SequencerMetrics {
    private final LatencyHistogram.Snapshot none = new LatencyHistogram().snapshot();

    @Override
    public long submittedRecords() {
      return submitted.get();
    }

    @Override
    public long sequencedRecords() {
      synchronized (InMemorySequencer.this) {
        return records.size();
      }
    }

    @Override
    public long rejectedRecords(Reason reason) {
      return rejections.getOrDefault(reason, 0L);
    }

    @Override
    public int ingressQueueDepth() {
      return 0;
    }

    @Override
    public int orderingQueueDepth() {
      return 0;
    }

    @Override
    public int heldRecords() {
      return 0;
    }

    @Override
    public int logQueueDepth() {
      return 0;
    }

    @Override
    public int applyQueueDepth() {
      return 0;
    }

    @Override
    public long stateRootLag() {
      return 0;
    }

    @Override
    public LatencyHistogram.Snapshot ackLatency() {
      return none;
    }

    @Override
    public LatencyHistogram.Snapshot logCommitTime() {
      return none;
    }

    @Override
    public long logCommits() {
      return 0;
    }

    @Override
    public LatencyHistogram.Snapshot checkpointTime() {
      return none;
    }

    @Override
    public int feedSubscribers() {
      return 0;
    }

    @Override
    public long droppedSubscribers() {
      return 0;
    }
  }
}
