package dev.sluice.state.stf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.record.Record;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.RecordSigner;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.smt.SparseMerkleTree;
import dev.sluice.state.smt.TreeNodeStore;
import dev.sluice.state.store.InMemoryKeyValueStore;
import dev.sluice.state.store.KeyValueStore;
import dev.sluice.state.store.LevelDbKeyValueStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random record sequences from a few senders on a few streams, so that every outcome
 * occurs often. Each failure message carries the seed and step to replay it.
 */
class StateTransitionPropertyTest {
  private static final long SEED = 20261121L;
  private static final int STEPS = 1_500;
  private static final List<RecordSigner> SIGNERS =
      List.of(RecordFixtures.signer(201), RecordFixtures.signer(202), RecordFixtures.signer(203), RecordFixtures.signer(204));

  @TempDir Path dataDirectory;

  /**
   * Every record's witness, replayed without the tree, gives the tree's own status and root: the
   * on-chain verifier's algorithm agrees with the sequencer on every outcome.
   */
  @Test
  void shouldReplayEveryWitnessToTheSameStatusAndRoot() {
    SparseMerkleTree tree = new SparseMerkleTree(new TreeNodeStore(new InMemoryKeyValueStore()), Bytes32.ZERO);
    Set<Status> seen = EnumSet.noneOf(Status.class);
    RandomRecords records = new RandomRecords(new Random(SEED));
    for (int step = 0; step < STEPS; step++) {
      RecoveredRecord input = records.next();
      Bytes32 preRoot = tree.root();
      WitnessRecorder recorder = new WitnessRecorder(tree);
      Status status = StateTransition.apply(recorder, input);
      records.observe(input, status);
      seen.add(status);

      WitnessedState replay = new WitnessedState(preRoot, recorder.witnesses());
      String context = "seed " + SEED + " step " + step + " " + input.signed().record();
      assertEquals(status, StateTransition.apply(replay, input), context);
      assertEquals(tree.root(), replay.root(), context);
      assertTrue(replay.fullyConsumed(), context);
    }
    assertEquals(EnumSet.allOf(Status.class), seen, "the generator must reach every outcome");
  }

  /** The same records give the same roots on LevelDB with flushes and reopens in between. */
  @Test
  void shouldGiveIdenticalRootsInMemoryAndOnLevelDbAcrossReopens() {
    List<RecoveredRecord> inputs = new ArrayList<>();
    RandomRecords records = new RandomRecords(new Random(SEED + 1));
    SparseMerkleTree reference = new SparseMerkleTree(new TreeNodeStore(new InMemoryKeyValueStore()), Bytes32.ZERO);
    List<Bytes32> expectedRoots = new ArrayList<>();
    for (int step = 0; step < 600; step++) {
      RecoveredRecord input = records.next();
      records.observe(input, StateTransition.apply(new TreeStateAccess(reference), input));
      inputs.add(input);
      expectedRoots.add(reference.root());
    }

    Bytes32 root = Bytes32.ZERO;
    int step = 0;
    while (step < inputs.size()) {
      try (KeyValueStore store = LevelDbKeyValueStore.open(dataDirectory)) {
        SparseMerkleTree tree = new SparseMerkleTree(new TreeNodeStore(store), root);
        for (int inChunk = 0; inChunk < 97 && step < inputs.size(); inChunk++, step++) {
          StateTransition.apply(new TreeStateAccess(tree), inputs.get(step));
          assertEquals(expectedRoots.get(step), tree.root(), "seed " + (SEED + 1) + " step " + step);
        }
        try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
          tree.flushTo(batch);
          batch.commit(false);
        }
        root = tree.root();
      }
    }
  }

  /** Records from four senders on three streams and a handful of keys: every path is common. */
  private static final class RandomRecords {
    private final Random random;
    private final Map<Address, Long> nonces = new HashMap<>();

    RandomRecords(Random random) {
      this.random = random;
    }

    RecoveredRecord next() {
      RecordSigner signer = SIGNERS.get(random.nextInt(SIGNERS.size()));
      long nonce = nonces.getOrDefault(signer.address(), 0L);
      int roll = random.nextInt(100);
      if (roll < 4) {
        nonce += 1 + random.nextInt(3);
      } else if (roll < 6 && nonce > 0) {
        nonce -= 1;
      }
      String stream = "s" + random.nextInt(3);
      byte[] key = {(byte) random.nextInt(4)};
      Address writer = SIGNERS.get(random.nextInt(SIGNERS.size())).address();
      Record record =
          switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> Record.put(nonce, stream, key, RecordFixtures.randomBytes(random, 0, 8));
            case 4, 5 -> Record.delete(nonce, stream, key);
            case 6, 7 -> Record.grant(nonce, stream, writer);
            default -> Record.revoke(nonce, stream, writer);
          };
      SignedRecord signed = signer.sign(record);
      Bytes32 digest = RecordFixtures.DOMAIN.digest(record);
      Optional<Address> sender = random.nextInt(50) == 0 ? Optional.empty() : Optional.of(signer.address());
      return new RecoveredRecord(signed, digest, sender);
    }

    void observe(RecoveredRecord input, Status status) {
      if (status.consumesNonce()) {
        nonces.merge(input.sender().orElseThrow(), 1L, Long::sum);
      }
    }
  }
}
