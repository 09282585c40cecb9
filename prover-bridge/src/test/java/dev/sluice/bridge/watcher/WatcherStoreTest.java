package dev.sluice.bridge.watcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.store.LevelDbKeyValueStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WatcherStore} on a real LevelDB: commit, reopen, rewind, one rollup per directory. */
class WatcherStoreTest {
  private static final Address ROLLUP = Address.fromHex("0x" + "5e".repeat(20));

  @TempDir Path dir;

  @Test
  void committedBatchesSurviveAReopenAndCanBeRewoundTo() {
    Bytes32 root0;
    Bytes32 root1;
    try (LevelDbKeyValueStore kv = LevelDbKeyValueStore.open(dir)) {
      WatcherStore store = new WatcherStore(kv);
      assertTrue(store.head().isEmpty());
      assertEquals(SmtHashing.EMPTY, store.headState().root());

      SparseMerkleTree state = store.headState();
      state.put(key("a"), bytes("1"));
      root0 = state.root();
      store.commit(new VerifiedBatch(0, hash("h0"), 4, root0), state);
      state.put(key("a"), bytes("2"));
      state.put(key("b"), bytes("3"));
      root1 = state.root();
      store.commit(new VerifiedBatch(1, hash("h1"), 9, root1), state);
    }
    try (LevelDbKeyValueStore kv = LevelDbKeyValueStore.open(dir)) {
      WatcherStore store = new WatcherStore(kv);
      assertEquals(new VerifiedBatch(1, hash("h1"), 9, root1), store.head().orElseThrow());
      assertArrayEquals(bytes("2"), store.headState().get(key("a")).orElseThrow());

      assertEquals(0, store.rewindTo(0).orElseThrow().index());
      assertTrue(store.batch(1).isEmpty());
      SparseMerkleTree back = store.headState();
      assertEquals(root0, back.root());
      assertArrayEquals(bytes("1"), back.get(key("a")).orElseThrow());
      assertTrue(back.get(key("b")).isEmpty());

      assertTrue(store.rewindTo(-1).isEmpty());
      assertEquals(SmtHashing.EMPTY, store.headState().root());
    }
  }

  @Test
  void aBatchMustFollowTheHeadAndCarryItsState() {
    try (LevelDbKeyValueStore kv = LevelDbKeyValueStore.open(dir)) {
      WatcherStore store = new WatcherStore(kv);
      SparseMerkleTree state = store.headState();
      state.put(key("a"), bytes("1"));
      Bytes32 root = state.root();
      assertThrows(
          IllegalArgumentException.class,
          () -> store.commit(new VerifiedBatch(1, hash("h"), 0, root), state));
      assertThrows(
          IllegalArgumentException.class,
          () -> store.commit(new VerifiedBatch(0, hash("h"), 0, hash("other")), state));
      assertTrue(store.head().isEmpty());
    }
  }

  @Test
  void aDirectoryServesOneRollup() {
    try (LevelDbKeyValueStore kv = LevelDbKeyValueStore.open(dir)) {
      WatcherStore store = new WatcherStore(kv);
      store.bindTo(ROLLUP, 4242);
      store.bindTo(ROLLUP, 4242);
      IllegalStateException other =
          assertThrows(IllegalStateException.class, () -> store.bindTo(ROLLUP, 4243));
      assertTrue(other.getMessage().contains("another directory"), other.getMessage());
      assertThrows(
          IllegalStateException.class,
          () -> store.bindTo(Address.fromHex("0x" + "11".repeat(20)), 4242));
    }
  }

  private static Bytes32 key(String name) {
    return Keccak.hash32(bytes(name));
  }

  private static Bytes32 hash(String name) {
    return Keccak.hash32(bytes(name));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
