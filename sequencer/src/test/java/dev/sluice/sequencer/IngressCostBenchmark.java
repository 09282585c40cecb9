package dev.sluice.sequencer;

import dev.sluice.state.Address;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * What one record costs the sequencer's ingress workers (CPU time of the {@code sluice-recovery-*}
 * threads per record) when the sequencer recovers the sender itself ({@link
 * Sequencer#submit(SignedRecord)}) and when the caller hands it over ({@link
 * Sequencer#submit(SignedRecord, Address)}, as the RPC layer does, having recovered it for its rate
 * limit). The caller's own recovery is timed too: the old path paid it twice.
 *
 * <p>Not a unit test. Run from the repository root: {@code scripts/bench-sequencer
 * IngressCostBenchmark [records=20000] [rounds=5]}.
 */
public final class IngressCostBenchmark {
  private static final int IN_FLIGHT = 256;
  private static final int SIGNERS = 200;

  private IngressCostBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    SenderRecovery recovery = SenderRecovery.fastestAvailable();
    System.out.printf(
        Locale.ROOT,
        "%d records per run; sender recovery: %s; %d processors; load average %.1f%n",
        records,
        recovery.name(),
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.println(
        "round  ingress µs/rec (sequencer recovers)  ingress µs/rec (sender handed over)"
            + "  caller recovery µs/rec");
    for (int round = 0; round <= rounds; round++) {
      // Every run starts from an empty store, so each gets signers of its own from nonce 0.
      List<SignedRecord> a = presign(records, 2 * round);
      List<SignedRecord> b = presign(records, 2 * round + 1);
      double recovering = run(a, recovery, false)[0];
      double[] handedOver = run(b, recovery, true);
      if (round == 0) {
        continue; // warm-up
      }
      System.out.printf(
          Locale.ROOT,
          "%5d %37.1f %36.1f %24.1f%n",
          round,
          recovering,
          handedOver[0],
          handedOver[1]);
    }
  }

  /** Returns ingress CPU µs per record and, when handing over, the caller's recovery µs/record. */
  private static double[] run(List<SignedRecord> records, SenderRecovery recovery, boolean handOver)
      throws Exception {
    SequencerConfig config =
        SequencerConfig.builder(RecordFixtures.DOMAIN)
            .durability(Durability.ASYNC)
            .recoveryThreads(2)
            .build();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (InMemoryKeyValueStore store = new InMemoryKeyValueStore();
        PipelinedSequencer sequencer = PipelinedSequencer.open(config, store)) {
      sequencer.start().get(60, TimeUnit.SECONDS);
      Semaphore window = new Semaphore(IN_FLIGHT);
      long callerNanos = 0;
      CompletableFuture<Acknowledgement> last = null;
      for (SignedRecord record : records) {
        window.acquire();
        if (handOver) {
          long start = threads.getCurrentThreadCpuTime();
          Address sender =
              recovery
                  .recover(RecordFixtures.DOMAIN.digest(record.record()), record.signature())
                  .orElseThrow();
          callerNanos += threads.getCurrentThreadCpuTime() - start;
          last = sequencer.submit(record, sender);
        } else {
          last = sequencer.submit(record);
        }
        last.whenComplete((ack, failure) -> window.release());
      }
      window.acquire(IN_FLIGHT);
      long ingressNanos = 0;
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (thread.getName().startsWith("sluice-recovery-")) {
          ingressNanos += threads.getThreadCpuTime(thread.threadId());
        }
      }
      return new double[] {ingressNanos / 1e3 / records.size(), callerNanos / 1e3 / records.size()};
    }
  }

  private static List<SignedRecord> presign(int count, int run) {
    int perSigner = (count + SIGNERS - 1) / SIGNERS;
    List<List<SignedRecord>> bySigner =
        IntStream.range(0, SIGNERS)
            .parallel()
            .mapToObj(
                s -> {
                  RecordSigner signer = RecordFixtures.signer(70_000 + run * SIGNERS + s);
                  List<SignedRecord> own = new ArrayList<>(perSigner);
                  for (int n = 0; n < perSigner; n++) {
                    own.add(
                        signer.sign(
                            Record.put(
                                n,
                                "sensor/" + s,
                                ("k" + n % 16).getBytes(StandardCharsets.UTF_8),
                                ("{\"t\":" + n + "}").getBytes(StandardCharsets.UTF_8))));
                  }
                  return own;
                })
            .toList();
    List<SignedRecord> interleaved = new ArrayList<>(count);
    for (int n = 0; n < perSigner && interleaved.size() < count; n++) {
      for (int s = 0; s < SIGNERS && interleaved.size() < count; s++) {
        interleaved.add(bySigner.get(s).get(n));
      }
    }
    return interleaved;
  }
}
