package dev.sluice.state.bench;

import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SmtProof;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.store.InMemoryKeyValueStore;
import dev.sluice.state.store.KeyValueStore;
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
 * Throughput of the state tree on the sequencer's hot path: updates of existing keys (with a flush
 * into the store every {@code flushEvery} updates, as at checkpoints), proofs, reads, and the bare
 * node hash they are all built from.
 *
 * <p>Stored nodes are never pruned, so the in-memory store grows by roughly ten nodes per update
 * while {@link #update} runs; the heap and the measurement time are sized for that at a million
 * keys.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; org.openjdk.jmh.Main SmtBenchmark -p keys=10000 -f 1 -wi 1 -i 1
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx8g")
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class SmtBenchmark {

  /** A tree of {@code keys} random keys, flushed and committed to an in-memory store. */
  @State(Scope.Thread)
  public static class FilledTree {
    @Param("1000000")
    int keys;

    @Param("1000")
    int flushEvery;

    /** Twice the live nodes of a million-key tree (about 390 MB), so reads rarely miss. */
    @Param("4194304")
    int cachedNodes;

    InMemoryKeyValueStore store;
    SparseMerkleTree tree;
    Bytes32[] treeKeys;
    SplittableRandom random;
    long nextValue;
    int sinceFlush;

    @Setup
    public void fill() {
      random = new SplittableRandom(42);
      store = new InMemoryKeyValueStore();
      tree = new SparseMerkleTree(new TreeNodeStore(store, cachedNodes), SmtHashing.EMPTY);
      treeKeys = new Bytes32[keys];
      byte[] key = new byte[Bytes32.SIZE];
      for (int i = 0; i < keys; i++) {
        random.nextBytes(key);
        treeKeys[i] = Bytes32.wrap(key);
        tree.put(treeKeys[i], nextValue());
        // Flushing during the fill keeps the unflushed intermediate nodes from piling up.
        if (i % 20_000 == 19_999) {
          flush();
        }
      }
      flush();
    }

    Bytes32 anyKey() {
      return treeKeys[random.nextInt(keys)];
    }

    /** An 8-byte preimage, the size of an account nonce. */
    byte[] nextValue() {
      long value = nextValue++;
      byte[] bytes = new byte[Long.BYTES];
      for (int i = 0; i < Long.BYTES; i++) {
        bytes[i] = (byte) (value >>> (56 - 8 * i));
      }
      return bytes;
    }

    void flush() {
      try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
        tree.flushTo(batch);
        batch.commit(false);
      }
    }
  }

  /** Two fixed children for the bare hash. */
  @State(Scope.Thread)
  public static class Children {
    Bytes32 left = Bytes32.fromHex("0x" + "11".repeat(32));
    Bytes32 right = Bytes32.fromHex("0x" + "22".repeat(32));
  }

  /** One update of an existing key, and its share of a checkpoint flush. */
  @Benchmark
  public Bytes32 update(FilledTree state) {
    state.tree.put(state.anyKey(), state.nextValue());
    if (++state.sinceFlush == state.flushEvery) {
      state.sinceFlush = 0;
      state.flush();
    }
    return state.tree.root();
  }

  @Benchmark
  public SmtProof prove(FilledTree state) {
    return state.tree.prove(state.anyKey());
  }

  @Benchmark
  public Optional<byte[]> get(FilledTree state) {
    return state.tree.get(state.anyKey());
  }

  @Benchmark
  public Bytes32 internalHash(Children children) {
    return SmtHashing.internal(children.left, children.right);
  }
}
