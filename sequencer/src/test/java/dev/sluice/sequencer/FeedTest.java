package dev.sluice.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.stf.Receipt;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeedTest {
  private final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
  private final RandomWorkload workload = new RandomWorkload(42, 3);
  private PipelinedSequencer sequencer;

  @AfterEach
  void closeSequencer() {
    if (sequencer != null) {
      sequencer.close();
    }
  }

  @Test
  void shouldDeliverEveryRecordInOrderToEverySubscriber() {
    sequencer = started(config().checkpointRecords(50));
    CollectingListener fromStart = new CollectingListener();
    sequencer.subscribe(OptionalLong.of(0), fromStart);
    submit(workload.records(80));
    CollectingListener live = new CollectingListener();
    sequencer.subscribe(OptionalLong.empty(), live);
    CollectingListener catchingUp = new CollectingListener();
    sequencer.subscribe(OptionalLong.of(30), catchingUp);
    submit(workload.records(120));

    fromStart.awaitThrough(199);
    catchingUp.awaitThrough(199);
    live.awaitThrough(199);
    assertContiguous(fromStart, 0, 199);
    assertContiguous(catchingUp, 30, 199);
    assertContiguous(live, live.receipts.get(0).sequence(), 199);
    assertTrue(live.receipts.get(0).sequence() <= 80, "a live subscriber starts at the head");
  }

  @Test
  void shouldDropASlowSubscriberWithAReasonWhileOthersContinue() {
    sequencer = started(config().feedBufferRecords(128));
    CountDownLatch unblock = new CountDownLatch(1);
    CompletableFuture<String> dropped = new CompletableFuture<>();
    FeedListener slow =
        new FeedListener() {
          @Override
          public void onRecord(SequencedRecord record, Receipt receipt) {
            try {
              unblock.await(Await.LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void onDropped(String reason) {
            dropped.complete(reason);
          }
        };
    sequencer.subscribe(OptionalLong.of(0), slow);
    CollectingListener fast = new CollectingListener();
    sequencer.subscribe(OptionalLong.of(0), fast);

    // In windows the fast one keeps up with, so only the slow one can fall 128 behind.
    for (int window = 0; window < 5; window++) {
      submit(workload.records(50));
      fast.awaitThrough(window * 50L + 49);
    }

    assertContiguous(fast, 0, 249);
    Await.until(
        () -> sequencer.metrics().droppedSubscribers() == 1, "the slow subscriber is dropped");
    unblock.countDown();
    String reason = Await.result(dropped);
    assertTrue(reason.contains("behind"), reason);
    Await.until(() -> sequencer.metrics().feedSubscribers() == 1, "only the fast one is left");
    assertNull(fast.dropReason);
  }

  @Test
  void shouldCatchUpFromStoredReceiptsAndTheLog() {
    sequencer = started(config().checkpointRecords(5));
    submit(workload.records(40));
    Await.result(sequencer.receiptOf(39));
    Await.result(sequencer.checkpoint());

    CollectingListener late = new CollectingListener();
    sequencer.subscribe(OptionalLong.of(0), late);
    submit(workload.records(10));

    late.awaitThrough(49);
    assertContiguous(late, 0, 49);
  }

  @Test
  void shouldDropAListenerThatThrows() {
    sequencer = started(config());
    CompletableFuture<String> dropped = new CompletableFuture<>();
    sequencer.subscribe(
        OptionalLong.of(0),
        new FeedListener() {
          @Override
          public void onRecord(SequencedRecord record, Receipt receipt) {
            throw new IllegalStateException("cannot keep up");
          }

          @Override
          public void onDropped(String reason) {
            dropped.complete(reason);
          }
        });

    submit(workload.records(1));

    assertTrue(Await.result(dropped).contains("cannot keep up"));
  }

  @Test
  void shouldStopQuietlyWhenTheSubscriberCloses() {
    sequencer = started(config());
    CollectingListener listener = new CollectingListener();
    FeedSubscription subscription = sequencer.subscribe(OptionalLong.empty(), listener);
    submit(workload.records(3));
    listener.awaitThrough(2);

    subscription.close();

    Await.until(() -> sequencer.metrics().feedSubscribers() == 0, "the subscription ends");
    assertNull(listener.dropReason);
  }

  @Test
  void shouldRefuseSubscribersBeyondTheLimit() {
    sequencer = started(config().maxSubscribers(1));
    sequencer.subscribe(OptionalLong.empty(), new CollectingListener());

    assertThrows(
        IllegalStateException.class,
        () -> sequencer.subscribe(OptionalLong.empty(), new CollectingListener()));
  }

  @Test
  void shouldTellSubscribersWhenTheSequencerCloses() {
    sequencer = started(config());
    CollectingListener listener = new CollectingListener();
    sequencer.subscribe(OptionalLong.empty(), listener);

    sequencer.close();

    Await.until(() -> listener.dropReason != null, "the subscriber is told");
    assertTrue(listener.dropReason.contains("closed"), listener.dropReason);
  }

  private void submit(List<SignedRecord> records) {
    for (int from = 0; from < records.size(); from += 50) {
      List<CompletableFuture<Acknowledgement>> acks = new ArrayList<>();
      for (SignedRecord record : records.subList(from, Math.min(records.size(), from + 50))) {
        acks.add(sequencer.submit(record));
      }
      acks.forEach(Await::result);
    }
  }

  private void assertContiguous(CollectingListener listener, long first, long last) {
    List<Receipt> receipts = List.copyOf(listener.receipts);
    assertEquals(last - first + 1, receipts.size());
    for (int i = 0; i < receipts.size(); i++) {
      Receipt receipt = receipts.get(i);
      assertEquals(first + i, receipt.sequence());
      assertEquals(sequencer.receipt(receipt.sequence()).orElseThrow(), receipt);
      assertEquals(receipt.recordHash(), listener.records.get(i).record().recordHash());
      assertEquals(receipt.sequence(), listener.records.get(i).sequence());
    }
  }

  private SequencerConfig.Builder config() {
    return SmallSequencerConfig.builder();
  }

  private PipelinedSequencer started(SequencerConfig.Builder config) {
    PipelinedSequencer started = PipelinedSequencer.open(config.build(), store);
    Await.result(started.start());
    return started;
  }

  /** Keeps what it is given; one delivery thread writes, the test reads. */
  private static final class CollectingListener implements FeedListener {
    final List<Receipt> receipts = Collections.synchronizedList(new ArrayList<>());
    final List<SequencedRecord> records = Collections.synchronizedList(new ArrayList<>());
    volatile String dropReason;

    @Override
    public void onRecord(SequencedRecord record, Receipt receipt) {
      records.add(record);
      receipts.add(receipt);
    }

    @Override
    public void onDropped(String reason) {
      dropReason = reason;
    }

    void awaitThrough(long sequence) {
      Await.until(
          () -> {
            synchronized (receipts) {
              return !receipts.isEmpty()
                  && receipts.get(receipts.size() - 1).sequence() >= sequence;
            }
          },
          "delivery through sequence "
              + sequence
              + " ("
              + receipts.size()
              + " delivered, dropped: "
              + dropReason
              + ")");
    }
  }
}
