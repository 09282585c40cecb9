package dev.sluice.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.node.cli.NodeCommand;
import dev.sluice.node.cli.SluiceCommand;
import dev.sluice.rpc.client.RecordReceipt;
import dev.sluice.rpc.client.SigningAccount;
import dev.sluice.rpc.client.SluiceClient;
import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.stf.Receipt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice node} itself, as an operator runs it, in a child process: records go in through the
 * SDK from several senders, the process is killed with SIGKILL mid-stream, and a new {@code sluice
 * node} on the same data directory must hold every acknowledged record at its sequence, give the
 * receipts seen before the kill byte for byte, and take each sender's next nonce.
 */
class NodeCommandCrashIT {
  private static final Eip712Domain DOMAIN =
      new Eip712Domain(NodeCommand.DEVNET_CHAIN_ID, Address.ZERO);
  private static final int SENDERS = 4;
  private static final int ACKS_BEFORE_KILL = 300;
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir Path directory;

  @Test
  void shouldKeepEveryAcknowledgedRecordWhenSluiceNodeIsKilled() throws Exception {
    Path dataDirectory = directory.resolve("node");
    List<RecordSigner> signers = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) {
      signers.add(RecordSigner.ofPrivateKey(DOMAIN, BigInteger.valueOf(0x5EED00 + i)));
    }
    Map<Long, Bytes32> acknowledged = new ConcurrentSkipListMap<>();
    Map<Address, AtomicInteger> ackedPerSender = new ConcurrentHashMap<>();
    Map<Long, byte[]> receiptsSeen = new ConcurrentSkipListMap<>();
    List<Long> doubled = new CopyOnWriteArrayList<>();
    List<Throwable> senderFailures = new CopyOnWriteArrayList<>();

    try (NodeProcess first = NodeProcess.start(dataDirectory, directory.resolve("first.err"));
        SluiceClient client = SluiceClient.connect(first.rpcUrl())) {
      AtomicBoolean killed = new AtomicBoolean();
      List<Thread> senders = new ArrayList<>();
      for (RecordSigner signer : signers) {
        SigningAccount account = SigningAccount.synced(signer, client);
        ackedPerSender.put(signer.address(), new AtomicInteger());
        senders.add(
            Thread.ofPlatform()
                .daemon()
                .start(
                    () -> {
                      for (int n = 0; !killed.get(); n++) {
                        try {
                          SignedRecord record =
                              account.put(
                                  "meter/" + signer.address().toHex().substring(2, 8),
                                  ("k" + n % 8).getBytes(StandardCharsets.US_ASCII),
                                  ("reading " + n).getBytes(StandardCharsets.US_ASCII));
                          Acknowledgement ack = client.send(record);
                          if (acknowledged.put(ack.sequence(), ack.recordHash()) != null) {
                            doubled.add(ack.sequence());
                          }
                          ackedPerSender.get(signer.address()).incrementAndGet();
                        } catch (RuntimeException | Error failure) {
                          if (!killed.get()) {
                            senderFailures.add(failure);
                          }
                          return;
                        }
                      }
                    }));
      }
      // Receipts read while the node runs, to compare byte for byte after the restart.
      Thread receiptReader =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (!killed.get()) {
                      sleepBriefly(20);
                      for (long sequence : acknowledged.keySet()) {
                        if (receiptsSeen.containsKey(sequence)) {
                          continue;
                        }
                        try {
                          client
                              .receipt(sequence)
                              .ifPresent(r -> receiptsSeen.put(sequence, r.receipt().encode()));
                          sleepBriefly(5);
                        } catch (RuntimeException afterKill) {
                          return;
                        }
                      }
                    }
                  });
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (acknowledged.size() < ACKS_BEFORE_KILL) {
        if (System.nanoTime() > deadline || !senderFailures.isEmpty()) {
          fail(
              "only "
                  + acknowledged.size()
                  + " acknowledgements in "
                  + LIMIT
                  + ": "
                  + senderFailures);
        }
        Thread.sleep(5);
      }
      // Set first: a send the kill cuts off is not a refusal.
      killed.set(true);
      first.kill();
      for (Thread sender : senders) {
        sender.join(LIMIT.toMillis());
      }
      receiptReader.join(LIMIT.toMillis());
    }
    assertEquals(List.of(), doubled, "sequences acknowledged twice");
    assertEquals(List.of(), senderFailures, "records refused while the node ran");
    assertTrue(receiptsSeen.size() > 0, "some receipts were read before the kill");

    try (NodeProcess second = NodeProcess.start(dataDirectory, directory.resolve("second.err"));
        SluiceClient client = SluiceClient.connect(second.rpcUrl())) {
      for (Map.Entry<Long, Bytes32> ack : acknowledged.entrySet()) {
        assertEquals(
            ack.getValue(),
            client.record(ack.getKey()).orElseThrow().record().recordHash(),
            "acknowledged sequence " + ack.getKey());
      }
      for (Map.Entry<Long, byte[]> seen : receiptsSeen.entrySet()) {
        RecordReceipt after = client.awaitReceipt(acknowledged.get(seen.getKey()), LIMIT);
        assertArrayEquals(seen.getValue(), after.receipt().encode(), "receipt " + seen.getKey());
      }
      long next = Long.decode(client.status().nextSequence());
      assertTrue(next >= acknowledged.size(), "next sequence " + next);
      // Every record the log holds, acknowledged or not, has its receipt after the replay.
      Receipt previous = null;
      for (long sequence = 0; sequence < next; sequence++) {
        Receipt receipt = client.receipt(sequence).orElseThrow().receipt();
        assertEquals(sequence, receipt.sequence());
        if (previous != null) {
          assertTrue(receipt.timestamp() >= previous.timestamp(), "timestamps never go back");
        }
        previous = receipt;
      }

      for (RecordSigner signer : signers) {
        SigningAccount account = SigningAccount.synced(signer, client);
        assertTrue(
            account.nextNonce() >= ackedPerSender.get(signer.address()).get(),
            "every acknowledged record of the sender counts");
        RecordReceipt receipt =
            client.sendAndWait(account.put("after/crash", new byte[] {1}, new byte[] {2}));
        assertEquals(next++, receipt.receipt().sequence(), "numbering continues");
      }
      second.stop();
    }
  }

  private static void sleepBriefly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code sluice node} in a child process on a free loopback port. */
  private static final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final URI rpcUrl;

    private NodeProcess(Process process, URI rpcUrl) {
      this.process = process;
      this.rpcUrl = rpcUrl;
    }

    static NodeProcess start(Path dataDirectory, Path errors) throws Exception {
      Process process =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "--enable-native-access=ALL-UNNAMED",
                      "-Xmx384m",
                      "-cp",
                      System.getProperty("java.class.path"),
                      SluiceCommand.class.getName(),
                      "node",
                      "--data-dir",
                      dataDirectory.toString(),
                      "--rpc-host",
                      "127.0.0.1",
                      "--rpc-port",
                      "0",
                      "--admin-port",
                      "-1",
                      // Every sender and reader connects from 127.0.0.1; the limits are not
                      // what this test is about (LimitsIT and RpcEndpointOptionsIT are).
                      "--rpc-address-rate-limit",
                      "off",
                      "--rpc-signer-rate-limit",
                      "off"))
              .redirectError(errors.toFile())
              .start();
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread.ofVirtual().start(() -> readLines(process, lines));
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (true) {
        String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          process.destroyForcibly();
          fail(
              "sluice node did not print its endpoint in "
                  + LIMIT
                  + "; stderr: "
                  + Files.readString(errors));
        }
        if (line.contains("JSON-RPC (HTTP):")) {
          return new NodeProcess(
              process, URI.create(line.substring(line.indexOf("http://")).trim()));
        }
      }
    }

    URI rpcUrl() {
      return rpcUrl;
    }

    /** SIGKILL: no shutdown hook, no final checkpoint. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertTrue(process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), "the node did not die");
    }

    /** Whatever the test did: a process it leaves behind would outlive the build. */
    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
      }
    }

    /** SIGTERM: the shutdown hook stops the endpoints and checkpoints. */
    void stop() throws InterruptedException {
      process.destroy();
      assertTrue(process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), "the node did not stop");
    }

    private static void readLines(Process process, BlockingQueue<String> lines) {
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException closed) {
        // The process died; the test notices through its own checks.
      }
    }
  }
}
