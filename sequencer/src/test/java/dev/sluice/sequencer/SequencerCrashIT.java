package dev.sluice.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.state.Bytes32;
import dev.sluice.state.record.RecordFixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a sequencer process with SIGKILL in the middle of its work, twice, and checks that every
 * record it acknowledged survived with its sequence number and a correct receipt.
 */
class SequencerCrashIT {
  private static final int ACKS_PER_RUN = 400;
  private static final long RUN_LIMIT_SECONDS = 90;

  @TempDir Path directory;

  @Test
  void shouldKeepEveryAcknowledgedRecordAcrossSigkill() throws Exception {
    Path dataDirectory = directory.resolve("data");
    Map<Long, Bytes32> acknowledged = new TreeMap<>();

    long firstReady = runAndKill(dataDirectory, Durability.SYNC, acknowledged);
    long lastOfFirstRun = ((TreeMap<Long, Bytes32>) acknowledged).lastKey();
    long secondReady = runAndKill(dataDirectory, Durability.ASYNC, acknowledged);

    assertEquals(0, firstReady);
    assertTrue(
        secondReady > lastOfFirstRun,
        "the restarted process continues after every acknowledged record: ready at " + secondReady);
    SequencerConfig config =
        SequencerConfig.builder(RecordFixtures.DOMAIN).recoveryThreads(2).build();
    try (PipelinedSequencer sequencer = PipelinedSequencer.open(config, dataDirectory)) {
      Await.result(sequencer.start());
      for (Map.Entry<Long, Bytes32> ack : acknowledged.entrySet()) {
        SequencedRecord record = sequencer.record(ack.getKey()).orElseThrow();
        assertEquals(ack.getValue(), record.record().recordHash(), "sequence " + ack.getKey());
      }
      long next = sequencer.status().nextSequence();
      ReferenceState reference = new ReferenceState();
      for (long sequence = 0; sequence < next; sequence++) {
        SequencedRecord record = sequencer.record(sequence).orElseThrow();
        ReferenceState.Outcome expected = reference.apply(record.record());
        assertEquals(expected.root(), Await.result(sequencer.receiptOf(sequence)).postStateRoot());
        assertEquals(expected.status(), sequencer.receipt(sequence).orElseThrow().status());
      }
      TestSigner signer = SequencerProcess.signer(0);
      signer.startingAt(sequencer.nextNonce(signer.address()));
      assertEquals(next, Await.result(sequencer.submit(signer.put("after", "k", "v"))).sequence());
    }
  }

  /**
   * Starts the process, reads acknowledgements until {@link #ACKS_PER_RUN} arrived, kills it with
   * SIGKILL and returns the sequence it was ready at.
   */
  private long runAndKill(
      Path dataDirectory, Durability durability, Map<Long, Bytes32> acknowledged) throws Exception {
    Path errors = Files.createTempFile(directory, "stderr", ".txt");
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED",
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    SequencerProcess.class.getName(),
                    dataDirectory.toString(),
                    durability.name()))
            .redirectError(errors.toFile())
            .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = Thread.ofVirtual().start(() -> readLines(process, lines));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_LIMIT_SECONDS);
      long ready = -1;
      int acks = 0;
      while (acks < ACKS_PER_RUN) {
        String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          fail(
              "the process gave "
                  + acks
                  + " acknowledgements in "
                  + RUN_LIMIT_SECONDS
                  + " s; stderr: "
                  + Files.readString(errors));
        }
        String[] fields = line.split(" ");
        if (fields[0].equals("ready")) {
          ready = Long.parseLong(fields[1]);
        } else if (fields[0].equals("ack")) {
          Bytes32 previous =
              acknowledged.put(Long.parseLong(fields[1]), Bytes32.fromHex(fields[2]));
          assertEquals(null, previous, "sequence " + fields[1] + " was acknowledged twice");
          acks++;
        }
      }
      return ready;
    } finally {
      // Process.destroyForcibly is SIGKILL on Linux: no shutdown hooks, no final checkpoint.
      process.destroyForcibly();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the process did not die");
      reader.join(TimeUnit.SECONDS.toMillis(10));
      // Lines printed before the kill are acknowledgements too.
      for (String line : lines) {
        String[] fields = line.split(" ");
        // A line cut short by the kill was never a complete acknowledgement on the client side.
        if (fields.length == 3 && fields[0].equals("ack") && fields[2].length() == 66) {
          acknowledged.put(Long.parseLong(fields[1]), Bytes32.fromHex(fields[2]));
        }
      }
    }
  }

  private static void readLines(Process process, BlockingQueue<String> lines) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // The process was killed mid-line; what was read is what it printed.
    }
  }
}
