package dev.sluice.rpc.subscriptions;

import dev.sluice.bridge.poster.BatchProgress;
import dev.sluice.bridge.poster.RollupProgress;
import dev.sluice.rpc.json.JsonCodec;
import dev.sluice.rpc.json.Quantity;
import dev.sluice.rpc.jsonrpc.JsonRpcErrorException;
import dev.sluice.rpc.jsonrpc.JsonRpcNotification;
import dev.sluice.rpc.jsonrpc.RpcErrorType;
import dev.sluice.rpc.metrics.RpcMetrics;
import dev.sluice.rpc.results.BatchResult;
import dev.sluice.rpc.results.ReceiptResult;
import dev.sluice.rpc.results.RecordResult;
import dev.sluice.rpc.results.RecordStage;
import dev.sluice.sequencer.FeedListener;
import dev.sluice.sequencer.FeedSubscription;
import dev.sluice.sequencer.SequencedRecord;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.state.stf.Receipt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The subscriptions of one WebSocket connection, each a feed subscription on the sequencer.
 *
 * <p>Delivery: every record of the feed, in order and without gaps, filtered by stream, becomes one
 * {@code sluice_subscription} notification. A new subscription is held until the response that
 * names it has been written ({@link #releaseHeld}), so a client never sees a notification for an id
 * it has not been told. A subscriber whose messages pile up unsent (it reads too slowly) is dropped
 * with a {@code sluice_subscriptionEnded} notification that says from which sequence to
 * resubscribe; it never slows the sequencer.
 */
public final class ConnectionSubscriptions {
  private static final System.Logger LOG =
      System.getLogger(ConnectionSubscriptions.class.getName());

  /** The method name of notifications that carry a record or receipt. */
  public static final String NOTIFICATION = "sluice_subscription";

  /** The method name of the notification sent when the node ends a subscription. */
  public static final String ENDED = "sluice_subscriptionEnded";

  /** Makes the subscriptions of a new connection, given where its messages go. */
  @FunctionalInterface
  public interface Factory {
    ConnectionSubscriptions create(MessageSink sink);
  }

  private final Sequencer sequencer;
  private final RollupProgress progress;
  private final MessageSink sink;
  private final JsonCodec codec;
  private final int maxSubscriptions;
  private final int maxPendingMessages;
  private final RpcMetrics metrics;
  private final Map<String, Subscription> live = new LinkedHashMap<>();
  private int nextId = 1;
  private boolean closed;

  /**
   * @param maxPendingMessages how many notifications of one subscription may wait unsent before it
   *     is dropped
   */
  public ConnectionSubscriptions(
      Sequencer sequencer,
      MessageSink sink,
      JsonCodec codec,
      int maxSubscriptions,
      int maxPendingMessages,
      RpcMetrics metrics) {
    this(
        sequencer,
        RollupProgress.none("no L1 posting"),
        sink,
        codec,
        maxSubscriptions,
        maxPendingMessages,
        metrics);
  }

  /** As above, with the poster's progress for {@link SubscriptionKind#BATCHES}. */
  public ConnectionSubscriptions(
      Sequencer sequencer,
      RollupProgress progress,
      MessageSink sink,
      JsonCodec codec,
      int maxSubscriptions,
      int maxPendingMessages,
      RpcMetrics metrics) {
    this.sequencer = sequencer;
    this.progress = progress;
    this.sink = sink;
    this.codec = codec;
    this.maxSubscriptions = maxSubscriptions;
    this.maxPendingMessages = maxPendingMessages;
    this.metrics = metrics;
  }

  /**
   * A view for one incoming message: subscriptions opened through it are held until {@link
   * Scope#releaseHeld}, which the transport calls after writing that message's response.
   */
  public Scope scope() {
    return new Scope();
  }

  private Subscription open(
      SubscriptionKind kind, Optional<String> stream, OptionalLong fromSequence) {
    Subscription subscription;
    synchronized (this) {
      if (closed) {
        throw new JsonRpcErrorException(RpcErrorType.LIMIT_EXCEEDED, "the connection is closing");
      }
      if (live.size() >= maxSubscriptions) {
        throw new JsonRpcErrorException(
            RpcErrorType.LIMIT_EXCEEDED,
            "a connection holds at most "
                + maxSubscriptions
                + " subscriptions; unsubscribe one or open another connection",
            Map.of("limit", maxSubscriptions));
      }
      String id = Quantity.format(nextId++);
      // Read before subscribing: a resume point too early re-delivers, one too late would skip.
      long first = fromSequence.orElse(sequencer.status().nextSequence());
      subscription = new Subscription(id, kind, stream, first);
      live.put(id, subscription);
    }
    metrics.subscriptionOpened();
    if (kind == SubscriptionKind.BATCHES) {
      AutoCloseable listening = progress.onBatchProgress(subscription::onBatch);
      subscription.attach(
          () -> {
            try {
              listening.close();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      return subscription;
    }
    FeedSubscription feed = sequencer.subscribe(fromSequence, subscription);
    subscription.attach(feed);
    return subscription;
  }

  /** Ends subscription {@code id}; false if this connection has no such subscription. */
  public boolean unsubscribe(String id) {
    Subscription subscription;
    synchronized (this) {
      subscription = live.remove(id);
    }
    if (subscription == null) {
      return false;
    }
    subscription.end();
    return true;
  }

  /** Ends every subscription; the connection is gone. */
  public void closeAll() {
    List<Subscription> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(live.values());
      live.clear();
    }
    all.forEach(Subscription::end);
  }

  public synchronized int size() {
    return live.size();
  }

  /** The subscriptions of one message's requests, released together once it is answered. */
  public final class Scope {
    private final List<Subscription> opened = new ArrayList<>();

    private Scope() {}

    /**
     * Opens a subscription, held until {@link #releaseHeld}.
     *
     * @param fromSequence the first sequence to deliver; empty for the next record sequenced
     * @return the subscription id
     * @throws JsonRpcErrorException LIMIT_EXCEEDED when the connection has its maximum already
     */
    public String subscribe(
        SubscriptionKind kind, Optional<String> stream, OptionalLong fromSequence) {
      Subscription subscription = open(kind, stream, fromSequence);
      synchronized (opened) {
        opened.add(subscription);
      }
      return subscription.id;
    }

    /** Ends the connection's subscription {@code id}; false if it has no such subscription. */
    public boolean unsubscribe(String id) {
      return ConnectionSubscriptions.this.unsubscribe(id);
    }

    /** Lets this message's new subscriptions deliver; call after writing its response. */
    public void releaseHeld() {
      List<Subscription> toRelease;
      synchronized (opened) {
        toRelease = new ArrayList<>(opened);
        opened.clear();
      }
      toRelease.forEach(Subscription::release);
    }
  }

  private void dropped(Subscription subscription, String reason) {
    synchronized (this) {
      live.remove(subscription.id);
    }
    sink.send(
        codec.writeString(
            new JsonRpcNotification(
                ENDED,
                new Ended(subscription.id, reason, Quantity.format(subscription.resumeFrom())))),
        () -> {});
  }

  /** The params of a {@code sluice_subscriptionEnded} notification. */
  public record Ended(String subscription, String reason, String resumeFromSequence) {}

  /** The params of a {@code sluice_subscription} notification. */
  public record Delivery(String subscription, Object result) {}

  private final class Subscription implements FeedListener {
    private final String id;
    private final SubscriptionKind kind;
    private final Optional<String> stream;
    private final AtomicInteger pending = new AtomicInteger();
    private final List<String> held = new ArrayList<>();
    private boolean holding = true;
    private boolean ended;
    private long resumeFrom;
    private FeedSubscription feed;

    Subscription(String id, SubscriptionKind kind, Optional<String> stream, long first) {
      this.id = id;
      this.kind = kind;
      this.stream = stream;
      this.resumeFrom = first;
    }

    @Override
    public void onRecord(SequencedRecord record, Receipt receipt) {
      String message = null;
      if (stream.isEmpty() || stream.get().equals(record.record().record().stream())) {
        Object result =
            kind == SubscriptionKind.RECORDS
                ? RecordResult.of(record)
                : ReceiptResult.of(receipt, RecordStage.SEQUENCED);
        message =
            codec.writeString(new JsonRpcNotification(NOTIFICATION, new Delivery(id, result)));
      }
      String overflow = null;
      synchronized (this) {
        if (ended) {
          return;
        }
        if (message != null) {
          overflow = holding ? hold(message) : write(message);
        }
        if (overflow == null) {
          resumeFrom = record.sequence() + 1;
        }
      }
      if (overflow != null) {
        drop(overflow);
      }
    }

    /** A batch changed stage; batch subscriptions have no sequence to resume from. */
    void onBatch(BatchProgress batch) {
      String message =
          codec.writeString(
              new JsonRpcNotification(NOTIFICATION, new Delivery(id, BatchResult.of(batch))));
      String overflow;
      synchronized (this) {
        if (ended) {
          return;
        }
        overflow = holding ? hold(message) : write(message);
      }
      if (overflow != null) {
        drop(overflow);
      }
    }

    @Override
    public void onDropped(String reason) {
      drop("the sequencer ended the feed: " + reason);
    }

    private String hold(String message) {
      if (held.size() >= maxPendingMessages) {
        return "more than "
            + maxPendingMessages
            + " notifications queued before the subscription started";
      }
      held.add(message);
      return null;
    }

    private String write(String message) {
      if (pending.get() >= maxPendingMessages) {
        return "the client fell behind: " + maxPendingMessages + " notifications unsent";
      }
      pending.incrementAndGet();
      sink.send(message, pending::decrementAndGet);
      return null;
    }

    void release() {
      String overflow = null;
      synchronized (this) {
        if (!holding || ended) {
          return;
        }
        holding = false;
        for (String message : held) {
          overflow = write(message);
          if (overflow != null) {
            break;
          }
        }
        held.clear();
      }
      if (overflow != null) {
        drop(overflow);
      }
    }

    void attach(FeedSubscription feed) {
      boolean alreadyEnded;
      synchronized (this) {
        this.feed = feed;
        alreadyEnded = ended;
      }
      if (alreadyEnded) {
        feed.close();
      }
    }

    synchronized long resumeFrom() {
      return resumeFrom;
    }

    /** Ends delivery; true if this call ended it. */
    boolean end() {
      FeedSubscription toClose;
      synchronized (this) {
        if (ended) {
          return false;
        }
        ended = true;
        held.clear();
        toClose = feed;
      }
      if (toClose != null) {
        try {
          toClose.close();
        } catch (RuntimeException failure) {
          // The feed is ending anyway (the node is stopping); the others must still be closed.
          LOG.log(
              System.Logger.Level.WARNING, "closing feed subscription " + id + " failed", failure);
        }
      }
      metrics.subscriptionClosed();
      return true;
    }

    private void drop(String reason) {
      if (end()) {
        dropped(this, reason + "; resubscribe with fromSequence to continue without a gap");
      }
    }
  }
}
