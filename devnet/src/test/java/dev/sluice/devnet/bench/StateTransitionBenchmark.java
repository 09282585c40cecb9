package dev.sluice.devnet.bench;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.Signature;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.stf.RecoveredRecord;
import dev.sluice.state.stf.StateTransition;
import dev.sluice.state.stf.Status;
import dev.sluice.state.stf.TreeStateAccess;
import dev.sluice.state.store.InMemoryKeyValueStore;
import dev.sluice.state.store.KeyValueStore;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
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
 * The state transition function as the sequencer's state thread runs it: one IoT PUT (sender
 * already recovered, as the pipeline recovers before ordering), then the state root the record's
 * receipt carries, with the dirty nodes flushed to the store every {@code flushEvery} records as at
 * checkpoints. The tree holds {@code keys} random leaves besides the workload's own.
 *
 * <pre>
 * scripts/bench-compare jmh StateTransitionBenchmark -p keys=1000000
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class StateTransitionBenchmark {
  private static final int SENDERS = 1024;
  private static final int SENSORS = 16;

  @State(Scope.Thread)
  public static class Chain {
    @Param("100000")
    int keys;

    @Param("1000")
    int flushEvery;

    KeyValueStore store;
    SparseMerkleTree tree;
    TreeStateAccess state;
    Address[] senders;
    long[] nonces;
    Signature signature;
    long next;

    @Setup
    public void fill() {
      store = new InMemoryKeyValueStore();
      tree = new SparseMerkleTree(new TreeNodeStore(store), Bytes32.ZERO);
      SplittableRandom random = new SplittableRandom(1);
      for (int i = 0; i < keys; i++) {
        byte[] key = new byte[32];
        byte[] value = new byte[48];
        random.nextBytes(key);
        random.nextBytes(value);
        tree.put(Bytes32.wrap(key), value);
      }
      flush();
      state = new TreeStateAccess(tree);
      senders = new Address[SENDERS];
      for (int s = 0; s < SENDERS; s++) {
        senders[s] =
            Address.wrap(Arrays.copyOf(Keccak.hash(new byte[] {(byte) s, (byte) (s >> 8)}), 20));
      }
      nonces = new long[SENDERS];
      // The STF trusts the recovered sender; the signature's bytes only enter the stream's hash
      // chain.
      byte[] rsv = new byte[65];
      random.nextBytes(rsv);
      rsv[0] = 0x10;
      rsv[32] = 0x10;
      rsv[64] = 27;
      signature = Signature.of(rsv);
    }

    void flush() {
      try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
        tree.flushTo(batch);
        batch.commit(false);
      }
    }
  }

  @Benchmark
  public Bytes32 putAndRoot(Chain chain) {
    int s = (int) (chain.next % SENDERS);
    long nonce = chain.nonces[s]++;
    int sensor = (int) ((nonce) % SENSORS);
    byte[] value = ByteBuffer.allocate(16).putLong(chain.next).putLong(nonce).array();
    Record record =
        Record.put(nonce, "site-" + s + "/telemetry", new byte[] {'t', 'h', (byte) sensor}, value);
    Bytes32 digest = Bytes32.wrap(Keccak.hash(value));
    RecoveredRecord input =
        new RecoveredRecord(
            new SignedRecord(record, chain.signature), digest, Optional.of(chain.senders[s]));
    Status status = StateTransition.apply(chain.state, input);
    if (status != Status.APPLIED) {
      throw new IllegalStateException("benchmark record not applied: " + status);
    }
    if (++chain.next % chain.flushEvery == 0) {
      chain.flush();
    }
    return chain.tree.root();
  }
}
