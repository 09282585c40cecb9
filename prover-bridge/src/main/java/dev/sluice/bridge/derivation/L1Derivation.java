package dev.sluice.bridge.derivation;

import dev.sluice.bridge.L1Exception;
import dev.sluice.bridge.derivation.DerivationEvent.BatchDerived;
import dev.sluice.bridge.derivation.DerivationEvent.BatchesDropped;
import dev.sluice.bridge.derivation.DerivationEvent.Cause;
import dev.sluice.bridge.derivation.DerivationEvent.Finalized;
import dev.sluice.bridge.derivation.DerivedBatch.Content;
import dev.sluice.bridge.derivation.DerivedBatch.DataFault;
import dev.sluice.bridge.derivation.DerivedBatch.FaultKind;
import dev.sluice.bridge.derivation.DerivedBatch.NotFetched;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.smt.SmtHashing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the rollup's chain of batches from L1 alone (docs/watcher.md): follows the contract's
 * {@code BatchAppended}, {@code BatchesReverted} and {@code BatchFinalized} events from a start
 * block, reads each batch's data from its transaction (calldata or blobs), checks it against the
 * header and hands the batches out in order, as {@link DerivationEvent}s.
 *
 * <p>Each {@link #advance()} reads at most {@link Options#maxBlockRange} blocks up to the head less
 * {@link Options#confirmations}. Before reading on it checks that the last block read is still
 * canonical; if it is not, it goes back to the newest block it read that still is, undoes what the
 * events of the replaced blocks did, and tells the consumer which batches to drop. Batches that
 * come back (a revert that was itself reorged away) are handed out again.
 *
 * <p>Failures to read L1 ({@link L1Exception}) leave the derivation where it was, so the caller
 * simply calls again later. Not thread-safe: one thread drives it.
 */
public final class L1Derivation {
  private static final Logger LOG = LoggerFactory.getLogger(L1Derivation.class);

  /**
   * How derivation reads L1.
   *
   * @param startBlock the first block to read: the rollup's deployment block, or any block before
   * @param confirmations blocks to stay behind the head; 0 follows the head and its reorgs
   * @param maxBlockRange the most blocks one {@code eth_getLogs} covers
   * @param reorgWindow the block hashes kept to follow a reorg; deeper reorgs stop derivation
   */
  public record Options(long startBlock, int confirmations, int maxBlockRange, int reorgWindow) {
    public Options {
      if (startBlock < 0 || confirmations < 0 || maxBlockRange < 1 || reorgWindow < 2) {
        throw new IllegalArgumentException(
            "need startBlock ≥ 0, confirmations ≥ 0, maxBlockRange ≥ 1 and reorgWindow ≥ 2");
      }
    }

    /** Reads from {@code startBlock} with no confirmations, 1,000-block ranges, 256 hashes. */
    public static Options from(long startBlock) {
      return new Options(startBlock, 0, 1_000, 256);
    }
  }

  private final L1ChainReader reader;
  private final Address rollup;
  private final Options options;
  private final Predicate<AppendedBatch> alreadyHeld;
  private final BatchDataReader dataReader;
  private final RollupChainView view = new RollupChainView();
  private final ProcessedBlocks processed;

  /** The next block to read. */
  private long nextBlock;

  /** The index of the next batch to hand out; everything below it was handed out. */
  private long nextToEmit;

  /** The finalised count last handed out. */
  private long emittedFinalizedCount;

  private long latestHead = -1;

  /**
   * @param domain the EIP-712 domain of the rollup's records, for their leaves
   * @param alreadyHeld batches the consumer holds already (same index and header hash): handed out
   *     as {@link NotFetched}, without reading their data, as after a restart
   */
  public L1Derivation(
      L1ChainReader reader,
      Address rollup,
      Eip712Domain domain,
      Options options,
      Predicate<AppendedBatch> alreadyHeld) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.rollup = Objects.requireNonNull(rollup, "rollup");
    this.options = Objects.requireNonNull(options, "options");
    this.alreadyHeld = Objects.requireNonNull(alreadyHeld, "alreadyHeld");
    this.dataReader = new BatchDataReader(reader, rollup, domain);
    this.processed = new ProcessedBlocks(options.reorgWindow());
    this.nextBlock = options.startBlock();
  }

  /** The next L1 block derivation will read. */
  public long nextBlock() {
    return nextBlock;
  }

  /** The L1 head seen by the last {@link #advance()}. */
  public long latestHead() {
    return latestHead;
  }

  /**
   * Whether the last {@link #advance()} read up to the confirmed head and handed out every batch.
   */
  public boolean caughtUp() {
    return latestHead >= 0
        && nextBlock > latestHead - options.confirmations()
        && nextToEmit >= view.batchCount();
  }

  /** The number of batches in the chain as of the blocks read, final or not. */
  public long batchCount() {
    return view.batchCount();
  }

  /**
   * Reads the next range of L1 blocks and returns what changed, in order.
   *
   * @throws L1Exception if L1 could not be read; nothing changed, call again later
   * @throws DerivationException if the chain contradicts itself or reorganised deeper than the
   *     blocks kept
   */
  public List<DerivationEvent> advance() {
    List<DerivationEvent> events = new ArrayList<>();
    long head = reader.headNumber();
    latestHead = head;
    // Each step changes the derivation only after its reads succeeded, so a failure keeps what
    // the steps before it handed out and leaves the rest for the next call.
    try {
      followReorg(events);
      long safe = head - options.confirmations();
      if (nextBlock <= safe) {
        readRange(Math.min(safe, nextBlock + options.maxBlockRange() - 1), events);
      }
      emitBatches(events);
    } catch (L1Exception e) {
      if (events.isEmpty()) {
        throw e;
      }
      LOG.warn("L1 read failed, continuing on the next poll: {}", e.getMessage());
    }
    if (view.finalizedCount() != emittedFinalizedCount) {
      emittedFinalizedCount = view.finalizedCount();
      events.add(new Finalized(emittedFinalizedCount));
    }
    return events;
  }

  /** If the last block read was replaced, goes back to the newest block read that was not. */
  private void followReorg(List<DerivationEvent> events) {
    Optional<ProcessedBlocks.Entry> newest = processed.newest();
    if (newest.isEmpty() || isCanonical(newest.get())) {
      return;
    }
    long forkPoint = -1;
    for (Iterator<ProcessedBlocks.Entry> it = processed.newestFirst(); it.hasNext(); ) {
      ProcessedBlocks.Entry entry = it.next();
      if (isCanonical(entry)) {
        forkPoint = entry.number();
        break;
      }
    }
    if (forkPoint < 0) {
      long oldest = processed.oldest().orElseThrow().number();
      if (oldest > options.startBlock()) {
        throw new DerivationException(
            "L1 reorganised deeper than the "
                + processed.size()
                + " block hashes kept (back to block "
                + oldest
                + "); restart derivation from an earlier block");
      }
      forkPoint = options.startBlock() - 1;
    }
    LOG.warn(
        "L1 reorg: block {} ({}) was replaced; going back to block {}",
        newest.get().number(),
        newest.get().hash(),
        forkPoint);
    Optional<Long> changed = view.undoAfter(forkPoint);
    processed.truncateAfter(forkPoint);
    nextBlock = forkPoint + 1;
    if (changed.isPresent() && changed.get() < nextToEmit) {
      events.add(new BatchesDropped(changed.get(), Cause.L1_REORG));
      nextToEmit = changed.get();
    }
  }

  private boolean isCanonical(ProcessedBlocks.Entry entry) {
    return reader.block(entry.number()).map(b -> b.hash().equals(entry.hash())).orElse(false);
  }

  /** Reads blocks {@code nextBlock … to} and applies their rollup events to the view. */
  private void readRange(long to, List<DerivationEvent> events) {
    Bytes32 toHash = blockHash(to);
    List<L1Log> logs = reader.logs(rollup, nextBlock, to, RollupLog.TOPICS);
    // The range is one consistent chain only if its last block did not change meanwhile and every
    // log agrees with it and with each other about block hashes.
    Map<Long, Bytes32> hashes = new HashMap<>();
    hashes.put(to, toHash);
    for (L1Log log : logs) {
      if (log.blockNumber() < nextBlock || log.blockNumber() > to) {
        throw new L1Exception("eth_getLogs returned a log of block " + log.blockNumber()
            + " for blocks " + nextBlock + "…" + to);
      }
      Bytes32 known = hashes.putIfAbsent(log.blockNumber(), log.blockHash());
      if (known != null && !known.equals(log.blockHash())) {
        throw new L1Exception("block " + log.blockNumber() + " changed while it was read");
      }
    }
    if (!blockHash(to).equals(toHash)) {
      throw new L1Exception("block " + to + " changed while it was read");
    }
    List<RollupLog> decoded = new ArrayList<>(logs.size());
    for (L1Log log : logs) {
      try {
        decoded.add(RollupLog.decode(log, rollup));
      } catch (RollupLog.MalformedLogException e) {
        throw new DerivationException(e.getMessage(), e);
      }
    }
    decoded.sort(
        Comparator.comparingLong((RollupLog l) -> l.log().blockNumber())
            .thenComparingLong(l -> l.log().logIndex()));
    for (RollupLog log : decoded) {
      apply(log, events);
    }
    hashes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> processed.add(e.getKey(), e.getValue()));
    processed.oldest().ifPresent(oldest -> view.forgetBefore(oldest.number()));
    if (!decoded.isEmpty() || to - nextBlock > 10 * options.maxBlockRange()) {
      LOG.debug("read L1 blocks {}…{}: {} rollup events", nextBlock, to, decoded.size());
    }
    nextBlock = to + 1;
  }

  private void apply(RollupLog log, List<DerivationEvent> events) {
    long block = log.log().blockNumber();
    switch (log) {
      case RollupLog.Appended appended -> {
        try {
          view.append(appended.batch());
        } catch (IllegalStateException e) {
          throw new DerivationException(
              "the rollup's events do not form a chain: " + e.getMessage(), e);
        }
      }
      case RollupLog.Reverted reverted -> {
        LOG.info(
            "batches {}…{} reverted on L1 in block {}",
            reverted.firstIndex(),
            reverted.lastIndex(),
            block);
        view.revert(block, reverted.firstIndex());
        if (reverted.firstIndex() < nextToEmit) {
          events.add(new BatchesDropped(reverted.firstIndex(), Cause.REVERTED_ON_L1));
          nextToEmit = reverted.firstIndex();
        }
      }
      case RollupLog.Finalized finalized -> view.finalizeUpTo(block, finalized.index());
    }
  }

  /** Reads and hands out the batches not handed out yet, stopping at the first read failure. */
  private void emitBatches(List<DerivationEvent> events) {
    for (AppendedBatch appended : view.from(nextToEmit)) {
      Content content;
      if (alreadyHeld.test(appended)) {
        content = new NotFetched();
      } else {
        Optional<String> linkage = linkageProblem(appended.header());
        content =
            linkage.isPresent()
                ? new DataFault(FaultKind.HEADER_LINKAGE, linkage.get())
                : dataReader.read(appended);
      }
      if (content instanceof DataFault fault) {
        LOG.warn("batch {} has a data fault: {} {}", appended.index(), fault.kind(), fault.detail());
      }
      events.add(new BatchDerived(new DerivedBatch(appended, content)));
      nextToEmit = appended.index() + 1;
    }
  }

  /**
   * What is wrong with how {@code header} follows the batch before it, which the contract checked
   * already: a derivation that trusts nothing but L1 checks it again.
   */
  private Optional<String> linkageProblem(BatchHeader header) {
    long index = header.index();
    Bytes32 prevHash;
    long nextSequence;
    Bytes32 preStateRoot;
    if (index == 0) {
      prevHash = Bytes32.ZERO;
      nextSequence = 0;
      preStateRoot = SmtHashing.EMPTY;
    } else {
      Optional<AppendedBatch> previous = view.batch(index - 1);
      if (previous.isEmpty()) {
        return Optional.empty(); // derivation started after it: nothing to check against
      }
      BatchHeader before = previous.get().header();
      prevHash = before.hash();
      nextSequence = before.lastSequence() + 1;
      preStateRoot = before.postStateRoot();
    }
    if (!header.prevHeaderHash().equals(prevHash)) {
      return Optional.of("prevHeaderHash is not the hash of batch " + (index - 1));
    }
    if (header.firstSequence() != nextSequence) {
      return Optional.of("firstSequence " + header.firstSequence() + " is not " + nextSequence);
    }
    if (!header.preStateRoot().equals(preStateRoot)) {
      return Optional.of("preStateRoot is not the previous postStateRoot " + preStateRoot);
    }
    return Optional.empty();
  }

  private Bytes32 blockHash(long number) {
    return reader
        .block(number)
        .orElseThrow(() -> new L1Exception("block " + number + " is not there (any more)"))
        .hash();
  }
}
