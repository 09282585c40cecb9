package dev.sluice.bridge.poster;

import dev.sluice.bridge.L1Client;
import dev.sluice.bridge.L1Exception;
import dev.sluice.bridge.L1RevertedException;
import dev.sluice.bridge.RollupContract;
import dev.sluice.bridge.l1.L1Block;
import dev.sluice.bridge.l1.MinedTransaction;
import dev.sluice.bridge.l1.SignedTransaction;
import dev.sluice.bridge.l1.TransactionFees;
import dev.sluice.bridge.poster.BatchSelfCheck.BatchSelfCheckException;
import dev.sluice.bridge.poster.CrashPoint.CrashPoints;
import dev.sluice.bridge.poster.FeeQuoter.FeeAboveCapException;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.batch.BlobPacking;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.store.KeyValueStore;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the node's batches to the rollup contract, in order, each exactly once in the contract's
 * chain, and follows them to finality.
 *
 * <p>One round ({@link #tick()}) reads the contract at the latest L1 block (batch count, head
 * header hash, finalised count, next sequence) and compares it with what this poster stored:
 *
 * <ul>
 *   <li>batches the contract holds move on to appended, included (the configured confirmations
 *       deep) and final;
 *   <li>batches it held and no longer does were dropped: by an L1 reorg if their transaction is no
 *       longer in the chain (they are sent again as they were, in order), or by a fraud proof if it
 *       still is (they are forgotten and their records posted again from fresh {@link BatchSource}
 *       contents);
 *   <li>a head the poster did not write means another poster appends to the same contract: this one
 *       stands by and says so ({@link #l1Status()}, log), since the contract's index check makes a
 *       duplicate append fail harmlessly anyway.
 * </ul>
 *
 * <p>Then it acts: at most one transaction of its own is unmined at a time. An unmined one is
 * broadcast again if the node lost it (an L1 restart), or replaced with higher fees once it is
 * stuck; otherwise the poster finalises batches past their challenge window, or posts the next
 * batch. A batch and its signed transaction are stored (synced) before the transaction is
 * broadcast, so a poster restarted at any point resumes the same transaction: no batch is posted
 * twice and none is skipped. The nonce of a new transaction is the account's count in the latest
 * block, never the node's pending count, which lies after dropped transactions; the in-flight
 * transaction keeps its own nonce through replacements and restarts.
 *
 * <p>While L1 cannot be reached, rounds fail and {@link #start()}'s thread retries with exponential
 * backoff up to {@link PosterConfig#maxBackoff()}; records keep being sequenced and {@link
 * #backlog()} grows, which the node bounds with {@link #maxBacklog()}.
 *
 * <p>Thread safety: rounds run on one thread ({@link #start()}'s, or the caller of {@link #tick()}
 * in tests); the {@link RollupProgress} reads are safe from any thread.
 */
public final class BatchPoster implements RollupProgress, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatchPoster.class);

  private final RollupContract rollup;
  private final L1Client client;
  private final BatchSource source;
  private final PosterConfig config;
  private final PostingStore store;
  private final CrashPoints crashPoints;
  private final LongSupplier clock;
  private final FeeQuoter fees;
  private final PosterTransactions transactions;

  private final PostingLedger ledger = new PostingLedger();
  private final NavigableMap<Long, BatchPosting> postings = ledger.view();

  private volatile InFlightTransaction inFlight;
  private volatile boolean connected;
  private volatile String status = "starting";
  private volatile String conflict;
  private volatile String halted;
  private volatile long postedNextSequence;
  private volatile long finalizedCount;

  private BatchSelfCheck selfCheck;
  private boolean bondChecked;
  private boolean lastWasFinalize;
  private long lastSeenCount = -1;
  private long firstNotFinal;
  private int failures;

  private volatile BacklogGate gate;
  private boolean refusing;

  private Thread thread;
  private volatile boolean closed;

  private BatchPoster(
      RollupContract rollup,
      BatchSource source,
      KeyValueStore store,
      PosterConfig config,
      CrashPoints crashPoints,
      LongSupplier clock) {
    this.rollup = Objects.requireNonNull(rollup, "rollup");
    this.client = rollup.client();
    this.source = Objects.requireNonNull(source, "source");
    this.config = Objects.requireNonNull(config, "config");
    this.store = new PostingStore(store);
    this.crashPoints = Objects.requireNonNull(crashPoints, "crashPoints");
    this.clock = clock;
    this.fees = new FeeQuoter(client, config);
    this.transactions = new PosterTransactions(rollup, config);
    for (BatchPosting posting : this.store.postings()) {
      ledger.load(posting);
    }
    this.inFlight = this.store.inFlight().orElse(null);
    BatchPosting last = postings.isEmpty() ? null : postings.lastEntry().getValue();
    this.postedNextSequence =
        postings.values().stream()
            .filter(p -> p.state() != BatchPosting.State.SENT)
            .mapToLong(p -> p.header().lastSequence() + 1)
            .max()
            .orElse(0);
    if (last != null) {
      LOG.info(
          "Poster resumes with {} stored batches up to {}{}",
          postings.size(),
          last.index(),
          inFlight == null ? "" : ", transaction " + inFlight.latest().hash() + " in flight");
    }
  }

  /**
   * A poster for {@code rollup} (transacting from its client's account, which must be the
   * contract's proposer) that posts {@code source}'s batches and keeps its state in {@code store}.
   * Nothing touches L1 before the first round.
   */
  public static BatchPoster create(
      RollupContract rollup, BatchSource source, KeyValueStore store, PosterConfig config) {
    return create(rollup, source, store, config, CrashPoints.NONE);
  }

  /** As {@link #create(RollupContract, BatchSource, KeyValueStore, PosterConfig)}, for tests. */
  public static BatchPoster create(
      RollupContract rollup,
      BatchSource source,
      KeyValueStore store,
      PosterConfig config,
      CrashPoints crashPoints) {
    return new BatchPoster(rollup, source, store, config, crashPoints, System::currentTimeMillis);
  }

  /** Runs rounds on a thread of its own until {@link #close()}. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("the poster is already started");
    }
    thread = new Thread(this::run, "batch-poster");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    closed = true;
    Thread running;
    synchronized (this) {
      running = thread;
    }
    if (running != null) {
      running.interrupt();
      try {
        running.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    while (!closed) {
      try {
        tick();
      } catch (RuntimeException e) {
        // A bug or a store failure must not end posting silently: report, back off, go on.
        failures++;
        status = "round failed: " + e;
        LOG.error("Batch poster round failed", e);
      }
      long pause = config.pollInterval().toMillis();
      if (failures > 0) {
        pause = Math.min(config.maxBackoff().toMillis(), pause << Math.min(failures, 16));
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * One round: observe L1, then send at most one transaction. Never throws for L1 trouble; the
   * outcome shows in {@link #l1Status()}.
   *
   * @return whether the round reached L1
   */
  public boolean tick() {
    try {
      return roundOutcome();
    } finally {
      updateGate();
    }
  }

  private boolean roundOutcome() {
    try {
      round();
      failures = 0;
      return true;
    } catch (FeeAboveCapException e) {
      status = e.getMessage();
      LOG.debug("Batch poster: {}", status);
      return true;
    } catch (L1RevertedException e) {
      failures++;
      status = "an L1 call would revert, retrying: " + e.getMessage();
      LOG.warn("Batch poster: {}", status);
      return true;
    } catch (L1Exception e) {
      failures++;
      boolean wasConnected = connected;
      connected = false;
      status = "L1 request failed (" + failures + " in a row), retrying: " + e.getMessage();
      if (wasConnected || failures == 1) {
        LOG.warn("Batch poster: {}", status);
      } else {
        LOG.debug("Batch poster: {}", status);
      }
      return false;
    } catch (BatchSelfCheckException e) {
      halted = "halted: a batch failed its self-check and was not posted: " + e.getMessage();
      status = halted;
      LOG.error("Batch poster {}", halted);
      return true;
    } catch (IllegalStateException | IllegalArgumentException e) {
      // The source cannot cut a batch where L1 stands (still replaying, another chain), or a
      // batch does not fit: reported once per distinct problem, asked again every round.
      failures++;
      String problem = "cannot post: " + e.getMessage();
      if (!problem.equals(status)) {
        LOG.error("Batch poster: {}", problem, e);
      }
      status = problem;
      return true;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // One round
  // ---------------------------------------------------------------------------------------------

  private void round() {
    L1Block head = client.latestBlock();
    RollupContract.Head chain = rollup.headAt(head.number());
    // Calls pinned to the latest block number still read the newest state on some nodes (Anvil):
    // a block that arrives between them mixes two states. Read again until none arrived.
    for (int attempt = 0; attempt < 5; attempt++) {
      L1Block after = client.latestBlock();
      if (after.number() == head.number() && after.hash().equals(head.hash())) {
        break;
      }
      head = after;
      chain = rollup.headAt(head.number());
    }
    long count = chain.batchCount();
    Bytes32 headHash = chain.headHeaderHash();
    long finalized = chain.finalizedCount();
    long nextSequence = chain.nextSequence();
    connected = true;
    postedNextSequence = nextSequence;
    finalizedCount = finalized;
    if (selfCheck == null) {
      selfCheck =
          new BatchSelfCheck(
              new Eip712Domain(rollup.l2ChainId(), rollup.address()), config.honestContents());
    }

    // A transaction mined after the head was read shows in the contract only next round: act on
    // it then, or its batch would look unsent.
    boolean settled = inFlight != null && observeInFlight();
    reconcile(head, count, headHash, finalized);
    if (conflict != null) {
      status = conflict;
      return;
    }
    if (inFlight != null) {
      nudgeInFlight(head);
      return;
    }
    if (settled) {
      return;
    }
    if (halted != null) {
      status = halted;
      return;
    }
    ensureBond();
    if (!lastWasFinalize && finalizeIfDue(head, count, finalized)) {
      lastWasFinalize = true;
      return;
    }
    lastWasFinalize = false;
    postNext(head, count, headHash, nextSequence);
  }

  /** Whether one of the in-flight transaction's versions is mined; if so, it is settled. */
  private boolean observeInFlight() {
    InFlightTransaction current = inFlight;
    Optional<MinedTransaction> mined = findMined(current);
    if (mined.isEmpty()) {
      return false;
    }
    MinedTransaction transaction = mined.get();
    Bytes32 hash = transaction.receipt().transactionHash();
    crashPoints.reached(CrashPoint.MINED_BEFORE_STORE);
    List<BatchPosting> changed = new ArrayList<>();
    if (current.purpose() == InFlightTransaction.Purpose.APPEND) {
      BatchPosting posting = postings.get(current.target());
      if (posting != null) {
        BatchPosting mined1 = posting.minedIn(hash, transaction.blockNumber());
        ledger.put(mined1);
        changed.add(mined1);
      }
      if (transaction.succeeded()) {
        LOG.info(
            "Batch {} appended in L1 block {} by {} ({} gas, {} blob gas)",
            current.target(),
            transaction.blockNumber(),
            hash,
            transaction.receipt().gasUsed(),
            transaction.blobGasUsed());
      } else {
        LOG.error(
            "The append of batch {} reverted in L1 block {} ({}); it is sent again",
            current.target(),
            transaction.blockNumber(),
            hash);
      }
    } else if (!transaction.succeeded()) {
      LOG.warn("finalize({}) reverted in L1 transaction {}", current.target(), hash);
    } else {
      LOG.info("Batches up to {} finalised by {}", current.target(), hash);
    }
    inFlight = null;
    store.write(changed, null);
    return true;
  }

  private Optional<MinedTransaction> findMined(InFlightTransaction transaction) {
    // Newest first: after a replacement the latest version is the likely one.
    List<Bytes32> hashes = transaction.sentHashes();
    for (int i = hashes.size() - 1; i >= 0; i--) {
      Optional<MinedTransaction> mined = client.minedTransaction(hashes.get(i));
      if (mined.isPresent()) {
        return mined;
      }
    }
    return Optional.empty();
  }

  /** Brings the stored postings in line with the contract at the latest block. */
  private void reconcile(L1Block head, long count, Bytes32 headHash, long finalized) {
    if (conflict != null) {
      return; // sticky: two writers stay a fault until an operator restarts one
    }
    long seenBefore = lastSeenCount;
    lastSeenCount = count;
    if (count > 0) {
      BatchPosting top = postings.get(count - 1);
      if (top != null && !top.header().hash().equals(headHash)) {
        standBy(
            "batch "
                + (count - 1)
                + " on L1 has header hash "
                + headHash
                + ", not the one this poster posted ("
                + top.header().hash()
                + ")");
        return;
      }
      // A head this poster never wrote: beyond its own batches, or (with none stored yet) one
      // that appeared while it was watching.
      boolean foreign =
          postings.isEmpty()
              ? seenBefore >= 0 && count > seenBefore
              : count - 1 > postings.lastKey();
      if (top == null && foreign) {
        standBy(
            "L1 holds batch "
                + (count - 1)
                + ", which this poster did not post"
                + (postings.isEmpty() ? "" : " (its last is " + postings.lastKey() + ")"));
        return;
      }
    }

    // Final batches never change again: a round looks only at those after them.
    for (Map.Entry<Long, BatchPosting> e = postings.ceilingEntry(firstNotFinal);
        e != null && e.getValue().state() == BatchPosting.State.FINALIZED;
        e = postings.ceilingEntry(firstNotFinal)) {
      firstNotFinal = e.getKey() + 1;
    }
    List<BatchPosting> changed = new ArrayList<>();
    for (BatchPosting posting :
        postings.subMap(firstNotFinal, Math.max(firstNotFinal, count)).values()) {
      BatchPosting updated = advance(posting, head, finalized);
      if (updated != posting) {
        ledger.put(updated);
        changed.add(updated);
      }
    }
    store.writePostings(changed);
    changed.forEach(ledger::announce);

    Map.Entry<Long, BatchPosting> dropped =
        postings.tailMap(count).entrySet().stream()
            .filter(e -> e.getValue().state() != BatchPosting.State.SENT)
            .findFirst()
            .orElse(null);
    if (dropped != null) {
      handleDropped(dropped.getValue(), count);
    }
  }

  /** A posting the contract holds, moved on as far as the chain shows. */
  private BatchPosting advance(BatchPosting posting, L1Block head, long finalized) {
    if (posting.index() < finalized) {
      return posting.state() == BatchPosting.State.FINALIZED
          ? posting
          : posting.withState(BatchPosting.State.FINALIZED);
    }
    if (posting.state() == BatchPosting.State.INCLUDED) {
      return posting;
    }
    BatchPosting current = posting;
    if (current.transactionHash().isPresent()) {
      Optional<MinedTransaction> mined = client.minedTransaction(current.transactionHash().get());
      if (mined.isPresent()
          && (current.l1Block().isEmpty()
              || current.l1Block().getAsLong() != mined.get().blockNumber())) {
        current = current.minedIn(current.transactionHash().get(), mined.get().blockNumber());
      }
    }
    BatchPosting.State state = BatchPosting.State.APPENDED;
    if (current.l1Block().isPresent()
        && head.number() - current.l1Block().getAsLong() + 1 >= config.confirmations()) {
      state = BatchPosting.State.INCLUDED;
    }
    return state == current.state() && current == posting ? posting : current.withState(state);
  }

  /**
   * Batches from {@code first} on were in the contract and are not anymore. If the transaction that
   * appended the first is still in the chain, the contract reverted them (a fraud proof): forget
   * them, the source cuts fresh batches. Otherwise an L1 reorg removed the transaction: send them
   * again as they are.
   */
  private void handleDropped(BatchPosting first, long count) {
    boolean stillMined =
        first
            .transactionHash()
            .flatMap(client::minedTransaction)
            .filter(MinedTransaction::succeeded)
            .isPresent();
    List<BatchPosting> affected = List.copyOf(postings.tailMap(count).values());
    if (stillMined) {
      LOG.warn(
          "Batches {} to {} were reverted on L1 (a fraud proof); their records are posted again"
              + " from fresh contents",
          count,
          affected.getLast().index());
      affected.forEach(ledger::forget);
      store.deleteFrom(count, affected, inFlight);
      bondChecked = false;
      for (BatchPosting posting : affected) {
        BatchProgress progress = posting.progress();
        ledger.announce(
            new BatchProgress(
                progress.header(),
                progress.mode(),
                progress.codec(),
                progress.dataLength(),
                progress.transactionHash(),
                OptionalLong.empty(),
                BatchStage.REVERTED));
      }
      return;
    }
    LOG.warn(
        "An L1 reorg dropped batches {} to {}; they are posted again in order",
        count,
        affected.getLast().index());
    List<BatchPosting> changed = new ArrayList<>();
    for (BatchPosting posting : affected) {
      if (posting.state() != BatchPosting.State.SENT) {
        BatchPosting again =
            new BatchPosting(
                posting.header(),
                posting.mode(),
                posting.codec(),
                posting.dataLength(),
                posting.data(),
                BatchPosting.State.SENT,
                posting.transactionHash(),
                OptionalLong.empty());
        ledger.put(again);
        changed.add(again);
      }
    }
    store.writePostings(changed);
    changed.forEach(ledger::announce);
  }

  private void standBy(String why) {
    String message =
        "standing by: another poster appends to "
            + rollup.address()
            + " ("
            + why
            + "); only one poster may write for a contract";
    if (!message.equals(conflict)) {
      LOG.error("Batch poster {}", message);
    }
    conflict = message;
  }

  /** The in-flight transaction is not mined: rebroadcast, replace or wait. */
  private void nudgeInFlight(L1Block head) {
    InFlightTransaction current = inFlight;
    long nonce = current.latest().nonce();
    long confirmedCount = client.transactionCount(false);
    if (confirmedCount < nonce) {
      // An earlier transaction of the account left the chain (a reorg dropped it): this one
      // cannot be mined before that nonce is filled. The dropped batch is sent again with it;
      // this transaction may still be mined after that, which the contract then shows.
      LOG.warn(
          "Transaction {} (nonce {}) waits behind nonce {}, which a reorg emptied; sending the"
              + " dropped batches first",
          current.latest().hash(),
          nonce,
          confirmedCount);
      inFlight = null;
      store.write(List.of(), null);
      return;
    }
    if (confirmedCount > nonce) {
      if (findMined(current).isPresent()) {
        return; // mined since observeInFlight looked; the next round settles it
      }
      LOG.warn(
          "Nonce {} was used by another transaction of account {}; the {} of {} is signed again",
          nonce,
          client.address(),
          current.purpose(),
          current.target());
      inFlight = null;
      store.write(List.of(), null);
      return;
    }
    boolean known = false;
    for (Bytes32 hash : current.sentHashes().reversed()) {
      if (client.knowsTransaction(hash)) {
        known = true;
        break;
      }
    }
    boolean refused = false;
    if (!known) {
      LOG.info(
          "The L1 node does not know transaction {} (restarted, reorganised or evicted it);"
              + " broadcasting it again",
          current.latest().hash());
      try {
        client.broadcast(current.latest());
        status = "waiting for transaction " + current.latest().hash();
        return;
      } catch (L1Exception e) {
        if (e instanceof FeeAboveCapException || isConnectionFailure(e)) {
          throw e;
        }
        // Refused as it is (its max fee is below the base fee now, say): replace it at once.
        LOG.info("The node refuses it again ({}); replacing it", e.getMessage());
        refused = true;
      }
    }
    boolean stuck =
        refused
            || head.number() - current.sentAtBlock() >= config.stuckAfterBlocks()
            || clock.getAsLong() - current.sentAtMillis() >= config.stuckAfter().toMillis();
    if (!stuck) {
      status = "waiting for transaction " + current.latest().hash();
      return;
    }
    TransactionFees old = current.latest().fees();
    TransactionFees wanted =
        old.bumpedBy(config.feeBumpPercent(), config.blobFeeBumpPercent())
            .max(marketFees(head, current.latest().hasBlobs(), false));
    if (wanted.maxFeePerGas().compareTo(config.maxFeePerGas()) > 0
        || wanted.maxFeePerBlobGas().compareTo(config.maxFeePerBlobGas()) > 0) {
      status =
          "transaction "
              + current.latest().hash()
              + " is stuck and a replacement would exceed the fee cap ("
              + wanted
              + "); waiting";
      LOG.warn("Batch poster: {}", status);
      return;
    }
    SignedTransaction replacement =
        sign(current.purpose(), current.target(), nonce, wanted, current.latest().gasLimit());
    InFlightTransaction replaced =
        current.replacedBy(replacement, head.number(), clock.getAsLong());
    List<BatchPosting> changed = new ArrayList<>();
    if (current.purpose() == InFlightTransaction.Purpose.APPEND) {
      BatchPosting posting = postings.get(current.target());
      if (posting != null) {
        BatchPosting resent = posting.sentIn(replacement.hash());
        ledger.put(resent);
        changed.add(resent);
      }
    }
    inFlight = replaced;
    store.write(changed, replaced);
    crashPoints.reached(CrashPoint.REPLACEMENT_STORED);
    LOG.info(
        "Transaction {} stuck for {} blocks; replaced by {} with max fee {} (was {})",
        current.latest().hash(),
        head.number() - current.sentAtBlock(),
        replacement.hash(),
        wanted.maxFeePerGas(),
        old.maxFeePerGas());
    client.broadcast(replacement);
    inFlight = replaced.resentAt(replaced.sentAtBlock(), clock.getAsLong());
    changed.forEach(ledger::announce);
    status = "replaced a stuck transaction by " + replacement.hash();
  }

  /** Deposits the bond when the proposer's is below the contract's minimum. */
  private void ensureBond() {
    if (bondChecked) {
      return;
    }
    BigInteger bond = rollup.bond();
    BigInteger minimum = rollup.minBond();
    if (bond.compareTo(minimum) < 0) {
      BigInteger amount = config.bondDeposit().orElse(minimum).max(minimum.subtract(bond));
      LOG.info(
          "Proposer bond {} is below the minimum {}: depositing {} wei", bond, minimum, amount);
      rollup.depositBond(amount);
    }
    bondChecked = true;
  }

  /** Sends {@code finalize} for the batches whose challenge window has passed, if any. */
  private boolean finalizeIfDue(L1Block head, long count, long finalized) {
    if (finalized >= count || rollup.challengeDeadline(finalized) > head.timestamp()) {
      return false;
    }
    long low = finalized;
    long high = count - 1;
    while (low < high) {
      long middle = low + (high - low + 1) / 2;
      if (rollup.challengeDeadline(middle) <= head.timestamp()) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    long gas = transactions.finalizeGas(low);
    long nonce = client.transactionCount(false);
    SignedTransaction transaction =
        sign(InFlightTransaction.Purpose.FINALIZE, low, nonce, marketFees(head, false, true), gas);
    send(
        InFlightTransaction.first(
            InFlightTransaction.Purpose.FINALIZE,
            low,
            transaction,
            head.number(),
            clock.getAsLong()),
        List.of());
    status = "finalising batches up to " + low;
    return true;
  }

  /** Sends a stored batch the contract does not hold, or the source's next one. */
  private void postNext(L1Block head, long count, Bytes32 headHash, long nextSequence) {
    Map.Entry<Long, BatchPosting> stored = postings.ceilingEntry(count);
    if (stored != null) {
      BatchPosting posting = stored.getValue();
      if (posting.index() != count) {
        throw new IllegalStateException(
            "the contract expects batch "
                + count
                + " next but this poster's next stored batch is "
                + posting.index());
      }
      SignedTransaction transaction =
          sign(
              InFlightTransaction.Purpose.APPEND,
              posting.index(),
              client.transactionCount(false),
              marketFees(head, posting.mode() == DataAvailability.BLOBS, true),
              -1);
      BatchPosting resent = posting.sentIn(transaction.hash());
      ledger.put(resent);
      LOG.info("Sending batch {} again in {}", posting.index(), transaction.hash());
      send(
          InFlightTransaction.first(
              InFlightTransaction.Purpose.APPEND,
              posting.index(),
              transaction,
              head.number(),
              clock.getAsLong()),
          List.of(resent));
      status = "posting batch " + posting.index() + " again";
      return;
    }

    // Fees first: a source may do work to cut a batch, which is wasted while fees are too high.
    TransactionFees calldataFees = marketFees(head, false, true);
    Bytes32 preStateRoot =
        count == 0
            ? SmtHashing.EMPTY
            : Optional.ofNullable(postings.get(count - 1))
                .map(p -> p.header().postStateRoot())
                .orElseGet(() -> rollup.batch(count - 1).postStateRoot());
    Optional<BatchContents> next = source.next(nextSequence, preStateRoot);
    if (next.isEmpty()) {
      status = "idle: every sequenced record up to " + nextSequence + " is posted";
      return;
    }
    BatchContents contents = next.get();
    if (contents.firstSequence() != nextSequence || !contents.preStateRoot().equals(preStateRoot)) {
      throw new IllegalStateException(
          "the batch source gave "
              + contents
              + " for sequence "
              + nextSequence
              + " and pre-state root "
              + preStateRoot);
    }
    byte[] data = contents.data();
    BigInteger blobBaseFee = client.blobBaseFee();
    DataAvailability mode =
        PostingCostModel.choose(
            config,
            data,
            head.baseFeePerGas().add(calldataFees.maxPriorityFeePerGas()),
            blobBaseFee);
    selfCheck.check(contents, mode);
    Bytes32 dataHash =
        mode == DataAvailability.BLOBS
            ? blobsHash(L1Client.blobVersionedHashes(BlobPacking.pack(data)))
            : Keccak.hash32(data);
    BatchPosting posting =
        new BatchPosting(
            contents.header(count, headHash, dataHash),
            mode,
            contents.codec(),
            data.length,
            data,
            BatchPosting.State.SENT,
            Optional.empty(),
            OptionalLong.empty());
    ledger.put(posting);
    SignedTransaction transaction;
    try {
      transaction =
          sign(
              InFlightTransaction.Purpose.APPEND,
              count,
              client.transactionCount(false),
              mode == DataAvailability.BLOBS ? marketFees(head, true, true) : calldataFees,
              -1);
    } catch (RuntimeException e) {
      // Nothing was stored or sent: forget it, so that the next round cuts and chooses afresh.
      ledger.forget(posting);
      throw e;
    }
    BatchPosting sent = posting.sentIn(transaction.hash());
    ledger.put(sent);
    LOG.info(
        "Posting batch {} (sequences {} to {}, {} bytes {}, {}) in {}",
        count,
        contents.firstSequence(),
        contents.lastSequence(),
        data.length,
        contents.codec(),
        mode.wireName(),
        transaction.hash());
    send(
        InFlightTransaction.first(
            InFlightTransaction.Purpose.APPEND,
            count,
            transaction,
            head.number(),
            clock.getAsLong()),
        List.of(sent));
    status = "posting batch " + count;
  }

  /** Stores the transaction (and {@code postings}) durably, then broadcasts it. */
  private void send(InFlightTransaction transaction, List<BatchPosting> changed) {
    inFlight = transaction;
    store.write(changed, transaction);
    crashPoints.reached(CrashPoint.STORED_BEFORE_SEND);
    try {
      client.broadcast(transaction.latest());
      // The stuck timer runs from the node's acceptance: a first blob transaction can take the
      // node seconds to verify. Kept in memory only; after a restart the stored time stands.
      inFlight = transaction.resentAt(transaction.sentAtBlock(), clock.getAsLong());
    } catch (L1Exception e) {
      // Stored already: the next round broadcasts it again (or sees that its nonce moved on).
      LOG.warn("Broadcast of {} failed: {}", transaction.latest().hash(), e.getMessage());
    }
    crashPoints.reached(CrashPoint.SENT);
    changed.forEach(ledger::announce);
  }

  /** Signs the transaction for {@code purpose}; {@code gasLimit} −1: estimate, or the default. */
  private SignedTransaction sign(
      InFlightTransaction.Purpose purpose,
      long target,
      long nonce,
      TransactionFees fees,
      long gasLimit) {
    if (purpose == InFlightTransaction.Purpose.FINALIZE) {
      return transactions.finalize(target, nonce, fees, gasLimit);
    }
    BatchPosting posting = postings.get(target);
    if (posting == null) {
      throw new IllegalStateException("batch " + target + " is not stored");
    }
    return transactions.append(posting, nonce, fees, gasLimit);
  }

  private TransactionFees marketFees(L1Block head, boolean blobs, boolean requireUnderCap) {
    return fees.quote(head, blobs, requireUnderCap);
  }

  /** Whether {@code e} is a failure to reach the node rather than the node's answer. */
  private static boolean isConnectionFailure(L1Exception e) {
    return e.getCause() instanceof java.io.IOException;
  }

  static Bytes32 blobsHash(List<Bytes32> versionedHashes) {
    byte[] concatenated = new byte[versionedHashes.size() * Bytes32.SIZE];
    for (int i = 0; i < versionedHashes.size(); i++) {
      versionedHashes.get(i).copyTo(concatenated, i * Bytes32.SIZE);
    }
    return Keccak.hash32(concatenated);
  }

  // ---------------------------------------------------------------------------------------------
  // RollupProgress
  // ---------------------------------------------------------------------------------------------

  @Override
  public Optional<BatchProgress> batchOf(long sequence) {
    return ledger.batchOf(sequence);
  }

  @Override
  public Optional<BatchProgress> batch(long index) {
    return Optional.ofNullable(postings.get(index)).map(BatchPosting::progress);
  }

  @Override
  public OptionalLong lastPostedBatch() {
    OptionalLong included = ledger.lastIncluded();
    return included.isPresent() ? included : lastFinalizedBatch();
  }

  @Override
  public OptionalLong lastFinalizedBatch() {
    long count = finalizedCount;
    return count == 0 ? OptionalLong.empty() : OptionalLong.of(count - 1);
  }

  @Override
  public L1Status l1Status() {
    return new L1Status(connected, status);
  }

  @Override
  public long backlog() {
    return Math.max(0, source.nextSequence() - postedNextSequence);
  }

  @Override
  public long maxBacklog() {
    return config.maxBacklog();
  }

  /**
   * Has {@code gate} told, after every round, whether new records should be refused: refused once
   * the backlog exceeds {@link PosterConfig#maxBacklog()}, admitted again once it is back to nine
   * tenths of it (so that a backlog at the bound does not flap).
   */
  public void gateAdmission(BacklogGate gate) {
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  private void updateGate() {
    BacklogGate current = gate;
    if (current == null) {
      return;
    }
    long backlog;
    try {
      backlog = backlog();
    } catch (RuntimeException e) {
      LOG.warn("Cannot read the batch source's next sequence for the backlog", e);
      return;
    }
    if (!refusing && backlog > config.maxBacklog()) {
      refusing = true;
      String reason =
          "L1 posting backlog of "
              + backlog
              + " records exceeds "
              + config.maxBacklog()
              + "; retry later";
      LOG.warn("Refusing new records: {} ({})", reason, status);
      current.refuse(reason);
    } else if (refusing && backlog <= config.maxBacklog() - config.maxBacklog() / 10) {
      refusing = false;
      LOG.info("Taking new records again: the L1 posting backlog is down to {}", backlog);
      current.admit();
    }
  }

  /** Whether the backlog is past its bound: the node should refuse new records. */
  public boolean backlogExceeded() {
    return backlog() > config.maxBacklog();
  }

  /** Whether this poster found another one appending to its contract and stands by. */
  public boolean standingBy() {
    return conflict != null;
  }

  @Override
  public AutoCloseable onBatchProgress(Consumer<BatchProgress> listener) {
    Objects.requireNonNull(listener, "listener");
    return ledger.listen(listener);
  }

  /** The sequence number the contract expects next, as of the last round. */
  public long postedNextSequence() {
    return postedNextSequence;
  }

  /** Whether a transaction of this poster is unmined. */
  public boolean hasTransactionInFlight() {
    return inFlight != null;
  }
}
