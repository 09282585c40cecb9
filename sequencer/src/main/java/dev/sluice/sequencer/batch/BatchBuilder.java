package dev.sluice.sequencer.batch;

import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.batch.BatchData;
import dev.sluice.state.batch.BatchMerkleTree;
import dev.sluice.state.batch.BatchRecord;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.RecordCodec;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.stf.Receipt;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Cuts batches (docs/protocol.md §5) from the sequenced and applied log, for the batch poster.
 *
 * <p>The poster knows where the L1 chain stands: the first sequence of the next batch and the
 * state root before it. {@link #next} answers the batch to post from there once one is due (see
 * {@link BatchConfig}: record count, data size after compression, age of the oldest waiting
 * record), or empty. Only applied records go in: their post-state roots come from their receipts,
 * their timestamps from the log. The data never exceeds {@link BatchConfig#maxDataBytes()}: a cut
 * is checked against the exact encoding, and a batch that the data limit cuts holds the most
 * records whose encoding fits.
 *
 * <p>{@link #build} rebuilds a given range; encoding is deterministic, so the contents are byte
 * for byte the ones cut before (the poster re-posts a batch after an L1 reorg or a fraud
 * reversion the same way).
 *
 * <p>Everything runs on the caller's thread through the sequencer's read API; nothing waits for or
 * runs on the sequencer's threads. Polling is cheap: the records read so far are kept between
 * calls, each call reads only records applied since, and the data is compressed only when its size
 * could be near the limit. Thread-safe; calls are serialised.
 */
public final class BatchBuilder {
  private static final System.Logger LOG = System.getLogger(BatchBuilder.class.getName());

  /** What the data carries per record besides its compressed stream bytes: its root. */
  private static final int ROOT_BYTES = Bytes32.SIZE;

  /** A record's bytes in the uncompressed record stream besides its encoding: its timestamp. */
  private static final int TIMESTAMP_BYTES = Long.BYTES;

  /** Why a batch was cut; for the log. */
  private enum Trigger {
    RECORD_COUNT,
    DATA_SIZE,
    AGE
  }

  /** A waiting record: what the batch takes of it, and its bytes in the uncompressed stream. */
  private record Waiting(BatchRecord record, Bytes32 root, int streamBytes) {}

  private final AppliedLog log;
  private final Eip712Domain domain;
  private final BatchConfig config;
  private final BatchFaultInjection faults;
  private final InstantSource clock;

  /**
   * The most records worth reading ahead: a batch holds at most {@code maxRecords}, and its data
   * at least a 32-byte root per record.
   */
  private final int readAhead;

  /** The applied records from {@link #waitingFrom} on, in order, read so far. */
  private final List<Waiting> waiting = new ArrayList<>();

  private long waitingFrom = -1;

  /**
   * The last (first sequence, pre-state root) found right: receipts of applied records never
   * change, so a poll for the same batch need not read the receipt again.
   */
  private long verifiedFirst = -1;

  private Bytes32 verifiedRoot;

  /** The encoding of the first {@link #trialCount} waiting records, when last compressed. */
  private int trialCount;

  private byte[] trialData;

  /**
   * @param sequencer the sequencer whose applied log is cut
   * @param domain the EIP-712 domain its records are signed under (record leaves hash digests)
   * @param config the limits and codec
   * @param faults {@link BatchFaultInjection#none()} except in tests and devnets
   * @param clock the sequencer's clock: ages are measured against its record timestamps
   */
  public BatchBuilder(
      Sequencer sequencer,
      Eip712Domain domain,
      BatchConfig config,
      BatchFaultInjection faults,
      InstantSource clock) {
    this(AppliedLog.of(sequencer), domain, config, faults, clock);
  }

  /** A builder over any {@link AppliedLog}; see the other constructor. */
  public BatchBuilder(
      AppliedLog log,
      Eip712Domain domain,
      BatchConfig config,
      BatchFaultInjection faults,
      InstantSource clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.domain = Objects.requireNonNull(domain, "domain");
    this.config = Objects.requireNonNull(config, "config");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.readAhead =
        Math.min(
            config.maxRecords(), (config.maxDataBytes() - BatchData.PREFIX_LENGTH) / ROOT_BYTES);
    if (faults.isArmed()) {
      LOG.log(System.Logger.Level.WARNING, "batches will carry faults on purpose: {0}", faults);
    }
  }

  public BatchConfig config() {
    return config;
  }

  /**
   * The sequence number the sequencer assigns next: every record below it is sequenced (though
   * maybe not applied yet). A poster subtracts what it posted to tell its backlog.
   */
  public long nextSequence() {
    return log.nextSequence();
  }

  /**
   * The next batch, from {@code firstSequence} on, if one is due; else empty.
   *
   * @param firstSequence the first sequence the L1 chain has no batch for
   * @param preStateRoot the post-state root of the L1 chain's last batch (the empty root before the
   *     first)
   * @throws PreStateRootMismatchException if {@code preStateRoot} is not the sequencer's root
   *     after record {@code firstSequence − 1}
   * @throws IllegalStateException if record {@code firstSequence − 1} is not applied (yet): the
   *     sequencer is still replaying its log, or the L1 chain holds records this log lost
   * @throws IllegalArgumentException if {@code firstSequence} is negative
   */
  public synchronized Optional<BatchContents> next(long firstSequence, Bytes32 preStateRoot) {
    requirePreStateRoot(firstSequence, preStateRoot);
    alignWaiting(firstSequence);
    readApplied();
    if (waiting.isEmpty()) {
      return Optional.empty();
    }
    int count = waiting.size();
    Trigger trigger;
    if (count >= config.maxRecords()) {
      trigger = Trigger.RECORD_COUNT;
    } else if (count >= readAhead || !probablyFits(count)) {
      trigger = Trigger.DATA_SIZE;
    } else if (clock.millis() - waiting.get(0).record().timestamp()
        >= config.maxAge().toMillis()) {
      trigger = Trigger.AGE;
    } else {
      return Optional.empty();
    }
    Map<Integer, byte[]> encodings = new HashMap<>();
    if (trialData != null && trialCount == count) {
      encodings.put(count, trialData);
    }
    int cut =
        encodedBytes(count, encodings) <= config.maxDataBytes()
            ? count
            : mostThatFit(count, encodings);
    if (cut < count) {
      trigger = Trigger.DATA_SIZE;
    }
    BatchContents contents =
        assemble(firstSequence, preStateRoot, waiting.subList(0, cut), encodings.get(cut));
    LOG.log(
        System.Logger.Level.DEBUG,
        "cut a batch of {0} records from sequence {1}: {2} bytes of {3} data, by {4}",
        cut,
        firstSequence,
        contents.dataLength(),
        config.codec(),
        trigger);
    return Optional.of(contents);
  }

  /**
   * The batch of the {@code recordCount} records from {@code firstSequence}, as {@link #next} cut
   * it: the same bytes for the same range (unless a fault is armed for it and fires now).
   *
   * @throws PreStateRootMismatchException as for {@link #next}
   * @throws IllegalStateException if record {@code firstSequence − 1} is not applied (yet)
   * @throws IllegalArgumentException if the range is not applied yet, holds more than {@link
   *     BatchConfig#maxRecords()} records, or its data does not fit {@link
   *     BatchConfig#maxDataBytes()} (a range cut under other limits)
   */
  public synchronized BatchContents build(
      long firstSequence, int recordCount, Bytes32 preStateRoot) {
    requirePreStateRoot(firstSequence, preStateRoot);
    if (recordCount < 1 || recordCount > config.maxRecords()) {
      throw new IllegalArgumentException(
          "a batch holds 1 to " + config.maxRecords() + " records, got " + recordCount);
    }
    long applied = log.appliedSequence();
    if (firstSequence + recordCount - 1 > applied) {
      throw new IllegalArgumentException(
          "records "
              + firstSequence
              + " to "
              + (firstSequence + recordCount - 1)
              + " are not all applied; the applied head is "
              + applied);
    }
    // Reuse what was read ahead, but leave it for the next poll: a rebuild is usually of an older
    // range than the one the poster polls for.
    List<Waiting> range = new ArrayList<>(recordCount);
    for (int i = 0; i < recordCount; i++) {
      long sequence = firstSequence + i;
      long offset = sequence - waitingFrom;
      range.add(
          waitingFrom >= 0 && offset >= 0 && offset < waiting.size()
              ? waiting.get((int) offset)
              : read(sequence));
    }
    byte[] data = encode(range, roots(range));
    if (data.length > config.maxDataBytes()) {
      throw new IllegalArgumentException(
          "the "
              + recordCount
              + " records from "
              + firstSequence
              + " encode to "
              + data.length
              + " bytes, over the limit of "
              + config.maxDataBytes());
    }
    return assemble(firstSequence, preStateRoot, range, data);
  }

  /**
   * The batch's contents, with any armed fault applied. {@code honestData} is the honest encoding
   * of {@code records} if already at hand, else null.
   */
  private BatchContents assemble(
      long firstSequence, Bytes32 preStateRoot, List<Waiting> records, byte[] honestData) {
    Bytes32[] roots = roots(records).toArray(Bytes32[]::new);
    Bytes32[] posted = roots.clone();
    faults.corruptRoots(firstSequence, posted);
    boolean rootsCorrupted = !Arrays.equals(roots, posted);
    List<Bytes32> postedRoots = List.of(posted);
    List<BatchRecord> batchRecords = records.stream().map(Waiting::record).toList();
    byte[] data =
        honestData != null && !rootsCorrupted
            ? honestData
            : BatchData.encode(config.codec(), batchRecords, postedRoots);
    if (data.length > config.maxDataBytes()) {
      // Roots are fixed-size and the cut was measured; reaching this is a bug, not bad input.
      throw new IllegalStateException(
          "batch data of " + data.length + " bytes exceeds the limit " + config.maxDataBytes());
    }
    List<Bytes32> leaves = new ArrayList<>(batchRecords.size());
    for (BatchRecord record : batchRecords) {
      leaves.add(record.leaf(domain));
    }
    Bytes32 recordsRoot =
        faults.recordsRootToPost(
            firstSequence, batchRecords.size(), BatchMerkleTree.rootOf(leaves));
    return new BatchContents(
        firstSequence,
        preStateRoot,
        batchRecords,
        postedRoots,
        recordsRoot,
        BatchMerkleTree.rootOf(postedRoots),
        config.codec(),
        data);
  }

  /** Fails unless {@code preStateRoot} is the root before record {@code firstSequence}. */
  private void requirePreStateRoot(long firstSequence, Bytes32 preStateRoot) {
    Objects.requireNonNull(preStateRoot, "preStateRoot");
    if (firstSequence < 0) {
      throw new IllegalArgumentException(
          "a batch starts at sequence 0 or later, got " + firstSequence);
    }
    if (firstSequence == verifiedFirst && preStateRoot.equals(verifiedRoot)) {
      return;
    }
    Bytes32 expected;
    if (firstSequence == 0) {
      expected = SmtHashing.EMPTY;
    } else {
      expected =
          log.receipt(firstSequence - 1)
              .map(Receipt::postStateRoot)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "a batch cannot start at sequence "
                              + firstSequence
                              + ": record "
                              + (firstSequence - 1)
                              + " is not applied yet (the applied head is "
                              + log.appliedSequence()
                              + ")"));
    }
    if (expected.equals(preStateRoot)) {
      verifiedFirst = firstSequence;
      verifiedRoot = preStateRoot;
      return;
    }
    if (faults.injectedRoot(firstSequence - 1).filter(preStateRoot::equals).isPresent()) {
      // The L1 chain ends in a batch whose last root was wrong on purpose; build on it, as a
      // fraudulent sequencer would, until a fraud proof reverts it.
      LOG.log(
          System.Logger.Level.WARNING,
          "INJECTED FAULT: building from sequence {0} on the wrong root {1}",
          firstSequence,
          preStateRoot);
      verifiedFirst = firstSequence;
      verifiedRoot = preStateRoot;
      return;
    }
    throw new PreStateRootMismatchException(firstSequence, preStateRoot, expected);
  }

  /** Keeps the waiting records from {@code firstSequence} on, if any; drops the rest. */
  private void alignWaiting(long firstSequence) {
    if (waitingFrom >= 0
        && firstSequence >= waitingFrom
        && firstSequence <= waitingFrom + waiting.size()) {
      int posted = (int) (firstSequence - waitingFrom);
      if (posted == 0) {
        return;
      }
      waiting.subList(0, posted).clear();
    } else {
      waiting.clear();
    }
    waitingFrom = firstSequence;
    trialCount = 0;
    trialData = null;
  }

  /** Reads the records applied since the last call, up to {@link #readAhead} waiting. */
  private void readApplied() {
    long applied = log.appliedSequence();
    while (waiting.size() < readAhead && waitingFrom + waiting.size() <= applied) {
      waiting.add(read(waitingFrom + waiting.size()));
    }
  }

  private Waiting read(long sequence) {
    SequencedRecord record =
        log.record(sequence)
            .orElseThrow(
                () -> new IllegalStateException("applied record " + sequence + " is not logged"));
    Receipt receipt =
        log.receipt(sequence)
            .orElseThrow(
                () -> new IllegalStateException("applied record " + sequence + " has no receipt"));
    if (!receipt.recordHash().equals(record.record().recordHash())) {
      throw new IllegalStateException(
          "the receipt of record " + sequence + " is for another record: the store is damaged");
    }
    int streamBytes = TIMESTAMP_BYTES + RecordCodec.encode(record.record()).length;
    return new Waiting(
        new BatchRecord(record.record(), record.timestamp()),
        receipt.postStateRoot(),
        streamBytes);
  }

  /**
   * Whether the first {@code count} waiting records are likely to fit the data limit, compressing
   * only when a cheap bound cannot tell: the uncompressed size plus the codec's worst growth, or
   * the last trial's exact size plus that bound for the records added since. A wrong guess only
   * delays or advances a cut; the cut itself is measured exactly.
   */
  private boolean probablyFits(int count) {
    long limit = config.maxDataBytes();
    if (upperBound(0, count) <= limit) {
      return true;
    }
    if (trialData != null
        && trialCount <= count
        && trialData.length + upperBound(trialCount, count) <= limit) {
      return true;
    }
    trialCount = count;
    trialData = encode(waiting.subList(0, count), roots(waiting.subList(0, count)));
    return trialData.length <= limit;
  }

  /** A bound on what waiting records {@code [from, to)} add to the data, however they compress. */
  private long upperBound(int from, int to) {
    long stream = 0;
    for (int i = from; i < to; i++) {
      stream += waiting.get(i).streamBytes();
    }
    // zstd grows incompressible input by under 1/128 plus a frame; DEFLATE's stored blocks by
    // 5 bytes per 16 KiB or so. 1/64 plus 1 KiB covers both.
    long growth = config.codec() == BatchCodec.NONE ? 0 : stream / 64 + 1024;
    long prefix = from == 0 ? BatchData.PREFIX_LENGTH : 0;
    return prefix + stream + growth + (long) ROOT_BYTES * (to - from);
  }

  /**
   * The most leading records, fewer than {@code count}, whose data fits the limit. Data size grows
   * about linearly with the records, so the search interpolates between the sizes it knows and
   * usually lands within a record or two of the boundary in three or four encodings; it falls back
   * to halving after a step that did not halve the interval, so it never takes more than about
   * twice as many encodings as a bisection.
   */
  private int mostThatFit(int count, Map<Integer, byte[]> encodings) {
    long limit = config.maxDataBytes();
    // Invariant: the first `fits` records fit (0 records: the data prefix), `exceeds` do not.
    int fits = 0;
    long fitsBytes = BatchData.PREFIX_LENGTH;
    int exceeds = count;
    long exceedsBytes = encodedBytes(count, encodings);
    boolean bisect = false;
    while (exceeds - fits > 1) {
      int guess;
      if (bisect) {
        guess = (fits + exceeds) >>> 1;
      } else {
        long span = exceedsBytes - fitsBytes;
        long step = span <= 0 ? 1 : (limit - fitsBytes) * (exceeds - fits) / span;
        guess = (int) Math.max(fits + 1, Math.min(exceeds - 1, fits + step));
      }
      int before = exceeds - fits;
      int bytes = encodedBytes(guess, encodings);
      if (bytes <= limit) {
        fits = guess;
        fitsBytes = bytes;
      } else {
        exceeds = guess;
        exceedsBytes = bytes;
      }
      bisect = !bisect && (exceeds - fits) * 2 > before;
    }
    if (fits == 0) {
      throw new IllegalStateException(
          "record "
              + waitingFrom
              + " alone encodes to more than "
              + config.maxDataBytes()
              + " bytes");
    }
    return fits;
  }

  /** The honest data size of the first {@code count} waiting records; keeps the encoding. */
  private int encodedBytes(int count, Map<Integer, byte[]> encodings) {
    return encodings
        .computeIfAbsent(
            count, c -> encode(waiting.subList(0, c), roots(waiting.subList(0, c))))
        .length;
  }

  private byte[] encode(List<Waiting> records, List<Bytes32> roots) {
    return BatchData.encode(
        config.codec(), records.stream().map(Waiting::record).toList(), roots);
  }

  private static List<Bytes32> roots(List<Waiting> records) {
    return records.stream().map(Waiting::root).toList();
  }
}
