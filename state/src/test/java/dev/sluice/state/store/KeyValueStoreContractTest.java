package dev.sluice.state.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.store.KeyValueStore.Cursor;
import dev.sluice.state.store.KeyValueStore.Entry;
import dev.sluice.state.store.KeyValueStore.WriteBatch;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeyValueStore} must do. A store implementation's test extends this class and
 * supplies {@link #createStore()}; it lives in the test-jar so other modules can do the same.
 */
public abstract class KeyValueStoreContractTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The store under test, created before each test and closed after it. */
  protected KeyValueStore store;

  /** A new, empty store. Called once before each test. */
  protected abstract KeyValueStore createStore();

  @BeforeEach
  void openStore() {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void getOfAMissingKeyIsEmpty() {
    assertEquals(Optional.empty(), store.get(bytes("01")));
  }

  @Test
  void committedPutIsVisible() {
    put("01", "aa");

    assertValue("aa", "01");
  }

  @Test
  void putOverwrites() {
    put("01", "aa");
    put("01", "bbbb");

    assertValue("bbbb", "01");
  }

  @Test
  void deleteRemoves() {
    put("01", "aa");

    try (WriteBatch batch = store.newWriteBatch()) {
      batch.delete(bytes("01"));
      batch.commit(false);
    }

    assertEquals(Optional.empty(), store.get(bytes("01")));
  }

  @Test
  void deleteOfAMissingKeyDoesNothing() {
    try (WriteBatch batch = store.newWriteBatch()) {
      batch.delete(bytes("01"));
      batch.commit(false);
    }

    assertEquals(Optional.empty(), store.get(bytes("01")));
  }

  @Test
  void emptyValueIsStoredAndDistinctFromAbsent() {
    put("01", "");

    assertValue("", "01");
  }

  @Test
  void largestRecordValueRoundTrips() {
    byte[] value = new byte[61_440];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (i * 31);
    }
    try (WriteBatch batch = store.newWriteBatch()) {
      batch.put(bytes("01"), value).commit(false);
    }

    assertArrayEquals(value, store.get(bytes("01")).orElseThrow());
  }

  @Test
  void nothingIsVisibleBeforeCommit() {
    try (WriteBatch batch = store.newWriteBatch()) {
      batch.put(bytes("01"), bytes("aa")).put(bytes("02"), bytes("bb"));

      assertEquals(Optional.empty(), store.get(bytes("01")));
      assertEquals(List.of(), scan(""));

      batch.commit(false);
    }

    assertValue("aa", "01");
    assertValue("bb", "02");
  }

  @Test
  void uncommittedDeleteLeavesTheValue() {
    put("01", "aa");

    try (WriteBatch batch = store.newWriteBatch()) {
      batch.delete(bytes("01"));

      assertValue("aa", "01");
    }

    assertValue("aa", "01");
  }

  @Test
  void closingAnUncommittedBatchWritesNothing() {
    WriteBatch batch = store.newWriteBatch();
    batch.put(bytes("01"), bytes("aa"));
    batch.close();

    assertEquals(Optional.empty(), store.get(bytes("01")));
    assertThrows(IllegalStateException.class, () -> batch.commit(false));
    assertEquals(Optional.empty(), store.get(bytes("01")));
  }

  @Test
  void aCommittedBatchCannotBeReused() {
    WriteBatch batch = store.newWriteBatch();
    batch.put(bytes("01"), bytes("aa"));
    batch.commit(false);

    assertThrows(IllegalStateException.class, () -> batch.put(bytes("02"), bytes("bb")));
    assertThrows(IllegalStateException.class, () -> batch.delete(bytes("01")));
    assertThrows(IllegalStateException.class, () -> batch.commit(false));
    batch.close();

    assertValue("aa", "01");
    assertEquals(Optional.empty(), store.get(bytes("02")));
  }

  @Test
  void aBatchCountsItsOperations() {
    try (WriteBatch batch = store.newWriteBatch()) {
      assertEquals(0, batch.size());
      batch.put(bytes("01"), bytes("aa")).delete(bytes("01")).put(bytes("01"), bytes("bb"));
      assertEquals(3, batch.size());
    }
  }

  @Test
  void operationsOnOneKeyApplyInBatchOrder() {
    put("03", "cc");
    try (WriteBatch batch = store.newWriteBatch()) {
      batch.put(bytes("01"), bytes("aa")).delete(bytes("01"));
      batch.delete(bytes("02")).put(bytes("02"), bytes("bb"));
      batch.put(bytes("03"), bytes("c1")).put(bytes("03"), bytes("c2"));
      batch.delete(bytes("04")).delete(bytes("04"));
      batch.commit(false);
    }

    assertEquals(Optional.empty(), store.get(bytes("01")));
    assertValue("bb", "02");
    assertValue("c2", "03");
    assertEquals(Optional.empty(), store.get(bytes("04")));
  }

  @Test
  void aBatchAppliesAllItsWrites() {
    try (WriteBatch batch = store.newWriteBatch()) {
      for (int i = 0; i < 1_000; i++) {
        batch.put(new byte[] {(byte) (i >>> 8), (byte) i}, new byte[] {(byte) i});
      }
      batch.commit(false);
    }

    assertEquals(1_000, scan("").size());
  }

  @Test
  void syncCommitIsVisible() {
    try (WriteBatch batch = store.newWriteBatch()) {
      batch.put(bytes("01"), bytes("aa")).commit(true);
    }

    assertValue("aa", "01");
  }

  @Test
  void scanOrdersKeysAsUnsignedBytes() {
    putAll("ff", "80", "7f", "00", "0100", "01", "8000", "7fff");

    assertEquals(List.of("00", "01", "0100", "7f", "7fff", "80", "8000", "ff"), scanKeys(""));
  }

  @Test
  void scanReturnsValuesWithTheirKeys() {
    put("0102", "bb");
    put("0101", "aa");

    List<Entry> entries = scan("01");

    assertEquals(2, entries.size());
    assertArrayEquals(bytes("0101"), entries.get(0).key());
    assertArrayEquals(bytes("aa"), entries.get(0).value());
    assertArrayEquals(bytes("0102"), entries.get(1).key());
    assertArrayEquals(bytes("bb"), entries.get(1).value());
  }

  @Test
  void scanStopsAtThePrefixBoundary() {
    putAll("00", "00ff", "01", "0100", "01ff", "01ffff", "02", "0200");

    assertEquals(List.of("01", "0100", "01ff", "01ffff"), scanKeys("01"));
  }

  @Test
  void scanOfAPrefixEndingInFf() {
    putAll("01fe", "01feff", "01ff", "01ff00", "01ffff", "0200", "02");

    assertEquals(List.of("01ff", "01ff00", "01ffff"), scanKeys("01ff"));
  }

  @Test
  void scanOfAnAllFfPrefixReachesTheLastKey() {
    putAll("fe", "feff", "ff", "ff00", "ffff", "ffffff");

    assertEquals(List.of("ffff", "ffffff"), scanKeys("ffff"));
    assertEquals(List.of("ff", "ff00", "ffff", "ffffff"), scanKeys("ff"));
  }

  @Test
  void scanDoesNotReturnKeysShorterThanThePrefix() {
    putAll("01", "0102", "010203");

    assertEquals(List.of("0102", "010203"), scanKeys("0102"));
  }

  @Test
  void emptyPrefixScansEverything() {
    putAll("00", "01", "80", "ff", "ffff");

    assertEquals(List.of("00", "01", "80", "ff", "ffff"), scanKeys(""));
  }

  @Test
  void scanWithoutMatchesIsEmpty() {
    assertEquals(List.of(), scanKeys(""));

    putAll("01", "03");

    assertEquals(List.of(), scanKeys("02"));
    assertEquals(List.of(), scanKeys("04"));
    assertEquals(List.of(), scanKeys("00"));
  }

  @Test
  void scanFromStartsAtTheFirstKeyNotBelowFrom() {
    putAll("00ff", "01", "0100", "0101", "0180", "01ff", "02", "0200");

    for (KeyValueStore scanned : List.of(store, onlyPrefixScans(store))) {
      assertEquals(List.of("0101", "0180", "01ff"), scanKeys(scanned, "01", "0101"));
      assertEquals(List.of("0101", "0180", "01ff"), scanKeys(scanned, "01", "0100ff"));
      // From below the prefix: the whole prefix; from past it: nothing.
      assertEquals(List.of("01", "0100", "0101", "0180", "01ff"), scanKeys(scanned, "01", "00"));
      assertEquals(List.of(), scanKeys(scanned, "01", "01ff00"));
      assertEquals(List.of(), scanKeys(scanned, "01", "02"));
      assertEquals(List.of("02", "0200"), scanKeys(scanned, "", "02"));
    }
  }

  /**
   * {@code delegate} seen through {@link KeyValueStore}'s default {@code scan(prefix, from)}, which
   * stores that cannot seek rely on.
   */
  private static KeyValueStore onlyPrefixScans(KeyValueStore delegate) {
    return new KeyValueStore() {
      @Override
      public Optional<byte[]> get(byte[] key) {
        return delegate.get(key);
      }

      @Override
      public WriteBatch newWriteBatch() {
        return delegate.newWriteBatch();
      }

      @Override
      public Cursor scan(byte[] prefix) {
        return delegate.scan(prefix);
      }

      @Override
      public void close() {}
    };
  }

  private static List<String> scanKeys(KeyValueStore scanned, String prefixHex, String fromHex) {
    List<String> keys = new ArrayList<>();
    try (Cursor cursor = scanned.scan(bytes(prefixHex), bytes(fromHex))) {
      cursor.forEachRemaining(entry -> keys.add(HEX.formatHex(entry.key())));
    }
    return keys;
  }

  @Test
  void scanSeesTheStoreAsItWasWhenItStarted() {
    putAll("01", "02");

    try (Cursor cursor = store.scan(new byte[0])) {
      try (WriteBatch batch = store.newWriteBatch()) {
        batch.put(bytes("03"), bytes("cc")).delete(bytes("02")).commit(false);
      }
      List<String> keys = new ArrayList<>();
      cursor.forEachRemaining(entry -> keys.add(HEX.formatHex(entry.key())));

      assertEquals(List.of("01", "02"), keys);
    }
    assertEquals(List.of("01", "03"), scanKeys(""));
  }

  @Test
  void nextPastTheEndThrows() {
    put("01", "aa");

    try (Cursor cursor = store.scan(bytes("01"))) {
      cursor.next();

      assertFalse(cursor.hasNext());
      assertThrows(NoSuchElementException.class, cursor::next);
    }
  }

  @Test
  void cursorCloseIsIdempotent() {
    put("01", "aa");

    Cursor cursor = store.scan(new byte[0]);
    cursor.close();
    cursor.close();
  }

  @Test
  void returnedValuesAreCopies() {
    put("01", "aa");

    store.get(bytes("01")).orElseThrow()[0] = 0x55;

    assertValue("aa", "01");
  }

  @Test
  void scannedEntriesAreCopies() {
    put("01", "aa");

    Entry entry = scan("").get(0);
    entry.key()[0] = 0x55;
    entry.value()[0] = 0x55;

    assertValue("aa", "01");
    assertEquals(List.of("01"), scanKeys(""));
  }

  @Test
  void aBatchCopiesItsArguments() {
    byte[] key = bytes("01");
    byte[] value = bytes("aa");
    try (WriteBatch batch = store.newWriteBatch()) {
      batch.put(key, value);
      key[0] = 0x02;
      value[0] = 0x55;
      batch.commit(false);
    }

    assertValue("aa", "01");
    assertEquals(Optional.empty(), store.get(bytes("02")));
  }

  @Test
  void scanCopiesItsPrefix() {
    putAll("01", "02");
    byte[] prefix = bytes("01");

    try (Cursor cursor = store.scan(prefix)) {
      prefix[0] = 0x02;

      assertArrayEquals(bytes("01"), cursor.next().key());
      assertFalse(cursor.hasNext());
    }
  }

  @Test
  void operationsAfterCloseThrow() {
    WriteBatch batch = store.newWriteBatch().put(bytes("01"), bytes("aa"));
    store.close();

    assertThrows(IllegalStateException.class, () -> store.get(bytes("01")));
    assertThrows(IllegalStateException.class, () -> store.newWriteBatch());
    assertThrows(IllegalStateException.class, () -> store.scan(new byte[0]));
    assertThrows(IllegalStateException.class, () -> batch.commit(false));
  }

  @Test
  void closeIsIdempotent() {
    store.close();
    store.close();
  }

  /** Commits one put. */
  protected final void put(String keyHex, String valueHex) {
    try (WriteBatch batch = store.newWriteBatch()) {
      batch.put(bytes(keyHex), bytes(valueHex)).commit(false);
    }
  }

  /** Asserts that {@code keyHex} holds {@code valueHex}. */
  protected final void assertValue(String valueHex, String keyHex) {
    Optional<byte[]> value = store.get(bytes(keyHex));
    assertTrue(value.isPresent(), () -> "no value under " + keyHex);
    assertEquals(valueHex, HEX.formatHex(value.get()));
  }

  /** The hex keys of a scan of {@code prefixHex}, in scan order. */
  protected final List<String> scanKeys(String prefixHex) {
    return scan(prefixHex).stream().map(entry -> HEX.formatHex(entry.key())).toList();
  }

  protected static byte[] bytes(String hex) {
    return HEX.parseHex(hex);
  }

  private void putAll(String... keysHex) {
    try (WriteBatch batch = store.newWriteBatch()) {
      for (String key : keysHex) {
        batch.put(bytes(key), bytes(key));
      }
      batch.commit(false);
    }
  }

  private List<Entry> scan(String prefixHex) {
    List<Entry> entries = new ArrayList<>();
    try (Cursor cursor = store.scan(bytes(prefixHex))) {
      cursor.forEachRemaining(entries::add);
    }
    return entries;
  }
}
