package dev.sluice.bridge.poster;

import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.batch.BatchRecord;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A batch source over records signed here: sensor readings from a few devices, each a PUT of a
 * small numeric value. The per-record roots are made up (the contract does not re-execute them
 * unless challenged), but consistent: the contents' declared roots are computed from them, so the
 * poster's honest self-check holds. {@link #fresh()} changes the roots from then on, as a sequencer
 * that re-executes after a revert would.
 */
final class GeneratedBatchSource implements BatchSource {
  private final Eip712Domain domain;
  private final List<RecordSigner> devices = new ArrayList<>();
  private final long[] nonces;
  private final Random random;
  private final List<BatchRecord> records = new ArrayList<>();
  private volatile int recordsPerBatch;
  private volatile BatchCodec codec;
  private int generation;
  private long clock = 1_700_000_000_000L;
  int calls;

  GeneratedBatchSource(
      Eip712Domain domain, int deviceCount, long seed, int recordsPerBatch, BatchCodec codec) {
    this.domain = domain;
    this.random = new Random(seed);
    for (int i = 0; i < deviceCount; i++) {
      devices.add(RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(1_000 + seed * 10_000 + i)));
    }
    this.nonces = new long[deviceCount];
    this.recordsPerBatch = recordsPerBatch;
    this.codec = codec;
  }

  /** Sequences {@code count} more readings. */
  synchronized GeneratedBatchSource sequence(int count) {
    for (int i = 0; i < count; i++) {
      int device = random.nextInt(devices.size());
      byte[] value =
          String.format("%.2f", 15 + random.nextGaussian() * 4).getBytes(StandardCharsets.US_ASCII);
      Record record =
          Record.put(
              nonces[device]++,
              "sensor-" + device,
              "temperature".getBytes(StandardCharsets.US_ASCII),
              value);
      records.add(new BatchRecord(devices.get(device).sign(record), clock += 250));
    }
    return this;
  }

  void recordsPerBatch(int value) {
    recordsPerBatch = value;
  }

  void codec(BatchCodec value) {
    codec = value;
  }

  /** Roots from here on differ from those handed out before. */
  synchronized void fresh() {
    generation++;
  }

  synchronized List<BatchRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public synchronized Optional<BatchContents> next(long firstSequence, Bytes32 preStateRoot) {
    calls++;
    if (firstSequence >= records.size()) {
      return Optional.empty();
    }
    int end = (int) Math.min(records.size(), firstSequence + recordsPerBatch);
    List<BatchRecord> slice = records.subList((int) firstSequence, end);
    List<Bytes32> roots = new ArrayList<>();
    for (long sequence = firstSequence; sequence < end; sequence++) {
      roots.add(
          Keccak.hash32(ByteBuffer.allocate(12).putLong(sequence).putInt(generation).array()));
    }
    return Optional.of(
        BatchContents.build(domain, codec, firstSequence, preStateRoot, slice, roots));
  }

  @Override
  public synchronized long nextSequence() {
    return records.size();
  }
}
