package dev.sluice.bridge.poster;

import dev.sluice.bridge.AnvilProcess;
import dev.sluice.bridge.l1.MinedTransaction;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchContents;
import dev.sluice.state.batch.BatchData;
import dev.sluice.state.batch.BatchRecord;
import dev.sluice.state.batch.BlobPacking;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Batch posting figures on an IoT stream: bytes per record as sequenced and as posted for each
 * codec, compression and decompression speed, and L1 gas and blob gas per record in calldata and
 * blob mode, measured on Anvil, for several batch sizes. Run with {@code scripts/bench-batches
 * [devices=3000] [sizes=100,500,2000,4000]}.
 */
public final class BatchPostingBenchmark {
  private static final int TIMING_ROUNDS = 7;

  private BatchPostingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
    int[] sizes =
        Arrays.stream((args.length > 1 ? args[1] : "100,500,2000,4000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int largest = Arrays.stream(sizes).max().orElseThrow();
    int total = Arrays.stream(sizes).sum();

    try (AnvilProcess anvil = AnvilProcess.start()) {
      // The records are signed once for the domain of the first deployment; the contract does not
      // check signatures on append, so every deployment below can carry them.
      PosterTestChain first = PosterTestChain.deploy(anvil.rpcUrl(), Duration.ofHours(1));
      List<BatchRecord> stream = iotStream(first.domain, devices, total);
      System.out.printf(
          Locale.ROOT,
          "IoT stream: %d devices, %d records, mean signed record %.1f bytes%n%n",
          devices,
          stream.size(),
          stream.stream().mapToInt(r -> r.signed().encode().length).average().orElseThrow());

      System.out.println("Bytes per record and codec speed (MB/s of uncompressed record stream)");
      System.out.println();
      System.out.println(
          "| records/batch | codec | record stream B/rec | data B/rec | blobs | blob B/rec"
              + " | encode MB/s | decode MB/s |");
      System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|");
      for (int size : sizes) {
        List<BatchRecord> records = stream.subList(0, size);
        List<Bytes32> roots = roots(size);
        long streamBytes = records.stream().mapToLong(r -> 8 + r.signed().encode().length).sum();
        for (BatchCodec codec : BatchCodec.values()) {
          byte[] data = BatchData.encode(codec, records, roots);
          double encodeSeconds = median(() -> BatchData.encode(codec, records, roots));
          double decodeSeconds = median(() -> decode(data, size));
          int blobs = BlobPacking.blobsFor(data.length);
          System.out.printf(
              Locale.ROOT,
              "| %d | %s | %.1f | %.1f | %d | %.0f | %.0f | %.0f |%n",
              size,
              codec.name().toLowerCase(Locale.ROOT),
              (double) streamBytes / size,
              (double) data.length / size,
              blobs,
              (double) blobs * BlobPacking.BLOB_SIZE / size,
              streamBytes / encodeSeconds / 1e6,
              streamBytes / decodeSeconds / 1e6);
        }
      }

      System.out.println();
      System.out.println("L1 gas per record, measured on Anvil (one batch per row)");
      System.out.println();
      System.out.println(
          "| records/batch | codec | mode | data bytes | tx gas | gas/rec | blob gas/rec |");
      System.out.println("|---:|---|---|---:|---:|---:|---:|");
      for (BatchCodec codec : BatchCodec.values()) {
        for (DataAvailability mode : List.of(DataAvailability.CALLDATA, DataAvailability.BLOBS)) {
          PosterTestChain chain = PosterTestChain.deploy(anvil.rpcUrl(), Duration.ofHours(1));
          SizedSource source = new SizedSource(chain.domain, stream, codec);
          BatchPoster poster =
              BatchPoster.create(
                  chain.rollup, source, new InMemoryKeyValueStore(), PosterTestChain.config(mode));
          long index = 0;
          for (int size : sizes) {
            source.nextSize = size;
            long target = index;
            PosterTestChain.tickUntil(
                poster, 20, () -> poster.lastPostedBatch().orElse(-1) >= target);
            BatchProgress batch = poster.batch(index).orElseThrow();
            MinedTransaction mined =
                chain.client.minedTransaction(batch.transactionHash().orElseThrow()).orElseThrow();
            String used =
                batch.mode() == mode ? mode.wireName() : batch.mode().wireName() + " (too big)";
            System.out.printf(
                Locale.ROOT,
                "| %d | %s | %s | %d | %d | %.0f | %.0f |%n",
                size,
                codec.name().toLowerCase(Locale.ROOT),
                used,
                batch.dataLength(),
                mined.receipt().gasUsed(),
                (double) mined.receipt().gasUsed() / size,
                (double) mined.blobGasUsed() / size);
            index++;
          }
        }
      }
      if (largest > BatchDataLimits.MAX_RECORDS) {
        System.out.println("(batches above " + BatchDataLimits.MAX_RECORDS + " records skipped)");
      }
    }
  }

  private static final class BatchDataLimits {
    static final int MAX_RECORDS = 65_536;
  }

  /** Hands out batches of {@code nextSize} records of the stream from wherever the poster asks. */
  private static final class SizedSource implements BatchSource {
    private final Eip712Domain domain;
    private final List<BatchRecord> stream;
    private final BatchCodec codec;
    volatile int nextSize;
    private long handedOutUpTo;

    SizedSource(Eip712Domain domain, List<BatchRecord> stream, BatchCodec codec) {
      this.domain = domain;
      this.stream = stream;
      this.codec = codec;
    }

    @Override
    public synchronized Optional<BatchContents> next(long firstSequence, Bytes32 preStateRoot) {
      if (firstSequence < handedOutUpTo || firstSequence + nextSize > stream.size()) {
        return Optional.empty();
      }
      int from = (int) firstSequence;
      List<BatchRecord> records = stream.subList(from, from + nextSize);
      handedOutUpTo = firstSequence + nextSize;
      return Optional.of(
          BatchContents.build(
              domain, codec, firstSequence, preStateRoot, records, roots(records.size())));
    }

    @Override
    public synchronized long nextSequence() {
      return handedOutUpTo;
    }
  }

  /**
   * Readings of {@code devices} sensors, each its own signer and stream, in arrival order: a
   * 16-byte value (time, temperature, humidity, battery, counter) under a one-letter key.
   */
  static List<BatchRecord> iotStream(Eip712Domain domain, int devices, int count) {
    SplittableRandom random = new SplittableRandom(20_251_121L);
    RecordSigner[] signers = new RecordSigner[devices];
    long[] nonces = new long[devices];
    short[] temperature = new short[devices];
    for (int d = 0; d < devices; d++) {
      signers[d] = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(0x10_0000L + d));
      temperature[d] = (short) (1_800 + random.nextInt(600));
    }
    List<BatchRecord> out = new ArrayList<>(count);
    long clock = 1_767_225_600_000L;
    for (int i = 0; i < count; i++) {
      int d = random.nextInt(devices);
      clock += random.nextInt(4);
      temperature[d] += (short) (random.nextInt(7) - 3);
      ByteBuffer value =
          ByteBuffer.allocate(16)
              .putLong(clock - random.nextInt(500))
              .putShort(temperature[d])
              .putShort((short) (4_000 + random.nextInt(2_000)))
              .putShort((short) (3_600 - nonces[d] / 100))
              .putShort((short) nonces[d]);
      Record record =
          Record.put(
              nonces[d]++,
              String.format(Locale.ROOT, "dev-%05d/env", d),
              "t".getBytes(StandardCharsets.US_ASCII),
              value.array());
      out.add(new BatchRecord(signers[d].sign(record), clock));
    }
    return out;
  }

  private static List<Bytes32> roots(int count) {
    List<Bytes32> roots = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      roots.add(Keccak.hash32(ByteBuffer.allocate(4).putInt(i).array()));
    }
    return roots;
  }

  private static Object decode(byte[] data, int count) {
    try {
      return BatchData.decode(data, count);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double median(java.util.function.Supplier<Object> work) {
    double[] seconds = new double[TIMING_ROUNDS];
    for (int round = 0; round < TIMING_ROUNDS; round++) {
      long start = System.nanoTime();
      work.get();
      seconds[round] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(seconds);
    return seconds[TIMING_ROUNDS / 2];
  }
}
