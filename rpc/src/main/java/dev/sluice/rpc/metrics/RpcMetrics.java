package dev.sluice.rpc.metrics;

import dev.sluice.rpc.jsonrpc.Transport;
import dev.sluice.sequencer.Sequencer;
import dev.sluice.sequencer.SequencerStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * The RPC layer's meters. RPC-side numbers (requests, acknowledgement latency, rejections,
 * connections, rate limiting) are measured here; sequencer-side ones are read from {@link
 * Sequencer#status()} when scraped, since that is all the sequencer's interface offers.
 *
 * <p>Names follow Prometheus conventions once Micrometer renders them: {@code sluice.rpc.requests}
 * is scraped as {@code sluice_rpc_requests_total}.
 */
public final class RpcMetrics {
  private final MeterRegistry registry;
  private final Counter recordsReceived;
  private final Timer acknowledgementLatency;
  private final AtomicInteger httpConnections = new AtomicInteger();
  private final AtomicInteger webSocketConnections = new AtomicInteger();
  private final AtomicInteger adminConnections = new AtomicInteger();
  private final AtomicInteger submissionsInFlight = new AtomicInteger();
  private final AtomicInteger subscriptions = new AtomicInteger();

  public RpcMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.recordsReceived =
        Counter.builder("sluice.rpc.records.received")
            .description(
                "Records submitted (sluice_sendRecord*), before any check: the ingress rate")
            .register(registry);
    this.acknowledgementLatency =
        Timer.builder("sluice.rpc.record.ack")
            .description("From receiving a record to the sequencer acknowledging it durable")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    Gauge.builder("sluice.rpc.connections", httpConnections, AtomicInteger::get)
        .description("Open connections")
        .tag("transport", "http")
        .register(registry);
    Gauge.builder("sluice.rpc.connections", webSocketConnections, AtomicInteger::get)
        .description("Open connections")
        .tag("transport", "websocket")
        .register(registry);
    Gauge.builder("sluice.rpc.connections", adminConnections, AtomicInteger::get)
        .description("Open connections")
        .tag("transport", "admin")
        .register(registry);
    Gauge.builder("sluice.rpc.submissions.in.flight", submissionsInFlight, AtomicInteger::get)
        .description("Records handed to the sequencer and not yet acknowledged or refused")
        .register(registry);
    Gauge.builder("sluice.rpc.subscriptions", subscriptions, AtomicInteger::get)
        .description("Live WebSocket subscriptions")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** One JSON-RPC call answered, with its outcome ("ok" or the error code). */
  public void recordCall(String method, Transport transport, String outcome, long nanos) {
    Counter.builder("sluice.rpc.requests")
        .description("JSON-RPC calls answered, by method, transport and outcome")
        .tags("method", method, "transport", lower(transport), "outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("sluice.rpc.request.duration")
        .description("Time to answer a JSON-RPC call, by method")
        .tags("method", method)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void recordReceived() {
    recordsReceived.increment();
  }

  public void submissionStarted() {
    submissionsInFlight.incrementAndGet();
  }

  public void recordAcknowledged(long nanos) {
    submissionsInFlight.decrementAndGet();
    acknowledgementLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A submitted record that was not ordered, by reason (the error type, lower case). */
  public void recordRejected(String reason, boolean reachedSequencer) {
    if (reachedSequencer) {
      submissionsInFlight.decrementAndGet();
    }
    Counter.builder("sluice.rpc.record.rejections")
        .description("Submitted records that were not ordered, by reason")
        .tags("reason", reason.toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  /** A request or record refused by a rate limit ("address" or "signer"). */
  public void rateLimited(String limit) {
    Counter.builder("sluice.rpc.rate.limited")
        .description("Requests and records refused by a rate limit")
        .tags("limit", limit)
        .register(registry)
        .increment();
  }

  /** A request or connection refused before JSON-RPC saw it, by reason. */
  public void refused(String reason) {
    Counter.builder("sluice.rpc.refused")
        .description("Connections and requests refused by a transport limit or check")
        .tags("reason", reason)
        .register(registry)
        .increment();
  }

  public void connectionOpened(Transport transport) {
    counterOf(transport).incrementAndGet();
  }

  public void connectionClosed(Transport transport) {
    counterOf(transport).decrementAndGet();
  }

  public void subscriptionOpened() {
    subscriptions.incrementAndGet();
  }

  public void subscriptionClosed() {
    subscriptions.decrementAndGet();
  }

  /** Gauges over the sequencer's own numbers, read from its status when scraped. */
  public void watchSequencer(Sequencer sequencer) {
    sequencerGauge(
        sequencer,
        "sluice.sequencer.next.sequence",
        "The sequence number the next record gets",
        SequencerStatus::nextSequence);
    sequencerGauge(
        sequencer,
        "sluice.sequencer.applied.sequence",
        "The last applied record, -1 before the first",
        SequencerStatus::appliedSequence);
    sequencerGauge(
        sequencer,
        "sluice.sequencer.apply.backlog",
        "Records ordered and durable but not yet applied to the state",
        status -> status.nextSequence() - 1 - status.appliedSequence());
    sequencerGauge(
        sequencer,
        "sluice.sequencer.paused",
        "1 while an operator has paused sequencing",
        status -> status.paused() ? 1 : 0);
    sequencerGauge(
        sequencer,
        "sluice.sequencer.ready",
        "1 once recovery has replayed the log",
        status -> status.ready() ? 1 : 0);
  }

  public void watchWorkers(ThreadPoolExecutor workers) {
    Gauge.builder("sluice.rpc.worker.queue", workers, pool -> pool.getQueue().size())
        .description("Requests waiting for a worker thread")
        .register(registry);
    Gauge.builder("sluice.rpc.worker.active", workers, ThreadPoolExecutor::getActiveCount)
        .description("Worker threads running a request")
        .register(registry);
  }

  private void sequencerGauge(
      Sequencer sequencer,
      String name,
      String description,
      ToDoubleFunction<SequencerStatus> value) {
    Gauge.builder(name, sequencer, s -> value.applyAsDouble(s.status()))
        .description(description)
        .register(registry);
  }

  private AtomicInteger counterOf(Transport transport) {
    return switch (transport) {
      case HTTP -> httpConnections;
      case WEBSOCKET -> webSocketConnections;
      case ADMIN -> adminConnections;
    };
  }

  private static String lower(Transport transport) {
    return transport.name().toLowerCase(Locale.ROOT);
  }
}
