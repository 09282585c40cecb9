package dev.sluice.state.bench;

import dev.sluice.state.Keccak;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Keccak-256 of 64 bytes: the unit cost of every tree node (two children hashed together), with
 * BouncyCastle's general digest, which {@link Keccak} replaced, as the yardstick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class KeccakBenchmark {
  private final byte[] input = new byte[64];
  private final KeccakDigest bouncyCastle = new KeccakDigest(256);

  @org.openjdk.jmh.annotations.Setup
  public void setUp() {
    new Random(1).nextBytes(input);
  }

  @Benchmark
  public byte[] keccak64Bytes() {
    return Keccak.hash(input, 0, input.length);
  }

  @Benchmark
  public byte[] bouncyCastle64Bytes() {
    bouncyCastle.update(input, 0, input.length);
    byte[] out = new byte[32];
    bouncyCastle.doFinal(out, 0);
    return out;
  }
}
