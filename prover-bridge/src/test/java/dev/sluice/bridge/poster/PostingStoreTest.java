package dev.sluice.bridge.poster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bridge.l1.SignedTransaction;
import dev.sluice.bridge.l1.TransactionFees;
import dev.sluice.state.Bytes32;
import dev.sluice.state.batch.BatchCodec;
import dev.sluice.state.batch.BatchHeader;
import dev.sluice.state.store.InMemoryKeyValueStore;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PostingStoreTest {
  private final Random random = new Random(7);

  private Bytes32 hash() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Bytes32.wrap(bytes);
  }

  private BatchPosting posting(long index, BatchPosting.State state) {
    byte[] data = new byte[random.nextInt(2_000)];
    random.nextBytes(data);
    BatchHeader header =
        new BatchHeader(index, hash(), index * 100, 100, hash(), hash(), hash(), hash(), hash());
    return new BatchPosting(
        header,
        random.nextBoolean() ? DataAvailability.BLOBS : DataAvailability.CALLDATA,
        BatchCodec.values()[random.nextInt(3)],
        data.length,
        data,
        state,
        random.nextBoolean() ? Optional.of(hash()) : Optional.empty(),
        random.nextBoolean() ? OptionalLong.of(random.nextInt(1_000_000)) : OptionalLong.empty());
  }

  @Test
  void postingsAndTheInFlightTransactionSurviveAReopen() {
    InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
    PostingStore store = new PostingStore(kv);
    List<BatchPosting> postings =
        List.of(
            posting(0, BatchPosting.State.FINALIZED),
            posting(1, BatchPosting.State.INCLUDED),
            posting(2, BatchPosting.State.SENT));
    SignedTransaction tx =
        new SignedTransaction(
            hash(),
            new byte[] {3, 1, 4, 1, 5},
            9,
            new TransactionFees(BigInteger.TEN.pow(12), BigInteger.TEN, BigInteger.valueOf(3)),
            300_000,
            List.of(hash(), hash()));
    InFlightTransaction inFlight =
        InFlightTransaction.first(InFlightTransaction.Purpose.APPEND, 2, tx, 77, 1_700_000_000_000L)
            .replacedBy(tx, 80, 1_700_000_001_000L);
    store.write(postings, inFlight);

    PostingStore reopened = new PostingStore(kv);
    List<BatchPosting> read = reopened.postings();
    assertEquals(3, read.size());
    for (int i = 0; i < 3; i++) {
      BatchPosting expected = postings.get(i);
      BatchPosting actual = read.get(i);
      assertEquals(expected.header(), actual.header());
      assertEquals(expected.mode(), actual.mode());
      assertEquals(expected.codec(), actual.codec());
      assertEquals(expected.state(), actual.state());
      assertEquals(expected.transactionHash(), actual.transactionHash());
      assertEquals(expected.l1Block(), actual.l1Block());
      assertArrayEquals(expected.data(), actual.data());
    }
    InFlightTransaction back = reopened.inFlight().orElseThrow();
    assertEquals(inFlight.purpose(), back.purpose());
    assertEquals(inFlight.target(), back.target());
    assertEquals(inFlight.sentHashes(), back.sentHashes());
    assertEquals(inFlight.sentAtBlock(), back.sentAtBlock());
    assertEquals(tx.hash(), back.latest().hash());
    assertEquals(tx.fees(), back.latest().fees());
    assertEquals(tx.blobVersionedHashes(), back.latest().blobVersionedHashes());
    assertArrayEquals(tx.raw(), back.latest().raw());

    reopened.write(List.of(), null);
    assertTrue(new PostingStore(kv).inFlight().isEmpty());
  }

  @Test
  void deleteFromForgetsRevertedBatchesOnly() {
    InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
    PostingStore store = new PostingStore(kv);
    List<BatchPosting> postings =
        List.of(
            posting(0, BatchPosting.State.INCLUDED),
            posting(1, BatchPosting.State.INCLUDED),
            posting(2, BatchPosting.State.APPENDED));
    store.write(postings, null);
    store.deleteFrom(1, postings, null);
    assertEquals(List.of(0L), store.postings().stream().map(BatchPosting::index).toList());
  }

  @Test
  void keysStayInThePosterRangeAndAFinalBatchDropsItsData() {
    assertEquals(0x30, PostingStore.postingKey(5)[0]);
    BatchPosting finalized =
        posting(4, BatchPosting.State.INCLUDED).withState(BatchPosting.State.FINALIZED);
    assertEquals(0, finalized.data().length);
    assertEquals(
        finalized.dataLength(),
        PostingStore.decodePosting(PostingStore.encode(finalized)).dataLength());
  }

  @Test
  void corruptOrForeignStateIsRefusedWithAClearError() {
    byte[] encoded = PostingStore.encode(posting(1, BatchPosting.State.SENT));
    encoded[0] = 9;
    IllegalStateException corrupt =
        assertThrows(IllegalStateException.class, () -> PostingStore.decodePosting(encoded));
    assertTrue(corrupt.getMessage().contains("corrupt"), corrupt.getMessage());

    InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
    try (var batch = kv.newWriteBatch()) {
      batch.put(new byte[] {0x3F, 0x01}, new byte[] {2}).commit(false);
    }
    assertThrows(IllegalStateException.class, () -> new PostingStore(kv));
  }
}
