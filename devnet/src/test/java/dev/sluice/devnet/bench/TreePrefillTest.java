package dev.sluice.devnet.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.state.Bytes32;
import dev.sluice.state.smt.SmtHashing;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.store.InMemoryKeyValueStore;
import dev.sluice.state.store.KeyValueStore;
import dev.sluice.state.store.LevelDbKeyValueStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreePrefillTest {
  private static final int LEAVES = 3_000;

  /**
   * The filled database holds the leaves and the checkpoint head at sequence −1, and its root is
   * the one an ordinary tree computes from the same leaves put one by one.
   */
  @Test
  void fillsATreeThatPutsOfItsLeavesReproduce(@TempDir Path directory) {
    Bytes32 root = TreePrefill.fill(directory, LEAVES, 42, quiet());

    try (LevelDbKeyValueStore store = LevelDbKeyValueStore.open(directory.resolve("db"))) {
      byte[] head = store.get(new byte[] {0x20, 0x03}).orElseThrow();
      byte[] minusOne = new byte[8];
      Arrays.fill(minusOne, (byte) 0xff);
      assertArrayEquals(minusOne, Arrays.copyOf(head, 8));
      assertEquals(root, Bytes32.wrap(head, 8));

      SparseMerkleTree rebuilt =
          new SparseMerkleTree(new TreeNodeStore(new InMemoryKeyValueStore()), SmtHashing.EMPTY);
      int leaves = 0;
      try (KeyValueStore.Cursor nodes = store.scan(new byte[] {TreeNodeStore.NODE_KEY_PREFIX})) {
        while (nodes.hasNext()) {
          byte[] node = nodes.next().value();
          if (node[0] == SmtHashing.LEAF) {
            byte[] preimageKey = new byte[1 + Bytes32.SIZE];
            preimageKey[0] = TreeNodeStore.PREIMAGE_KEY_PREFIX;
            System.arraycopy(node, 1 + Bytes32.SIZE, preimageKey, 1, Bytes32.SIZE);
            rebuilt.put(Bytes32.wrap(node, 1), store.get(preimageKey).orElseThrow());
            leaves++;
          }
        }
      }
      assertEquals(LEAVES, leaves);
      assertEquals(root, rebuilt.root());
    }
  }

  @Test
  void theSameSeedGivesTheSameTree(@TempDir Path first, @TempDir Path second) {
    assertEquals(
        TreePrefill.fill(first, 500, 7, quiet()), TreePrefill.fill(second, 500, 7, quiet()));
  }

  @Test
  void refusesADirectoryThatHoldsAState(@TempDir Path directory) {
    TreePrefill.fill(directory, 10, 1, quiet());

    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class, () -> TreePrefill.fill(directory, 10, 1, quiet()));
    assertEquals(directory + " already holds a sequencer state", refused.getMessage());
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
