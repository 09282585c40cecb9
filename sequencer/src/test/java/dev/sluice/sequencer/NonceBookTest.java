package dev.sluice.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.sequencer.NonceBook.Admission;
import dev.sluice.sequencer.SubmissionRejectedException.Reason;
import dev.sluice.state.Address;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.SignedRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class NonceBookTest {
  private static final Address ALICE =
      Address.fromHex("0x00000000000000000000000000000000000a11ce");
  private static final Address BOB = Address.fromHex("0x0000000000000000000000000000000000000b0b");
  private static final long HOLD_MILLIS = 2_000;

  private final Map<Address, Long> pending = new ConcurrentHashMap<>();
  private final NonceBook book = new NonceBook(4, HOLD_MILLIS, 8, 2, pending);
  private long nextSequence;

  @Test
  void shouldSequenceTheExpectedNonceAtOnce() {
    Admission admission = book.admit(submission(ALICE, 0, -1, 0), 0);

    assertEquals(List.of(0L), nonces(admission));
  }

  @Test
  void shouldHoldFutureNoncesAndReleaseThemInOrder() {
    assertInstanceOf(Admission.Held.class, book.admit(submission(ALICE, 2, -1, 0), 0));
    assertInstanceOf(Admission.Held.class, book.admit(submission(ALICE, 1, -1, 0), 0));
    assertEquals(2, book.heldCount());

    Admission admission = book.admit(submission(ALICE, 0, -1, 0), 0);

    assertEquals(List.of(0L, 1L, 2L), nonces(admission));
    assertEquals(0, book.heldCount());
  }

  @Test
  void shouldKeepAGapHeldWhileReleasingTheRunBeforeIt() {
    book.admit(submission(ALICE, 1, -1, 0), 0);
    book.admit(submission(ALICE, 3, -1, 0), 0);

    assertEquals(List.of(0L, 1L), nonces(sequenced(book.admit(submission(ALICE, 0, -1, 0), 0))));
    assertEquals(1, book.heldCount());
    assertEquals(List.of(2L, 3L), nonces(book.admit(submission(ALICE, 2, -1, 0), 0)));
  }

  @Test
  void shouldRefuseAUsedNonceAsTooLowNamingTheNextOne() {
    Admission admission = book.admit(submission(ALICE, 4, 9, 5), 0);

    Admission.Refused refused = assertInstanceOf(Admission.Refused.class, admission);
    assertEquals(Reason.NONCE_TOO_LOW, refused.reason());
    assertTrue(refused.message().contains("is 5"), refused.message());
  }

  @Test
  void shouldRefuseASecondRecordForAHeldNonce() {
    book.admit(submission(ALICE, 2, -1, 0), 0);

    Admission admission = book.admit(submission(ALICE, 2, -1, 0), 0);

    assertEquals(
        Reason.NONCE_TOO_LOW, assertInstanceOf(Admission.Refused.class, admission).reason());
  }

  @Test
  void shouldRefuseANonceBeyondTheHoldWindowNamingTheExpectedOne() {
    assertInstanceOf(Admission.Held.class, book.admit(submission(ALICE, 4, -1, 0), 0));

    Admission admission = book.admit(submission(ALICE, 5, -1, 0), 0);

    Admission.Refused refused = assertInstanceOf(Admission.Refused.class, admission);
    assertEquals(Reason.NONCE_TOO_HIGH, refused.reason());
    assertTrue(refused.message().contains("which is 0"), refused.message());
  }

  @Test
  void shouldRefuseAHeldRecordWhenItsTimeIsUp() {
    book.admit(submission(ALICE, 1, -1, 0), 1_000);

    assertTrue(book.expire(1_000 + HOLD_MILLIS - 1).isEmpty());
    List<NonceBook.Refusal> refused = book.expire(1_000 + HOLD_MILLIS);

    assertEquals(1, refused.size());
    assertEquals(Reason.NONCE_TOO_HIGH, refused.get(0).reason());
    assertTrue(refused.get(0).message().contains("is 0"), refused.get(0).message());
    assertEquals(0, book.heldCount());
    assertEquals(0, book.trackedSenders());
  }

  @Test
  void shouldNotExpireARecordReleasedBeforeItsDeadline() {
    book.admit(submission(ALICE, 1, -1, 0), 0);
    sequenced(book.admit(submission(ALICE, 0, -1, 0), 0));

    assertTrue(book.expire(HOLD_MILLIS * 2).isEmpty());
  }

  @Test
  void shouldRefuseWithBusyWhenTheHoldIsFull() {
    NonceBook small = new NonceBook(4, HOLD_MILLIS, 2, 2, pending);
    small.admit(submission(ALICE, 1, -1, 0), 0);
    small.admit(submission(BOB, 1, -1, 0), 0);

    Admission admission = small.admit(submission(ALICE, 2, -1, 0), 0);

    assertEquals(Reason.BUSY, assertInstanceOf(Admission.Refused.class, admission).reason());
  }

  @Test
  void shouldUseItsOwnCountWhileTheSendersRecordsAreUnapplied() {
    sequenced(book.admit(submission(ALICE, 0, -1, 0), 0));
    sequenced(book.admit(submission(ALICE, 1, -1, 0), 0));
    assertEquals(2L, pending.get(ALICE));

    // A snapshot read before either record was applied still says 0.
    Admission replay = book.admit(submission(ALICE, 1, -1, 0), 0);
    Admission next = book.admit(submission(ALICE, 2, -1, 0), 0);

    assertEquals(Reason.NONCE_TOO_LOW, assertInstanceOf(Admission.Refused.class, replay).reason());
    assertEquals(List.of(2L), nonces(next));
  }

  @Test
  void shouldForgetASenderOnceItsRecordsAreApplied() {
    sequenced(book.admit(submission(ALICE, 0, -1, 0), 0));

    book.forgetApplied(-1);
    assertEquals(1, book.trackedSenders());
    book.forgetApplied(0);

    assertEquals(0, book.trackedSenders());
    assertTrue(pending.isEmpty());
  }

  @Test
  void shouldRememberASettledSendersNonceOverAnOldSnapshot() {
    sequenced(book.admit(submission(ALICE, 0, -1, 0), 0));
    book.forgetApplied(0);

    // Read before sequence 0 was applied, the snapshot says 0; the book knows better.
    assertEquals(0, book.trackedSenders());
    assertEquals(1, book.settledSenders());
    assertEquals(Reason.NONCE_TOO_LOW, refusal(book.admit(submission(ALICE, 0, -1, 0), 0)));
    assertEquals(List.of(1L), nonces(book.admit(submission(ALICE, 1, -1, 0), 0)));
  }

  @Test
  void shouldSendAStaleSnapshotBackForAFreshReadOnceTheSenderIsNoLongerRemembered() {
    Address[] others = {BOB, Address.fromHex("0x0000000000000000000000000000000000000c0c")};
    sequenced(book.admit(submission(ALICE, 0, -1, 0), 0));
    book.forgetApplied(0);
    for (Address other : others) {
      sequenced(book.admit(submission(other, 0, -1, 0), 0));
    }
    book.forgetApplied(2);
    assertEquals(2, book.settledSenders(), "alice was the eldest and is forgotten");

    // Read before sequence 0 was applied: its nonce 0 is out of date.
    assertInstanceOf(Admission.Stale.class, book.admit(submission(ALICE, 1, -1, 0), 0));
    // Read after: nonce 1 is right.
    assertEquals(List.of(1L), nonces(book.admit(submission(ALICE, 1, 0, 1), 0)));
  }

  @Test
  void shouldRefuseTheLastNonceWhichCanNeverBeApplied() {
    Admission admission = book.admit(submission(ALICE, -1L, -1, -1L), 0);

    assertEquals(
        Reason.NONCE_TOO_HIGH, assertInstanceOf(Admission.Refused.class, admission).reason());
  }

  @Test
  void shouldRefuseEveryHeldRecordWhenReleasedAll() {
    book.admit(submission(ALICE, 1, -1, 0), 0);
    book.admit(submission(BOB, 3, -1, 0), 0);

    List<NonceBook.Refusal> refused = book.releaseAll(Reason.PAUSED, "paused");

    assertEquals(2, refused.size());
    assertTrue(refused.stream().allMatch(refusal -> refusal.reason() == Reason.PAUSED));
    assertEquals(0, book.heldCount());
    assertEquals(0, book.trackedSenders());
  }

  @Test
  void shouldReleaseEveryShuffledRecordOnceAndInNonceOrder() {
    long seed = TestSeeds.seed("shouldReleaseEveryShuffledRecordOnceAndInNonceOrder");
    Random random = new Random(seed);
    NonceBook large = new NonceBook(16, HOLD_MILLIS, 1024, 2, pending);
    Address[] senders = new Address[5];
    List<Submission> arrivals = new ArrayList<>();
    for (int s = 0; s < senders.length; s++) {
      byte[] bytes = new byte[20];
      random.nextBytes(bytes);
      senders[s] = Address.wrap(bytes);
      // Shuffle within windows of 16: as far as parallel recovery could reorder a pipeline.
      for (int window = 0; window < 10; window++) {
        List<Submission> block = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          block.add(submission(senders[s], window * 16L + i, -1, 0));
        }
        Collections.shuffle(block, random);
        arrivals.addAll(block);
      }
    }
    Map<Address, List<Long>> released = new HashMap<>();
    for (Submission submission : arrivals) {
      if (large.admit(submission, 0) instanceof Admission.Ready ready) {
        for (Submission next : ready.inOrder()) {
          released.computeIfAbsent(next.sender, a -> new ArrayList<>()).add(next.nonce());
        }
        large.sequenced(submission.sender, nextSequence++);
      }
    }
    for (Address sender : senders) {
      List<Long> expected = new ArrayList<>();
      for (long nonce = 0; nonce < 160; nonce++) {
        expected.add(nonce);
      }
      assertEquals(expected, released.get(sender), TestSeeds.replay(seed));
    }
    assertEquals(0, large.heldCount(), TestSeeds.replay(seed));
  }

  private Admission sequenced(Admission admission) {
    Admission.Ready ready = assertInstanceOf(Admission.Ready.class, admission);
    book.sequenced(ready.inOrder().get(0).sender, nextSequence + ready.inOrder().size() - 1);
    nextSequence += ready.inOrder().size();
    return admission;
  }

  private static Reason refusal(Admission admission) {
    return assertInstanceOf(Admission.Refused.class, admission).reason();
  }

  private static List<Long> nonces(Admission admission) {
    return assertInstanceOf(Admission.Ready.class, admission).inOrder().stream()
        .map(Submission::nonce)
        .toList();
  }

  private static Submission submission(
      Address sender, long nonce, long snapshotSequence, long snapshotNonce) {
    // The book reads only the sender, the nonce and the snapshot, so any signature will do.
    SignedRecord signed =
        new SignedRecord(
            Record.put(nonce, "stream", new byte[] {1}, new byte[0]),
            RecordFixtures.randomSignature(new Random(nonce)));
    Submission submission = new Submission(signed, 0);
    submission.sender = sender;
    submission.snapshotSequence = snapshotSequence;
    submission.snapshotNonce = snapshotNonce;
    return submission;
  }
}
