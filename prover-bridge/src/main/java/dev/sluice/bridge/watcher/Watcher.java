package dev.sluice.bridge.watcher;

import dev.sluice.bridge.FraudProofBuilder;
import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.L1Exception;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.derivation.DerivationEvent;
import dev.sluice.bridge.derivation.DerivationEvent.BatchDerived;
import dev.sluice.bridge.derivation.DerivationEvent.BatchesDropped;
import dev.sluice.bridge.derivation.DerivationEvent.Finalized;
import dev.sluice.bridge.derivation.DerivationException;
import dev.sluice.bridge.derivation.DerivedBatch;
import dev.sluice.bridge.derivation.L1ChainReader;
import dev.sluice.bridge.derivation.L1Derivation;
import dev.sluice.bridge.derivation.Web3jL1ChainReader;
import dev.sluice.bridge.watcher.BatchReplayer.PostStateRootFault;
import dev.sluice.bridge.watcher.BatchReplayer.StateFault;
import dev.sluice.bridge.watcher.BatchReplayer.Valid;
import dev.sluice.bridge.watcher.BatchReplayer.Verdict;
import dev.sluice.bridge.watcher.ChallengeReport.Outcome;
import dev.sluice.state.Address;
import dev.sluice.state.batch.Batch;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.store.KeyValueStore;
import dev.sluice.state.store.LevelDbKeyValueStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An independent verifier of the rollup that trusts nothing but L1 (docs/watcher.md): derives
 * every batch from L1, re-executes every record against its own state tree in its own LevelDB,
 * and proves the first wrong root on L1 from its own account.
 *
 * <p>Per batch: a batch whose every root is right is committed (tree and progress in one atomic
 * write) and becomes the verified head. A wrong per-record root is proven with {@code proveFraud},
 * a wrong post-state root with {@code proveHeaderFault}; a batch whose data does not support its
 * header is a data fault, reported but not provable on chain yet. After any fault the watcher
 * halts at that batch (the batches after it build on a state it cannot accept) until L1 reverts
 * it. Reverts and L1 reorgs rewind its state to the last verified batch before the change.
 * Nothing is finalised by the watcher's word: finality is read from L1.
 *
 * <p>{@link #start()} runs the polls on a thread of its own; {@link #poll()} runs one on the
 * caller's, for tests and tools. {@link #status()} may be called from any thread.
 */
public final class Watcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);
  private static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(2);
  private static final int KEPT_REPORTS = 100;
  private static final int MAX_RECOVERY_THREADS = 4;

  /** Batches whose senders are recovered ahead of the one being applied. */
  private static final int RECOVERY_LOOKAHEAD = 4;

  private final WatcherConfig config;
  private final L1ChainReader reader;
  private final L1Client client;
  private final KeyValueStore keyValueStore;
  private final WatcherStore store;
  private final ExecutorService recoveryExecutor;
  private final BatchReplayer replayer;
  private final ChallengeSubmitter submitter;
  private final Eip712Domain domain;
  private L1Derivation derivation;
  private final WatcherMetrics metrics;

  private Optional<VerifiedBatch> head;
  private SparseMerkleTree state;
  private long finalizedBatch = -1;

  /** The batch found wrong that the watcher waits on, with its fault. */
  private Optional<FaultReport> halt = Optional.empty();

  /** A proof to send again: its last attempt failed to reach L1. */
  private Supplier<ChallengeReport> pendingChallenge;

  /** Sender recoveries started ahead, by the position of their event in the current poll. */
  private final Map<Integer, BatchReplayer.Recovery> recoveries = new HashMap<>();

  private int currentEvent;

  private final Deque<FaultReport> faults = new ArrayDeque<>();
  private final Deque<ChallengeReport> challenges = new ArrayDeque<>();
  private Optional<String> lastError = Optional.empty();
  private long recordsVerified;
  private volatile WatcherStatus status;

  private final Object lifecycle = new Object();
  private Thread thread;
  private volatile boolean stopping;

  private Watcher(
      WatcherConfig config,
      L1ChainReader reader,
      L1Client client,
      KeyValueStore keyValueStore,
      MeterRegistry registry) {
    this.config = config;
    this.reader = reader;
    this.client = client;
    this.keyValueStore = keyValueStore;
    this.store = new WatcherStore(keyValueStore);
    this.metrics = new WatcherMetrics(registry);
    RollupContract rollup = RollupContract.at(client, config.rollup());
    long l2ChainId = rollup.l2ChainId();
    Eip712Domain domain = new Eip712Domain(l2ChainId, config.rollup());
    if (!domain.separator().equals(rollup.domainSeparator())) {
      throw new IllegalStateException(
          config.rollup() + " does not sign records under the Sluice domain of chain " + l2ChainId);
    }
    store.bindTo(config.rollup(), l2ChainId);
    SenderRecovery recovery = SenderRecovery.fastestAvailable();
    int threads = Math.max(1, Math.min(MAX_RECOVERY_THREADS, Runtime.getRuntime().availableProcessors()));
    AtomicInteger counter = new AtomicInteger();
    this.recoveryExecutor =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread t = new Thread(task, "sluice-watcher-recovery-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.replayer = new BatchReplayer(domain, recovery, recoveryExecutor);
    this.submitter =
        new ChallengeSubmitter(client, rollup, new FraudProofBuilder(domain, recovery));
    this.domain = domain;
    this.head = store.head();
    this.state = store.headState();
    this.derivation = newDerivation();
    head.ifPresent(
        h -> {
          metrics.head(h.index(), h.lastSequence());
          LOG.info("resuming after verified batch {} (root {})", h.index(), h.postStateRoot());
        });
    publishStatus();
  }

  /** Derivation from the start block, skipping the data of batches the store holds. */
  private L1Derivation newDerivation() {
    return new L1Derivation(
        reader,
        config.rollup(),
        domain,
        new L1Derivation.Options(config.startBlock(), config.confirmations(), 1_000, 256),
        appended ->
            store
                .batch(appended.index())
                .map(verified -> verified.headerHash().equals(appended.headerHash()))
                .orElse(false));
  }

  /** Forgets everything not in the store and derives again, as a restart would. */
  private void restartFromStore() {
    head = store.head();
    state = store.headState();
    halt = Optional.empty();
    pendingChallenge = null;
    metrics.halted(false);
    head.ifPresentOrElse(
        h -> metrics.head(h.index(), h.lastSequence()), () -> metrics.head(-1, -1));
    derivation = newDerivation();
  }

  /**
   * Opens the watcher's store and connects to L1, without starting to poll.
   *
   * @throws dev.sluice.state.store.DataDirectoryInUseException if another process uses the data
   *     directory
   * @throws L1Exception if L1 cannot be reached
   * @throws IllegalStateException if the address is not a Sluice rollup, or the data directory
   *     holds another rollup's state
   */
  public static Watcher open(WatcherConfig config, MeterRegistry registry) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(registry, "registry");
    KeyValueStore kv = LevelDbKeyValueStore.open(config.dataDir());
    L1ChainReader reader = null;
    L1Client client = null;
    try {
      reader = Web3jL1ChainReader.connect(config.l1RpcUrl(), config.l1BeaconUrl());
      client = L1Client.connect(config.l1RpcUrl(), config.challengerKey(), RECEIPT_TIMEOUT);
      return new Watcher(config, reader, client, kv, registry);
    } catch (RuntimeException e) {
      if (client != null) {
        client.close();
      }
      if (reader != null) {
        reader.close();
      }
      kv.close();
      throw e;
    }
  }

  /** Opens the watcher and starts polling on a thread of its own. */
  public static Watcher start(WatcherConfig config, MeterRegistry registry) {
    Watcher watcher = open(config, registry);
    watcher.start();
    return watcher;
  }

  /** Starts polling on a thread of its own, until {@link #close()}. */
  public void start() {
    synchronized (lifecycle) {
      if (thread != null) {
        throw new IllegalStateException("the watcher is already started");
      }
      thread = new Thread(this::run, "sluice-watcher");
      thread.start();
    }
    LOG.info("watching {} on {} from L1 block {}", config.rollup(), config.l1RpcUrl(), config.startBlock());
  }

  /** The latest snapshot of what the watcher knows. */
  public WatcherStatus status() {
    return status;
  }

  /** The account that sends the watcher's proofs and receives the bonds. */
  public Address challenger() {
    return client.address();
  }

  private void run() {
    while (!stopping) {
      boolean more;
      try {
        more = pollOnce();
      } catch (RuntimeException e) {
        LOG.error("watcher poll failed", e);
        lastError = Optional.of(e.toString());
        publishStatus();
        more = false;
      }
      if (!more && !stopping) {
        try {
          Thread.sleep(config.pollInterval().toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * Runs one poll on the caller's thread: reads the next L1 range and handles what it brought.
   * Not to be called while the watcher's own thread runs.
   *
   * @return whether there is more to read right away (derivation has not caught up)
   */
  public boolean poll() {
    synchronized (lifecycle) {
      if (thread != null) {
        throw new IllegalStateException("the watcher polls on its own thread");
      }
    }
    return pollOnce();
  }

  private boolean pollOnce() {
    retryPendingChallenge();
    List<DerivationEvent> events;
    try {
      events = derivation.advance();
      lastError = Optional.empty();
    } catch (L1Exception | DerivationException e) {
      LOG.warn("cannot read L1: {}", e.getMessage());
      lastError = Optional.of(e.getMessage());
      publishStatus();
      return false;
    }
    metrics.l1Head(derivation.latestHead());
    recoveries.clear();
    try {
      for (int i = 0; i < events.size(); i++) {
        recoverAhead(events, i);
        handle(events.get(i));
      }
    } catch (RuntimeException e) {
      // Derivation has handed these events out and will not again: start over from the store,
      // as after a restart, rather than go on with a gap.
      LOG.error("handling L1's batches failed; deriving again from block {}", config.startBlock(), e);
      lastError = Optional.of(e.toString());
      restartFromStore();
      publishStatus();
      return false;
    } finally {
      recoveries.values().forEach(BatchReplayer.Recovery::cancel);
      recoveries.clear();
    }
    publishStatus();
    return !derivation.caughtUp();
  }

  /**
   * Starts recovering the senders of the batches among the next {@link #RECOVERY_LOOKAHEAD}
   * events, so that recovery threads never wait on the thread that applies records.
   */
  private void recoverAhead(List<DerivationEvent> events, int from) {
    for (int i = from; i < Math.min(events.size(), from + RECOVERY_LOOKAHEAD); i++) {
      if (events.get(i) instanceof BatchDerived derived
          && derived.batch().content() instanceof DerivedBatch.Decoded decoded) {
        recoveries.computeIfAbsent(i, k -> replayer.recoverAhead(decoded.batch()));
      }
    }
    currentEvent = from;
  }

  private void handle(DerivationEvent event) {
    switch (event) {
      case BatchDerived derived -> onBatch(derived.batch());
      case BatchesDropped dropped -> onDropped(dropped);
      case Finalized finalized -> onFinalized(finalized.finalizedCount());
    }
    publishStatus();
  }

  private void onBatch(DerivedBatch derived) {
    long index = derived.index();
    BatchHeader header = derived.appended().header();
    if (halt.isPresent() && index > halt.get().batchIndex()) {
      LOG.debug("batch {} builds on wrong batch {}; not verified", index, halt.get().batchIndex());
      return;
    }
    long headIndex = head.map(VerifiedBatch::index).orElse(-1L);
    if (index <= headIndex) {
      Optional<VerifiedBatch> held = store.batch(index);
      if (held.isPresent() && held.get().headerHash().equals(header.hash())) {
        return; // verified before a restart
      }
      // L1 now has another batch at this index than the one verified (a reorg while stopped).
      rewindTo(index - 1, "replaced");
      headIndex = index - 1;
    }
    if (index != headIndex + 1) {
      lastError =
          Optional.of(
              "batch " + index + " does not follow the verified head " + headIndex
                  + ": derive from the rollup's deployment block");
      LOG.error(lastError.get());
      return;
    }
    switch (derived.content()) {
      case DerivedBatch.DataFault fault ->
          fault(
              new FaultReport(
                  index,
                  header.hash(),
                  derived.appended().l1Block(),
                  FaultKind.DATA,
                  -1,
                  fault.kind() + ": " + fault.detail(),
                  false));
      case DerivedBatch.NotFetched notFetched ->
          throw new IllegalStateException("batch " + index + " was not fetched but is not held");
      case DerivedBatch.Decoded decoded -> verify(derived, decoded.batch());
    }
  }

  private void verify(DerivedBatch derived, Batch batch) {
    BatchHeader header = batch.header();
    long started = System.nanoTime();
    BatchReplayer.Recovery recovery = recoveries.remove(currentEvent);
    Verdict verdict =
        recovery != null && recovery.batch() == batch
            ? replayer.replay(recovery, state)
            : replayer.replay(batch, state);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    switch (verdict) {
      case Valid valid -> {
        VerifiedBatch verified =
            new VerifiedBatch(header.index(), header.hash(), header.lastSequence(), header.postStateRoot());
        store.commit(verified, valid.state());
        head = Optional.of(verified);
        state = valid.state();
        recordsVerified += header.recordCount();
        metrics.verified(header.index(), header.lastSequence(), header.recordCount(), took);
        LOG.info(
            "batch {} verified: {} records, sequence {}…{}, root {} ({} ms)",
            header.index(),
            header.recordCount(),
            header.firstSequence(),
            header.lastSequence(),
            header.postStateRoot(),
            took.toMillis());
      }
      case StateFault fault -> {
        fault(
            new FaultReport(
                header.index(),
                header.hash(),
                derived.appended().l1Block(),
                FaultKind.STATE_TRANSITION,
                fault.recordIndex(),
                "record " + fault.recordIndex() + " claims root " + fault.claimed()
                    + ", re-execution gives " + fault.computed(),
                true));
        SparseMerkleTree before = fault.stateBefore();
        challenge(() -> submitter.proveStateFault(batch, fault.recordIndex(), before));
      }
      case PostStateRootFault fault -> {
        fault(
            new FaultReport(
                header.index(),
                header.hash(),
                derived.appended().l1Block(),
                FaultKind.POST_STATE_ROOT,
                header.recordCount() - 1,
                "postStateRoot " + fault.claimed() + " is not the last record's root " + fault.lastRoot(),
                true));
        challenge(() -> submitter.provePostStateRootFault(batch));
      }
    }
  }

  private void fault(FaultReport report) {
    LOG.error(
        "batch {} is wrong ({}): {}{}",
        report.batchIndex(),
        report.kind(),
        report.detail(),
        report.provable() ? "" : "; this cannot be proven on L1 yet");
    halt = Optional.of(report);
    keep(faults, report);
    metrics.fault(report.kind());
    metrics.halted(true);
  }

  private void challenge(Supplier<ChallengeReport> proof) {
    pendingChallenge = proof;
    retryPendingChallenge();
  }

  private void retryPendingChallenge() {
    if (pendingChallenge == null) {
      return;
    }
    ChallengeReport report;
    try {
      report = pendingChallenge.get();
    } catch (L1Exception e) {
      LOG.warn("cannot check the rollup before proving, retrying later: {}", e.getMessage());
      return;
    } catch (IllegalStateException | IllegalArgumentException e) {
      FaultReport fault = halt.orElseThrow();
      LOG.error("cannot build the proof against batch {}", fault.batchIndex(), e);
      report =
          new ChallengeReport(
              fault.batchIndex(),
              fault.headerHash(),
              fault.kind(),
              fault.recordIndex(),
              Outcome.NOT_BUILT,
              Optional.empty(),
              0,
              BigInteger.ZERO,
              BigInteger.ZERO,
              e.getMessage() == null ? e.toString() : e.getMessage());
    }
    keep(challenges, report);
    metrics.challenge(report.outcome());
    if (report.outcome() != Outcome.FAILED) {
      pendingChallenge = null;
    }
  }

  private void onDropped(BatchesDropped dropped) {
    LOG.info("batches from {} dropped ({})", dropped.fromIndex(), dropped.cause());
    if (halt.isPresent() && halt.get().batchIndex() >= dropped.fromIndex()) {
      LOG.info("wrong batch {} is gone from L1; resuming", halt.get().batchIndex());
      halt = Optional.empty();
      pendingChallenge = null;
      metrics.halted(false);
    }
    if (head.map(VerifiedBatch::index).orElse(-1L) >= dropped.fromIndex()) {
      rewindTo(dropped.fromIndex() - 1, dropped.cause().name());
    }
  }

  private void rewindTo(long index, String cause) {
    long from = head.map(VerifiedBatch::index).orElse(-1L);
    head = store.rewindTo(index);
    state = store.stateAt(head.map(VerifiedBatch::postStateRoot).orElse(SmtHashing.EMPTY));
    metrics.head(head.map(VerifiedBatch::index).orElse(-1L), head.map(VerifiedBatch::lastSequence).orElse(-1L));
    metrics.rewind(cause);
    LOG.warn("rewound the verified head from batch {} to {} ({})", from, index, cause);
  }

  private void onFinalized(long finalizedCount) {
    finalizedBatch = finalizedCount - 1;
    metrics.finalized(finalizedBatch);
    if (halt.isPresent() && halt.get().batchIndex() <= finalizedBatch) {
      LOG.error(
          "batch {}, which this watcher found wrong ({}), is final on L1",
          halt.get().batchIndex(),
          halt.get().kind());
    }
  }

  private static <T> void keep(Deque<T> reports, T report) {
    reports.addLast(report);
    if (reports.size() > KEPT_REPORTS) {
      reports.removeFirst();
    }
  }

  private void publishStatus() {
    status =
        new WatcherStatus(
            head.map(VerifiedBatch::index).orElse(-1L),
            head.map(VerifiedBatch::lastSequence).orElse(-1L),
            head.map(VerifiedBatch::postStateRoot).orElse(SmtHashing.EMPTY),
            finalizedBatch,
            derivation == null ? -1 : derivation.latestHead(),
            derivation == null ? config.startBlock() : derivation.nextBlock(),
            derivation != null && derivation.caughtUp() && pendingChallenge == null,
            halt.map(FaultReport::batchIndex),
            List.copyOf(faults),
            List.copyOf(challenges),
            lastError,
            recordsVerified);
  }

  /** Stops polling (waiting for the current poll to finish) and closes the store and L1 clients. */
  @Override
  public void close() {
    stopping = true;
    Thread running;
    synchronized (lifecycle) {
      running = thread;
    }
    if (running != null) {
      running.interrupt();
      try {
        running.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    recoveryExecutor.shutdownNow();
    try {
      client.close();
      reader.close();
    } finally {
      keyValueStore.close();
    }
    LOG.info("watcher stopped");
  }
}
