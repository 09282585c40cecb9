package dev.sluice.state.bench;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordCodec;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SignedRecord;
import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Decoding, encoding and digesting a typical IoT reading (about 120 bytes signed). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RecordCodecBenchmark {
  private final Eip712Domain domain = new Eip712Domain(31337, Address.ZERO);
  private SignedRecord signed;
  private byte[] encoded;

  @Setup
  public void setUp() {
    RecordSigner signer = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(4242));
    signed =
        signer.sign(
            Record.put(17, "iot/site-3/device-0421", "temperature".getBytes(), "21.375".getBytes()));
    encoded = signed.encode();
  }

  @Benchmark
  public SignedRecord decode() {
    return RecordCodec.decode(encoded);
  }

  @Benchmark
  public byte[] encode() {
    return RecordCodec.encode(signed);
  }

  @Benchmark
  public Bytes32 digest() {
    return domain.digest(signed.record());
  }
}
