package dev.sluice.devnet.bench;

import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One system under test, running, with one connection per client. The driver only ever asks it to
 * prepare a run's records (signing them, off the clock) and then to send one and wait for its
 * acknowledgement, so the same driver measures every system alike.
 */
interface BenchTarget extends AutoCloseable {

  /** Short name for tables: {@code sluice}, {@code anvil}. */
  String name();

  /** What this target's acknowledgement is, for the report. */
  String acknowledgement();

  /** Clients (gateways), each with its own key and connection. */
  int clients();

  /**
   * Makes every client able to write to {@code source}'s streams (for a hot stream: the owner
   * creates it and grants the others); not timed.
   */
  void setUp(PayloadSource source) throws Exception;

  /**
   * Signs {@code payloads} (one list per client) with the clients' next nonces; not timed.
   *
   * @return the run's records, ready to send
   */
  PreparedRun prepare(List<List<Payload>> payloads) throws Exception;

  @Override
  void close() throws IOException;

  /** One run's pre-signed records. */
  interface PreparedRun {
    /** Records client {@code client} has. */
    int size(int client);

    /**
     * Sends client {@code client}'s record {@code index} over its connection and returns once it is
     * acknowledged.
     *
     * @throws Exception if it is refused or fails; the driver counts it as an error
     */
    void send(int client, int index) throws Exception;

    /**
     * Signs each client's payloads with {@code signer}, clients in parallel, and sends them with
     * {@code sender}.
     */
    static <T> PreparedRun signedInParallel(
        List<List<Payload>> payloads, Signer<T> signer, Sender<T> sender) {
      List<List<T>> signed =
          IntStream.range(0, payloads.size())
              .parallel()
              .mapToObj(client -> signer.signAll(client, payloads.get(client)))
              .toList();
      return new PreparedRun() {
        @Override
        public int size(int client) {
          return signed.get(client).size();
        }

        @Override
        public void send(int client, int index) throws Exception {
          sender.send(client, signed.get(client).get(index));
        }
      };
    }

    /** Signs one client's payloads with its next nonces. */
    interface Signer<T> {
      List<T> signAll(int client, List<Payload> payloads);
    }

    /** Sends one signed record over a client's connection and waits for its acknowledgement. */
    interface Sender<T> {
      void send(int client, T signed) throws Exception;
    }
  }
}
