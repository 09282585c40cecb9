package dev.sluice.sequencer.batch;

import dev.sluice.sequencer.Acknowledgement;
import dev.sluice.sequencer.Await;
import dev.sluice.sequencer.Durability;
import dev.sluice.sequencer.ManualClock;
import dev.sluice.sequencer.PipelinedSequencer;
import dev.sluice.sequencer.SequencerConfig;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.smt.SmtHashing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A real {@link PipelinedSequencer} over LevelDB in a test's directory, with a clock the test
 * moves, and signed records to feed it: PUTs with values of the size and compressibility a test
 * asks for.
 */
final class SequencerFixture implements AutoCloseable {
  final ManualClock clock;
  final PipelinedSequencer sequencer;
  private final RecordSigner[] signers;
  private final long[] nonces;
  private int submitted;

  private SequencerFixture(ManualClock clock, PipelinedSequencer sequencer, int signerCount) {
    this.clock = clock;
    this.sequencer = sequencer;
    this.signers = new RecordSigner[signerCount];
    this.nonces = new long[signerCount];
    for (int i = 0; i < signerCount; i++) {
      signers[i] = RecordFixtures.signer(500 + i);
      nonces[i] = sequencer.nextNonce(signers[i].address());
    }
  }

  /** A started sequencer over the LevelDB database in {@code directory}. */
  static SequencerFixture start(Path directory, ManualClock clock) {
    SequencerConfig config =
        SequencerConfig.builder(RecordFixtures.DOMAIN)
            .clock(clock)
            .durability(Durability.ASYNC)
            .recoveryThreads(2)
            .checkpointRecords(97)
            .stateCacheNodes(1 << 12)
            .readerCacheNodes(1 << 10)
            .build();
    PipelinedSequencer sequencer = PipelinedSequencer.open(config, directory);
    try {
      Await.result(sequencer.start());
    } catch (RuntimeException | Error e) {
      sequencer.close();
      throw e;
    }
    // Signers continue from the nonces the log already holds.
    return new SequencerFixture(clock, sequencer, 3);
  }

  static SequencerFixture start(Path directory) {
    return start(directory, new ManualClock(1_700_000_000_000L));
  }

  /**
   * Submits one PUT per entry of {@code valueSizes} (a value of that many bytes, random when {@code
   * random} is given, else a repeated byte) and waits until all are applied.
   *
   * @return the records, in sequence order
   */
  List<SignedRecord> submit(int[] valueSizes, Random random) {
    List<SignedRecord> records = new ArrayList<>(valueSizes.length);
    long last = -1;
    for (int size : valueSizes) {
      int signer = submitted++ % signers.length;
      byte[] value = new byte[size];
      if (random != null) {
        random.nextBytes(value);
      } else {
        Arrays.fill(value, (byte) 'x');
      }
      SignedRecord record =
          signers[signer].sign(
              Record.put(
                  nonces[signer]++, "stream/" + signer, ("k" + submitted).getBytes(), value));
      records.add(record);
      // One at a time, so that sequence order is submission order.
      last = Await.result(sequencer.submit(record)).sequence();
    }
    if (last >= 0) {
      Await.result(sequencer.receiptOf(last));
    }
    return records;
  }

  /** {@code count} small PUTs with incompressible 20-byte values. */
  List<SignedRecord> submit(int count) {
    int[] sizes = new int[count];
    Arrays.fill(sizes, 20);
    return submit(sizes, new Random(count));
  }

  /** The root after record {@code sequence}, or the empty root for −1. */
  Bytes32 rootAfter(long sequence) {
    return sequence < 0
        ? SmtHashing.EMPTY
        : sequencer.receipt(sequence).orElseThrow().postStateRoot();
  }

  @Override
  public void close() {
    sequencer.close();
  }
}
