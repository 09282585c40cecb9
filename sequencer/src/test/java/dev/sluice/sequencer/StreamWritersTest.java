package dev.sluice.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.Address;
import dev.sluice.state.record.RecordFixtures;
import dev.sluice.state.record.SignedRecord;
import dev.sluice.state.stf.Status;
import dev.sluice.state.store.InMemoryKeyValueStore;
import dev.sluice.state.store.KeyValueStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The stream → granted writers index: its pages, and that it survives restarts and crashes. */
class StreamWritersTest {
  private static final String STREAM = "plant/1";
  private final KeyValueStore store = new InMemoryKeyValueStore();
  private final TestSigner owner = new TestSigner(21);
  private final TestSigner stranger = new TestSigner(22);
  private final List<Address> writers = new ArrayList<>();

  StreamWritersTest() {
    for (int i = 0; i < 5; i++) {
      writers.add(new TestSigner(100 + i).address());
    }
  }

  @Test
  void shouldListGrantedWritersInPagesAndKeepThemAcrossCheckpointsHaltsAndRestarts() {
    PipelinedSequencer first = started();
    apply(first, owner.put(STREAM, "k", "v"));
    for (Address writer : writers) {
      apply(first, owner.grant(STREAM, writer));
    }
    apply(first, owner.revoke(STREAM, writers.get(1)));
    dev.sluice.state.stf.Receipt denied = apply(first, stranger.grant(STREAM, stranger.address()));
    assertEquals(Status.PERMISSION_DENIED, denied.status(), "only the owner grants");
    Await.result(first.checkpoint());
    // Changes after the checkpoint live in memory until the next one.
    apply(first, owner.revoke(STREAM, writers.get(3)));
    apply(first, owner.grant(STREAM, stranger.address()));
    List<Address> expected =
        sorted(writers.get(0), writers.get(2), writers.get(4), stranger.address());

    assertEquals(expected, all(first));
    StreamWriters page = first.writers(STREAM, Optional.empty(), 3).orElseThrow();
    assertEquals(expected.subList(0, 3), page.writers());
    assertTrue(page.more());
    StreamWriters rest = first.writers(STREAM, Optional.of(expected.get(2)), 3).orElseThrow();
    assertEquals(expected.subList(3, 4), rest.writers());
    assertFalse(rest.more());
    assertEquals(
        new StreamWriters(List.of(), false),
        first.writers("no/such/stream", Optional.empty(), 10).orElseThrow());
    first.halt();

    // Replay after a halt rebuilds what the last checkpoint did not hold.
    PipelinedSequencer second = started();
    assertEquals(expected, all(second));
    apply(second, owner.revoke(STREAM, writers.get(0)));
    second.close();

    PipelinedSequencer third = started();
    List<Address> afterRevoke = new ArrayList<>(expected);
    afterRevoke.remove(writers.get(0));
    assertEquals(afterRevoke, all(third));
    third.close();
  }

  @Test
  void shouldMatchTheGrantsOfARandomWorkloadWhateverThePageSize() {
    long seed = TestSeeds.seed("shouldMatchTheGrantsOfARandomWorkloadWhateverThePageSize");
    Random random = new Random(seed);
    PipelinedSequencer sequencer = started();
    TreeSet<Address> granted = new TreeSet<>();
    apply(sequencer, owner.put(STREAM, "k", "v"));
    for (int i = 0; i < 200; i++) {
      Address writer = writers.get(random.nextInt(writers.size()));
      if (random.nextBoolean()) {
        apply(sequencer, owner.grant(STREAM, writer));
        granted.add(writer);
      } else {
        apply(sequencer, owner.revoke(STREAM, writer));
        granted.remove(writer);
      }
      if (random.nextInt(20) == 0) {
        Await.result(sequencer.checkpoint());
      }
      if (random.nextInt(10) == 0) {
        int pageSize = 1 + random.nextInt(4);
        assertEquals(List.copyOf(granted), all(sequencer, pageSize), "seed " + seed);
      }
    }
    sequencer.close();
    PipelinedSequencer reopened = started();
    assertEquals(List.copyOf(granted), all(reopened, 2), "seed " + seed);
    reopened.close();
  }

  @Test
  void shouldNotListWritersOfAStoreWrittenBeforeTheIndexExisted() {
    PipelinedSequencer first = started();
    apply(first, owner.grant(STREAM, writers.get(0)));
    first.close();
    // As a store of the previous layout: a log, but no mark that the index covers it.
    try (KeyValueStore.WriteBatch batch = store.newWriteBatch()) {
      batch.delete(new byte[] {SequencerStore.META, 0x04});
      batch.commit(true);
    }

    PipelinedSequencer reopened = started();
    assertEquals(Optional.empty(), reopened.writers(STREAM, Optional.empty(), 10));
    assertThrows(
        IllegalArgumentException.class, () -> reopened.writers("bad name", Optional.empty(), 10));
    reopened.close();
  }

  private static List<Address> all(Sequencer sequencer) {
    return all(sequencer, 100);
  }

  /** Every writer, page by page. */
  private static List<Address> all(Sequencer sequencer, int pageSize) {
    List<Address> all = new ArrayList<>();
    Optional<Address> after = Optional.empty();
    while (true) {
      StreamWriters page = sequencer.writers(STREAM, after, pageSize).orElseThrow();
      assertTrue(page.writers().size() <= pageSize);
      all.addAll(page.writers());
      if (!page.more()) {
        return all;
      }
      after = Optional.of(page.writers().get(page.writers().size() - 1));
    }
  }

  private static List<Address> sorted(Address... addresses) {
    return List.copyOf(new TreeSet<>(List.of(addresses)));
  }

  private static dev.sluice.state.stf.Receipt apply(Sequencer sequencer, SignedRecord record) {
    Acknowledgement ack = Await.result(sequencer.submit(record));
    return Await.result(sequencer.receiptOf(ack.sequence()));
  }

  private PipelinedSequencer started() {
    PipelinedSequencer sequencer =
        PipelinedSequencer.open(
            SequencerConfig.builder(RecordFixtures.DOMAIN).recoveryThreads(1).build(), store);
    Await.result(sequencer.start());
    return sequencer;
  }
}
