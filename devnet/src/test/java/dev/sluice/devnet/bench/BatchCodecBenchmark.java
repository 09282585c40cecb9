package dev.sluice.devnet.bench;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchData;
import dev.sluice.state.batch.BatchRecord;
import dev.sluice.state.batch.MalformedBatchDataException;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.Signature;
import dev.sluice.state.record.SignedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch data (docs/protocol.md §5.3) of {@code records} signed IoT records from 32 gateways with
 * their post-state roots: encoding (compression) and decoding per codec. One operation is one
 * batch; multiply by {@code records} for records/s. The benchmark also prints the data's bytes per
 * record once, for the compression ratio.
 *
 * <pre>
 * scripts/bench-compare jmh BatchCodecBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class BatchCodecBenchmark {

  @State(Scope.Benchmark)
  public static class Batch {
    @Param({"ZSTD", "DEFLATE", "NONE"})
    BatchCodec codec;

    @Param("1000")
    int records;

    List<BatchRecord> batchRecords;
    List<Bytes32> roots;
    byte[] encoded;

    @Setup
    public void build() {
      Eip712Domain domain = new Eip712Domain(714_714, Address.ZERO);
      PayloadSource source = new PayloadSource(PayloadSource.Layout.MANY_STREAMS, 1);
      List<GatewayKey> keys = new ArrayList<>();
      for (int c = 0; c < 32; c++) {
        keys.add(GatewayKey.derive(1, c));
      }
      SplittableRandom random = new SplittableRandom(1);
      batchRecords = new ArrayList<>(records);
      roots = new ArrayList<>(records);
      for (int i = 0; i < records; i++) {
        int client = i % keys.size();
        long index = i / keys.size();
        Payload p = source.payload(client, index);
        Record record = Record.put(index, p.stream(), p.key(), p.value());
        byte[] rsv = keys.get(client).sign(domain.digest(record).toArray());
        rsv[64] += 27;
        batchRecords.add(
            new BatchRecord(new SignedRecord(record, Signature.of(rsv)), 1_735_689_600_000L + i));
        byte[] root = new byte[32];
        random.nextBytes(root);
        roots.add(Bytes32.wrap(root));
      }
      encoded = BatchData.encode(codec, batchRecords, roots);
      System.out.printf(
          "%n%s: %,d bytes for %,d records, %.1f bytes per record%n",
          codec, encoded.length, records, encoded.length / (double) records);
    }
  }

  @Benchmark
  public byte[] encode(Batch batch) {
    return BatchData.encode(batch.codec, batch.batchRecords, batch.roots);
  }

  @Benchmark
  public BatchData.Decoded decode(Batch batch) throws MalformedBatchDataException {
    return BatchData.decode(batch.encoded, batch.records);
  }
}
