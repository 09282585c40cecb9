package dev.sluice.devnet.load;

import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.rpc.client.SluiceWebSocketClient;
import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.state.record.SignedRecord;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** How one load client reaches the node: the SDK over HTTP or over one WebSocket. */
interface RecordTransport extends AutoCloseable {

  /** Submits {@code record}; completes when the node acknowledges it as durable. */
  CompletableFuture<Acknowledgement> send(SignedRecord record);

  @Override
  void close();

  enum Kind {
    HTTP,
    WS;

    RecordTransport open(URI httpEndpoint, URI webSocketEndpoint, Duration timeout) {
      return switch (this) {
        case HTTP -> new Http(SluiceClient.connect(httpEndpoint, timeout));
        case WS -> new WebSocket(SluiceWebSocketClient.connect(webSocketEndpoint));
      };
    }
  }

  /**
   * {@code sluice_sendRecord} over HTTP/1.1 with {@code java.net.http}: one client per gateway,
   * which opens a kept-alive connection for each request it has in flight.
   */
  record Http(SluiceClient client) implements RecordTransport {
    @Override
    public CompletableFuture<Acknowledgement> send(SignedRecord record) {
      return client.sendAsync(record);
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /**
   * {@code sluice_sendRecord} over one WebSocket per gateway; the node starts a connection's
   * requests in arrival order, so a gateway's pipelined records keep their nonce order.
   */
  record WebSocket(SluiceWebSocketClient client) implements RecordTransport {
    @Override
    public CompletableFuture<Acknowledgement> send(SignedRecord record) {
      return client.send(record);
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
