package dev.sluice.sequencer.batch;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * DANGER — for tests and devnets only: makes {@link BatchBuilder} build <em>fraudulent</em>
 * batches, so that watchers and fraud proofs can be exercised end to end. A sequencer that posts
 * them on a real chain loses its bond. Production passes {@link #none()}.
 *
 * <p>Two faults, each armed for one chosen sequence number and each firing once, the first time a
 * batch holding that sequence is built; a rebuild of the same range (after the batch was reverted,
 * or reorged out of L1) is honest. "Once" is per instance, so per process: a node restarted before
 * the batch was built arms the fault again. The faults:
 *
 * <ul>
 *   <li>{@linkplain #corruptingPostStateRootOf a wrong per-record root}: the batch claims a wrong
 *       post-state root for the record. The wrong root travels in the batch data, the roots root is
 *       computed over it, and the header's post-state root follows if the record is the batch's
 *       last. Provable on L1 by re-executing the record.
 *   <li>{@linkplain #mismatchingRecordsRootAt a records root that does not match the data}: the
 *       data is honest, the header's records root is not. Every watcher sees it; no one can prove
 *       it on L1 yet (docs/protocol.md: known limits).
 * </ul>
 *
 * <p>Every fault that fires is logged at WARN. Thread-safe.
 */
public final class BatchFaultInjection {
  private static final System.Logger LOG = System.getLogger(BatchFaultInjection.class.getName());
  private static final byte[] FAULT_TAG = "sluice.injected-fault".getBytes(StandardCharsets.UTF_8);

  private final OptionalLong wrongRootSequence;
  private final OptionalLong wrongRecordsRootSequence;
  private final AtomicBoolean wrongRootFired = new AtomicBoolean();
  private final AtomicBoolean wrongRecordsRootFired = new AtomicBoolean();

  /** The wrong roots this injection put into batches, by sequence, to let later batches link on. */
  private final Map<Long, Bytes32> injectedRoots = new ConcurrentHashMap<>();

  private BatchFaultInjection(OptionalLong wrongRoot, OptionalLong wrongRecordsRoot) {
    this.wrongRootSequence = wrongRoot;
    this.wrongRecordsRootSequence = wrongRecordsRoot;
  }

  /** No faults: honest batches. The only choice for production. */
  public static BatchFaultInjection none() {
    return new BatchFaultInjection(OptionalLong.empty(), OptionalLong.empty());
  }

  /** These faults plus a wrong post-state root for record {@code sequence}, once. */
  public BatchFaultInjection corruptingPostStateRootOf(long sequence) {
    requireSequence(sequence);
    return new BatchFaultInjection(OptionalLong.of(sequence), wrongRecordsRootSequence);
  }

  /**
   * These faults plus a records root that does not match the data of the batch holding {@code
   * sequence}, once.
   */
  public BatchFaultInjection mismatchingRecordsRootAt(long sequence) {
    requireSequence(sequence);
    return new BatchFaultInjection(wrongRootSequence, OptionalLong.of(sequence));
  }

  /** Whether any fault is armed, fired or not. */
  public boolean isArmed() {
    return wrongRootSequence.isPresent() || wrongRecordsRootSequence.isPresent();
  }

  /**
   * Corrupts, in place, the post-state root of the armed record if {@code roots} (the roots of the
   * records from {@code firstSequence}) holds it and the fault has not fired yet.
   */
  void corruptRoots(long firstSequence, Bytes32[] roots) {
    if (wrongRootSequence.isEmpty()) {
      return;
    }
    long sequence = wrongRootSequence.getAsLong();
    if (contains(firstSequence, roots.length, sequence)
        && wrongRootFired.compareAndSet(false, true)) {
      int index = (int) (sequence - firstSequence);
      Bytes32 wrong = corrupt(roots[index]);
      LOG.log(
          System.Logger.Level.WARNING,
          "INJECTED FAULT: the batch from sequence {0} claims the wrong post-state root {1} for"
              + " record {2} (the state gives {3})",
          firstSequence,
          wrong,
          sequence,
          roots[index]);
      roots[index] = wrong;
      injectedRoots.put(sequence, wrong);
    }
  }

  /**
   * The records root to post for the batch of {@code recordCount} records from {@code
   * firstSequence}: {@code recordsRoot}, or a wrong one if the armed fault fires now.
   */
  Bytes32 recordsRootToPost(long firstSequence, int recordCount, Bytes32 recordsRoot) {
    if (wrongRecordsRootSequence.isEmpty()) {
      return recordsRoot;
    }
    long sequence = wrongRecordsRootSequence.getAsLong();
    if (contains(firstSequence, recordCount, sequence)
        && wrongRecordsRootFired.compareAndSet(false, true)) {
      Bytes32 wrong = corrupt(recordsRoot);
      LOG.log(
          System.Logger.Level.WARNING,
          "INJECTED FAULT: the batch from sequence {0} ({1} records) posts the records root {2},"
              + " which does not match its data ({3})",
          firstSequence,
          recordCount,
          wrong,
          recordsRoot);
      return wrong;
    }
    return recordsRoot;
  }

  /** The wrong root this injection claimed for record {@code sequence}, if it did. */
  Optional<Bytes32> injectedRoot(long sequence) {
    return Optional.ofNullable(injectedRoots.get(sequence));
  }

  private static boolean contains(long firstSequence, int count, long sequence) {
    return sequence >= firstSequence && sequence - firstSequence < count;
  }

  /** A root no honest state has: a tagged hash of the real one. */
  private static Bytes32 corrupt(Bytes32 root) {
    return Keccak.hash32(FAULT_TAG, root.toArray());
  }

  private static void requireSequence(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("a sequence number is 0 or more, got " + sequence);
    }
  }

  @Override
  public String toString() {
    if (!isArmed()) {
      return "no injected faults";
    }
    List<String> faults = new ArrayList<>();
    wrongRootSequence.ifPresent(s -> faults.add("a wrong post-state root for record " + s));
    wrongRecordsRootSequence.ifPresent(
        s -> faults.add("a wrong records root for the batch holding record " + s));
    return "INJECTED FAULTS: " + String.join("; ", faults);
  }
}
