package dev.sluice.state.bench;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.BouncyCastleSenderRecovery;
import dev.sluice.state.record.Eip712Domain;
import dev.sluice.state.record.NativeSenderRecovery;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SenderRecovery;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.record.Signature;
import java.math.BigInteger;
import java.util.Optional;
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

/** Sender recovery per implementation: the dearest step of ingress. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SenderRecoveryBenchmark {
  @Param({"bouncycastle", "libsecp256k1"})
  public String implementation;

  private SenderRecovery recovery;
  private Bytes32 digest;
  private Signature signature;

  @Setup
  public void setUp() {
    recovery =
        implementation.equals("libsecp256k1")
            ? NativeSenderRecovery.load().orElseThrow()
            : new BouncyCastleSenderRecovery();
    Eip712Domain domain = new Eip712Domain(31337, Address.ZERO);
    RecordSigner signer = RecordSigner.ofPrivateKey(domain, BigInteger.valueOf(12345));
    SignedRecord signed = signer.sign(Record.put(0, "sensors", new byte[] {1}, new byte[8]));
    digest = domain.digest(signed.record());
    signature = signed.signature();
  }

  @Benchmark
  public Optional<Address> recoverSender() {
    return recovery.recover(digest, signature);
  }
}
