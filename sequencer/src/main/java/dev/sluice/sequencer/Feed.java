package dev.sluice.sequencer;

import dev.sluice.state.stf.Receipt;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subscription feed: every applied record with its receipt, in sequence order and without gaps,
 * to each subscriber.
 *
 * <p>Each subscription has a bounded buffer and a virtual thread that calls its listener, so a slow
 * or blocking listener delays only itself. The state thread {@linkplain #publish publishes} each
 * applied group by offering it to every live subscriber's buffer, never waiting: a subscriber whose
 * buffer is full is dropped with a reason. A subscription that starts behind the head first catches
 * up from the stored log and receipts, then joins the live subscribers at the exact point where the
 * published sequence is the one it needs next; both steps take the feed's lock, so nothing
 * published in between is lost or doubled.
 */
final class Feed {

  /** One record of the feed. */
  record Item(SequencedRecord record, Receipt receipt) {
    long sequence() {
      return receipt.sequence();
    }
  }

  /** The applied records already published, for catching up. */
  interface History {
    /** The record and receipt of {@code sequence}, which has been published. */
    Item item(long sequence);
  }

  /** Wakes a delivery thread that waits on an empty buffer so it sees its subscription ended. */
  private static final Item WAKE = new Item(null, null);

  private final Object lock = new Object();
  private final List<Subscriber> live = new ArrayList<>();
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final History history;
  private final int bufferRecords;
  private final int maxSubscribers;
  private final PipelineMetrics metrics;
  private final AtomicLong ids = new AtomicLong();
  private volatile long lastPublished;
  private String closedReason;

  /**
   * @param lastPublished the last sequence the history holds before the first publication
   */
  Feed(
      History history,
      long lastPublished,
      int bufferRecords,
      int maxSubscribers,
      PipelineMetrics metrics) {
    this.history = history;
    this.lastPublished = lastPublished;
    this.bufferRecords = bufferRecords;
    this.maxSubscribers = maxSubscribers;
    this.metrics = metrics;
  }

  /** See {@link Sequencer#subscribe}. */
  FeedSubscription subscribe(OptionalLong fromSequence, FeedListener listener) {
    Subscriber subscriber;
    synchronized (lock) {
      if (closedReason != null) {
        throw new IllegalStateException("the feed is closed: " + closedReason);
      }
      if (subscribers.size() >= maxSubscribers) {
        throw new IllegalStateException(
            "the feed has its maximum of " + maxSubscribers + " subscribers; retry later");
      }
      long from = fromSequence.orElse(lastPublished + 1);
      if (from < 0) {
        throw new IllegalArgumentException("a feed starts at sequence 0 or later, not " + from);
      }
      subscriber = new Subscriber(listener, from);
      subscribers.add(subscriber);
    }
    Thread.ofVirtual().name("sluice-feed-" + ids.incrementAndGet()).start(subscriber::run);
    return subscriber;
  }

  /** Offers an applied group to every live subscriber; called by the state thread. */
  void publish(List<Item> items) {
    if (items.isEmpty()) {
      return;
    }
    synchronized (lock) {
      for (Iterator<Subscriber> it = live.iterator(); it.hasNext(); ) {
        Subscriber subscriber = it.next();
        for (Item item : items) {
          if (!subscriber.buffer.offer(item)) {
            it.remove();
            subscriber.end(
                "fell more than "
                    + bufferRecords
                    + " records behind: its buffer was full at sequence "
                    + item.sequence());
            metrics.subscriberDropped();
            break;
          }
        }
      }
      lastPublished = items.get(items.size() - 1).sequence();
    }
  }

  /** The last published sequence. */
  long lastPublished() {
    return lastPublished;
  }

  int subscriberCount() {
    return subscribers.size();
  }

  /** Ends every subscription with {@code reason} and refuses new ones. */
  void close(String reason) {
    synchronized (lock) {
      closedReason = reason;
      live.clear();
      for (Subscriber subscriber : subscribers) {
        subscriber.end(reason);
      }
    }
  }

  /** Makes {@code subscriber} live if it has delivered everything published; else it reads on. */
  private boolean tryGoLive(Subscriber subscriber) {
    synchronized (lock) {
      if (subscriber.endReason != null) {
        return true;
      }
      if (subscriber.next > lastPublished) {
        live.add(subscriber);
        return true;
      }
      return false;
    }
  }

  private void end(Subscriber subscriber, String reason) {
    synchronized (lock) {
      live.remove(subscriber);
      subscriber.end(reason);
    }
  }

  /** One subscription and the delivery loop its virtual thread runs. */
  private final class Subscriber implements FeedSubscription {
    private final FeedListener listener;
    private final ArrayBlockingQueue<Item> buffer;

    /** The next sequence to deliver; owned by the delivery thread. */
    private long next;

    /** Why delivery ended; set once, under the feed's lock. */
    private volatile String endReason;

    private volatile boolean closedByListener;

    Subscriber(FeedListener listener, long from) {
      this.listener = listener;
      this.buffer = new ArrayBlockingQueue<>(bufferRecords);
      this.next = from;
    }

    @Override
    public void close() {
      closedByListener = true;
      Feed.this.end(this, "closed by the subscriber");
    }

    /** Caller holds the feed's lock, so no publication refills the buffer in between. */
    void end(String reason) {
      if (endReason != null) {
        return;
      }
      endReason = reason;
      buffer.clear();
      buffer.offer(WAKE);
    }

    void run() {
      try {
        catchUp();
        deliverLive();
      } catch (InterruptedException e) {
        Feed.this.end(this, "the delivery thread was interrupted");
      } catch (RuntimeException e) {
        Feed.this.end(this, "delivery failed at sequence " + next + ": " + e.getMessage());
      } finally {
        subscribers.remove(this);
        if (!closedByListener) {
          try {
            listener.onDropped(endReason);
          } catch (RuntimeException ignored) {
            // The subscription is over either way; a failing callback has no one left to tell.
          }
        }
      }
    }

    private void catchUp() {
      while (endReason == null && !tryGoLive(this)) {
        long target = lastPublished;
        while (next <= target && endReason == null) {
          deliver(history.item(next));
        }
      }
    }

    private void deliverLive() throws InterruptedException {
      while (endReason == null) {
        Item item = buffer.take();
        if (item == WAKE || item.sequence() < next) {
          continue;
        }
        if (item.sequence() != next) {
          throw new IllegalStateException(
              "feed gap: expected sequence " + next + ", got " + item.sequence());
        }
        deliver(item);
      }
    }

    private void deliver(Item item) {
      try {
        listener.onRecord(item.record(), item.receipt());
        next++;
      } catch (RuntimeException e) {
        Feed.this.end(this, "the listener failed at sequence " + item.sequence() + ": " + e);
        metrics.subscriberDropped();
      }
    }
  }
}
