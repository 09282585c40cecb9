package dev.sluice.devnet;

import dev.sluice.devnet.load.SensorReadings;
import dev.sluice.node.cli.DevnetKeys;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.client.SluiceWebSocketClient;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.RecordSigner;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devnet's demo traffic: a few IoT gateways, each signing its sensors' readings with one of the
 * devnet keys (from key 9 downwards, leaving the low user keys to people) and sending them to the
 * node over JSON-RPC like any client, at a steady total rate. Records go over one WebSocket, which
 * the node reads in order, so pipelined records keep their nonce order on one connection (HTTP
 * would open a connection per request in flight). Each gateway owns its stream ({@code
 * site-NNNN/telemetry}); on a resumed devnet it picks up at the nonce the node reports.
 */
final class DemoProducer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoProducer.class);
  private static final int SENSORS_PER_GATEWAY = 8;
  private static final long SEED = 714;
  private static final Duration TICK = Duration.ofMillis(100);

  /** Records a gateway may have unacknowledged; within the sequencer's nonce hold of 64. */
  private static final int WINDOW = 8;

  static final int MAX_GATEWAYS = DevnetKeys.ALL.size() - DevnetKeys.FIRST_USER;

  private final SluiceClient client;
  private final SluiceWebSocketClient socket;
  private final List<Gateway> gateways = new ArrayList<>();
  private final double recordsPerTick;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "demo-producer");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private double owed;
  private int nextGateway;

  private DemoProducer(SluiceClient client, SluiceWebSocketClient socket, double recordsPerSecond) {
    this.client = client;
    this.socket = socket;
    this.recordsPerTick = recordsPerSecond * TICK.toMillis() / 1000.0;
  }

  /** Starts {@code gatewayCount} gateways sending {@code recordsPerSecond} records in all. */
  static DemoProducer start(
      URI rpcUrl, URI webSocketUrl, int gatewayCount, double recordsPerSecond) {
    if (gatewayCount < 1 || gatewayCount > MAX_GATEWAYS) {
      throw new IllegalArgumentException("the demo runs 1 to " + MAX_GATEWAYS + " gateways");
    }
    SluiceClient client = SluiceClient.connect(rpcUrl, Duration.ofSeconds(10));
    DemoProducer producer;
    try {
      producer =
          new DemoProducer(client, SluiceWebSocketClient.connect(webSocketUrl), recordsPerSecond);
    } catch (RuntimeException failed) {
      client.close();
      throw failed;
    }
    Eip712Domain domain = client.signingDomain();
    for (int g = 0; g < gatewayCount; g++) {
      RecordSigner signer = RecordSigner.ofPrivateKey(domain, DevnetKeys.get(keyIndex(g)));
      producer.gateways.add(
          new Gateway(
              signer,
              new SensorReadings(g + 1, SENSORS_PER_GATEWAY, SEED),
              client.nonce(signer.address())));
    }
    producer.ticker.scheduleAtFixedRate(producer::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("demo producer: {} gateways, {} records/s", gatewayCount, recordsPerSecond);
    return producer;
  }

  /** The devnet key of gateway {@code g}: 9, 8, 7, ... */
  static int keyIndex(int gateway) {
    return DevnetKeys.ALL.size() - 1 - gateway;
  }

  long acknowledged() {
    return acknowledged.get();
  }

  long refused() {
    return refused.get();
  }

  private void tick() {
    try {
      owed += recordsPerTick;
      while (owed >= 1) {
        Gateway gateway = gateways.get(nextGateway);
        nextGateway = (nextGateway + 1) % gateways.size();
        if (!gateway.trySend(client, socket, acknowledged, refused)) {
          // Every gateway's window is full: the node is behind; do not pile up more.
          owed = Math.min(owed, gateways.size() * WINDOW);
          return;
        }
        owed--;
      }
    } catch (RuntimeException unexpected) {
      LOG.warn("demo producer: {}", unexpected.getMessage());
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    socket.close();
    client.close();
  }

  /** One gateway: its key, its readings and its next nonce. */
  private static final class Gateway {
    private final RecordSigner signer;
    private final SensorReadings readings;
    // Guarded by this.
    private long nextNonce;
    private int inFlight;
    private boolean resync;

    Gateway(RecordSigner signer, SensorReadings readings, long nextNonce) {
      this.signer = signer;
      this.readings = readings;
      this.nextNonce = nextNonce;
    }

    boolean trySend(
        SluiceClient client,
        SluiceWebSocketClient socket,
        AtomicLong acknowledged,
        AtomicLong refused) {
      long nonce;
      synchronized (this) {
        if (inFlight >= WINDOW) {
          return false;
        }
        if (resync) {
          if (inFlight > 0) {
            return true;
          }
          nextNonce = client.nonce(signer.address());
          resync = false;
        }
        nonce = nextNonce++;
        inFlight++;
      }
      socket
          .send(signer.sign(readings.next(nonce, nonce)))
          .whenComplete(
              (ack, failure) -> {
                synchronized (this) {
                  inFlight--;
                  if (failure != null) {
                    // A refused record leaves a gap in the nonces: start again from the node's.
                    resync = true;
                  }
                }
                if (failure == null) {
                  acknowledged.incrementAndGet();
                } else if (refused.incrementAndGet() % 100 == 1) {
                  LOG.warn("demo producer: a record was refused: {}", failure.getMessage());
                }
              });
      return true;
    }
  }
}
