package dev.sluice.sequencer;

import dev.sluice.sequencer.SubmissionRejectedException.Reason;
import dev.sluice.state.record.SignedRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A sequencer in a process of its own, for {@link SequencerCrashIT}: opens the data directory given
 * as the first argument with the durability given as the second, then submits records from a few
 * signers until it is killed. Prints {@code ready <nextSequence>} once recovered and {@code ack
 * <sequence> <recordHash>} for every acknowledged record, each line flushed before the next
 * submission.
 */
public final class SequencerProcess {
  static final int SIGNERS = 4;

  private SequencerProcess() {}

  public static void main(String[] args) throws Exception {
    Path dataDirectory = Path.of(args[0]);
    Durability durability = Durability.valueOf(args[1]);
    SequencerConfig config =
        SmallSequencerConfig.builder()
            .durability(durability)
            .checkpointRecords(100)
            .checkpointInterval(Duration.ofMillis(200))
            .build();
    PipelinedSequencer sequencer = PipelinedSequencer.open(config, dataDirectory);
    sequencer.start().get(60, TimeUnit.SECONDS);
    print("ready " + sequencer.status().nextSequence());
    Thread[] threads = new Thread[SIGNERS];
    for (int i = 0; i < SIGNERS; i++) {
      int index = i;
      threads[i] = new Thread(() -> submitForever(sequencer, index), "signer-" + i);
      threads[i].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  /** The signers' keys; the test recomputes nothing from them, it reads the log. */
  static TestSigner signer(int index) {
    return new TestSigner(7_000 + index);
  }

  private static void submitForever(PipelinedSequencer sequencer, int index) {
    TestSigner signer = signer(index);
    TestSigner next = signer((index + 1) % SIGNERS);
    signer.startingAt(sequencer.nextNonce(signer.address()));
    String own = "crash/" + index;
    String neighbour = "crash/" + ((index + 1) % SIGNERS);
    while (true) {
      long nonce = signer.nextNonce();
      SignedRecord record =
          switch ((int) (nonce % 10)) {
            case 3 -> signer.grant(own, next.address());
            case 6 -> signer.put(neighbour, "from-" + index, Long.toString(nonce));
            case 8 -> signer.revoke(own, next.address());
            case 9 -> signer.delete(own, "k" + (nonce % 5));
            default -> signer.put(own, "k" + (nonce % 5), Long.toString(nonce));
          };
      submitUntilAcknowledged(sequencer, record);
    }
  }

  private static void submitUntilAcknowledged(PipelinedSequencer sequencer, SignedRecord record) {
    while (true) {
      try {
        Acknowledgement ack = sequencer.submit(record).get(60, TimeUnit.SECONDS);
        print("ack " + ack.sequence() + " " + ack.recordHash().toHex());
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof SubmissionRejectedException rejected)
            || rejected.reason() != Reason.BUSY) {
          throw new IllegalStateException("unexpected failure", e.getCause());
        }
        Thread.onSpinWait();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static synchronized void print(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
