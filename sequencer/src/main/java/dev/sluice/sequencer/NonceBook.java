package dev.sluice.sequencer;

import dev.sluice.sequencer.SubmissionRejectedException.Reason;
import dev.sluice.state.Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, for each recovered record reaching the ordering loop, whether its nonce lets it be
 * sequenced now, makes it wait for its sender's earlier nonces, or refuses it. Single-threaded (the
 * ordering loop owns it) and free of I/O and clocks: time comes in as an argument, so tests drive
 * it directly.
 *
 * <h2>Policy</h2>
 *
 * A sender's <em>expected</em> nonce is its next nonce in the applied state, advanced by each of
 * its records sequenced but not yet applied. For a record with nonce {@code n}:
 *
 * <ul>
 *   <li>{@code n < expected}: refused with {@code NONCE_TOO_LOW} (a replay or a duplicate). The
 *       state carries every sender's nonce, so this holds across restarts.
 *   <li>{@code n = expected}: sequenced now, followed by the held records that continue the run.
 *   <li>{@code expected < n ≤ expected + holdAhead}: held. Signature recovery runs in parallel, so
 *       records a client pipelines in order can reach the loop out of order; holding them briefly
 *       restores the client's order. A held record waits at most {@code holdMillis}, then is
 *       refused with {@code NONCE_TOO_HIGH} naming the expected nonce. A second record for a held
 *       nonce is refused with {@code NONCE_TOO_LOW}, and when {@code maxHeld} records are held
 *       across all senders a further one is refused with {@code BUSY}.
 *   <li>{@code n > expected + holdAhead}: refused with {@code NONCE_TOO_HIGH} naming the expected
 *       nonce.
 * </ul>
 *
 * Nonces are unsigned 64-bit values; the last one, 2^64−1, can never be applied (the transition
 * function refuses it), so it is refused with {@code NONCE_TOO_HIGH}.
 *
 * <h2>Where the expected nonce comes from</h2>
 *
 * The loop must not read the store, so the ingress worker reads the sender's nonce from the applied
 * state at some sequence A (the <em>snapshot</em>) before handing the record on. The book tracks
 * each sender that has records sequenced but not yet applied, or held ones; for those its own count
 * is exact. Once a sender's records are all applied and none is held it becomes <em>settled</em>:
 * the book still remembers its next nonce, which stays exact until the sender's next record is
 * sequenced, for the {@code settledSenders} most recently settled senders. That matters under load,
 * when a sender's pipelined records pass through deep queues with snapshots read long before they
 * reach the loop. A sender the book does not remember at all either had no record sequenced since
 * the sequencer started (so every snapshot is right) or was forgotten to make room, and then its
 * last record is at or before the latest last-sequence among forgotten senders: a snapshot older
 * than that may be stale, and the record goes back for a fresh read ({@link Admission.Stale}),
 * which is then newer. Forgotten senders are the least recently settled, so this is rare. The
 * book's memory is bounded by the records in flight plus {@code settledSenders}.
 */
final class NonceBook {
  private static final long LAST_NONCE = -1L; // 2^64 − 1 as an unsigned value

  /** What to do with one record. */
  sealed interface Admission {
    /** Sequence these records now, in this order: the admitted record and the run it freed. */
    record Ready(List<Submission> inOrder) implements Admission {}

    /** The record waits for earlier nonces; the book keeps it. */
    record Held() implements Admission {}

    /** Refuse the record. */
    record Refused(Reason reason, String message) implements Admission {}

    /** The nonce read may predate the sender's last sequenced record: read it again. */
    record Stale() implements Admission {}
  }

  /** A held record refused by {@link #expire} or {@link #releaseAll}. */
  record Refusal(Submission submission, Reason reason, String message) {}

  private static final Admission.Held HELD = new Admission.Held();
  private static final Admission.Stale STALE = new Admission.Stale();

  private final int holdAhead;
  private final long holdMillis;
  private final int maxHeld;
  private final Map<Address, Long> pendingNonces;
  private final Map<Address, SenderNonces> senders = new HashMap<>();
  private final Map<Address, Settled> settled;
  private final ArrayDeque<SequencedSender> unapplied = new ArrayDeque<>();
  private final ArrayDeque<HeldRecord> deadlines = new ArrayDeque<>();
  private volatile int heldCount;
  private long applied = -1;

  /** The latest last-sequence of a sender the book forgot entirely. */
  private long forgottenUpTo = -1;

  /**
   * @param pendingNonces where the book publishes the expected nonce of every tracked sender with
   *     unapplied records, for readers on other threads; a concurrent map
   */
  NonceBook(
      int holdAhead,
      long holdMillis,
      int maxHeld,
      int settledSenders,
      Map<Address, Long> pendingNonces) {
    this.holdAhead = holdAhead;
    this.holdMillis = holdMillis;
    this.maxHeld = maxHeld;
    this.pendingNonces = pendingNonces;
    this.settled =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Address, Settled> eldest) {
            if (size() <= settledSenders) {
              return false;
            }
            forgottenUpTo = Math.max(forgottenUpTo, eldest.getValue().lastSequence());
            return true;
          }
        };
  }

  /** Decides what to do with {@code submission}, whose sender and nonce snapshot are set. */
  Admission admit(Submission submission, long nowMillis) {
    Address sender = submission.sender;
    SenderNonces nonces = senders.get(sender);
    long expected;
    Settled known;
    if (nonces != null) {
      expected = nonces.next;
    } else if ((known = settled.get(sender)) != null) {
      expected = known.next();
    } else if (submission.snapshotSequence < forgottenUpTo) {
      return STALE;
    } else {
      expected = submission.snapshotNonce;
    }
    long nonce = submission.nonce();
    int order = Long.compareUnsigned(nonce, expected);
    if (order < 0) {
      return new Admission.Refused(
          Reason.NONCE_TOO_LOW,
          "nonce "
              + unsigned(nonce)
              + " was already used; the next nonce of "
              + sender
              + " is "
              + unsigned(expected));
    }
    if (nonce == LAST_NONCE) {
      return new Admission.Refused(
          Reason.NONCE_TOO_HIGH,
          "nonce 2^64-1 can never be applied; " + sender + " has no nonces left");
    }
    if (order == 0) {
      SenderNonces tracked = nonces != null ? nonces : track(sender, expected);
      return new Admission.Ready(runFrom(tracked, submission));
    }
    if (Long.compareUnsigned(nonce - expected, holdAhead) > 0) {
      return new Admission.Refused(
          Reason.NONCE_TOO_HIGH,
          "nonce "
              + unsigned(nonce)
              + " is more than "
              + holdAhead
              + " ahead of the next nonce of "
              + sender
              + ", which is "
              + unsigned(expected));
    }
    return hold(nonces != null ? nonces : track(sender, expected), submission, nowMillis);
  }

  /** Records that the loop gave {@code sequence} to the last record of a run of {@code sender}. */
  void sequenced(Address sender, long sequence) {
    SenderNonces nonces = senders.get(sender);
    nonces.lastSequence = sequence;
    unapplied.add(new SequencedSender(sequence, sender));
    pendingNonces.put(sender, nonces.next);
  }

  /** Forgets senders whose records are all applied at {@code appliedSequence} and none held. */
  void forgetApplied(long appliedSequence) {
    applied = Math.max(applied, appliedSequence);
    while (!unapplied.isEmpty() && unapplied.peek().sequence() <= applied) {
      SequencedSender done = unapplied.poll();
      SenderNonces nonces = senders.get(done.sender());
      if (nonces != null && nonces.lastSequence == done.sequence()) {
        forgetIfSettled(done.sender(), nonces);
      }
    }
  }

  /** Refuses the held records whose time is up at {@code nowMillis}. */
  List<Refusal> expire(long nowMillis) {
    List<Refusal> refused = new ArrayList<>();
    while (!deadlines.isEmpty() && deadlines.peek().deadlineMillis <= nowMillis) {
      HeldRecord held = deadlines.poll();
      if (held.released) {
        continue;
      }
      SenderNonces nonces = senders.get(held.sender);
      unhold(nonces, held);
      refused.add(
          new Refusal(
              held.submission,
              Reason.NONCE_TOO_HIGH,
              "nonce "
                  + unsigned(held.submission.nonce())
                  + " waited "
                  + holdMillis
                  + " ms for the nonces before it; the next nonce of "
                  + held.sender
                  + " is "
                  + unsigned(nonces.next)));
      forgetIfSettled(held.sender, nonces);
    }
    return refused;
  }

  /** Refuses every held record for {@code reason}: ordering pauses or stops. */
  List<Refusal> releaseAll(Reason reason, String message) {
    List<Refusal> refused = new ArrayList<>();
    for (HeldRecord held : deadlines) {
      if (!held.released) {
        SenderNonces nonces = senders.get(held.sender);
        unhold(nonces, held);
        refused.add(new Refusal(held.submission, reason, message));
        forgetIfSettled(held.sender, nonces);
      }
    }
    deadlines.clear();
    return refused;
  }

  /** Records held across all senders; safe to read from any thread. */
  int heldCount() {
    return heldCount;
  }

  /** Senders tracked now: those with unapplied or held records. */
  int trackedSenders() {
    return senders.size();
  }

  /** Settled senders whose next nonce the book still remembers. */
  int settledSenders() {
    return settled.size();
  }

  private SenderNonces track(Address sender, long next) {
    SenderNonces nonces = new SenderNonces(next);
    senders.put(sender, nonces);
    settled.remove(sender);
    return nonces;
  }

  /** Advances past {@code first} and every held record that continues the run. */
  private List<Submission> runFrom(SenderNonces nonces, Submission first) {
    List<Submission> run = new ArrayList<>(1);
    run.add(first);
    nonces.next = first.nonce() + 1;
    while (nonces.heldInSender > 0 && nonces.next != LAST_NONCE) {
      HeldRecord held = nonces.held[slotOf(nonces.next)];
      if (held == null || held.submission.nonce() != nonces.next) {
        break;
      }
      unhold(nonces, held);
      run.add(held.submission);
      nonces.next++;
    }
    return run;
  }

  private Admission hold(SenderNonces nonces, Submission submission, long nowMillis) {
    if (nonces.held == null) {
      nonces.held = new HeldRecord[holdAhead];
    }
    int index = slotOf(submission.nonce());
    if (nonces.held[index] != null) {
      return new Admission.Refused(
          Reason.NONCE_TOO_LOW,
          "nonce "
              + unsigned(submission.nonce())
              + " of "
              + submission.sender
              + " is already taken by a record waiting for nonce "
              + unsigned(nonces.next));
    }
    if (heldCount >= maxHeld) {
      forgetIfSettled(submission.sender, nonces);
      return new Admission.Refused(
          Reason.BUSY,
          maxHeld + " records already wait for earlier nonces; retry, or send nonces in order");
    }
    HeldRecord held = new HeldRecord(submission, nowMillis + holdMillis);
    nonces.held[index] = held;
    nonces.heldInSender++;
    heldCount++;
    deadlines.add(held);
    if (deadlines.size() > 2 * maxHeld + 64) {
      // Released records stay in the deadline queue until their deadline; sweep them out now and
      // then so the queue stays within a small multiple of the held records.
      deadlines.removeIf(record -> record.released);
    }
    return HELD;
  }

  private void unhold(SenderNonces nonces, HeldRecord held) {
    nonces.held[slotOf(held.submission.nonce())] = null;
    nonces.heldInSender--;
    heldCount--;
    held.released = true;
  }

  private void forgetIfSettled(Address sender, SenderNonces nonces) {
    if (nonces.heldInSender == 0 && nonces.lastSequence <= applied) {
      senders.remove(sender);
      pendingNonces.remove(sender);
      // Exact: nothing of this sender was sequenced after the snapshot or count it came from.
      settled.put(sender, new Settled(nonces.next, nonces.lastSequence));
    }
  }

  /** Held nonces lie within {@code holdAhead} consecutive values, so they never share a slot. */
  private int slotOf(long nonce) {
    return (int) Long.remainderUnsigned(nonce, holdAhead);
  }

  private static String unsigned(long nonce) {
    return Long.toUnsignedString(nonce);
  }

  private static final class SenderNonces {
    long next;
    long lastSequence = -1;
    HeldRecord[] held;
    int heldInSender;

    SenderNonces(long next) {
      this.next = next;
    }
  }

  private static final class HeldRecord {
    final Submission submission;
    final Address sender;
    final long deadlineMillis;
    boolean released;

    HeldRecord(Submission submission, long deadlineMillis) {
      this.submission = submission;
      this.sender = submission.sender;
      this.deadlineMillis = deadlineMillis;
    }
  }

  private record SequencedSender(long sequence, Address sender) {}

  /** A settled sender's next nonce and the sequence of its last record (−1: none since start). */
  private record Settled(long next, long lastSequence) {}
}
