package dev.sluice.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.store.KeyValueStore.Cursor;
import dev.sluice.state.store.KeyValueStore.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LevelDbKeyValueStoreTest extends KeyValueStoreContractTest {
  // Small buffers keep each test's native memory low; behaviour does not depend on them.
  private static final LevelDbOptions OPTIONS =
      LevelDbOptions.defaults().withWriteBufferSize(1 << 20).withBlockCacheSize(1 << 20);

  @TempDir Path temp;

  private Path directory() {
    return temp.resolve("db");
  }

  @Override
  protected KeyValueStore createStore() {
    return LevelDbKeyValueStore.open(directory(), OPTIONS);
  }

  @Test
  void dataSurvivesCloseAndReopen() {
    put("01", "aa");
    put("02", "bb");
    try (WriteBatch batch = store.newWriteBatch()) {
      batch.delete(bytes("02")).commit(false);
    }
    store.close();

    store = LevelDbKeyValueStore.open(directory(), OPTIONS);

    assertValue("aa", "01");
    assertEquals(Optional.empty(), store.get(bytes("02")));
    assertEquals(List.of("01"), scanKeys(""));
  }

  @Test
  void syncCommitSurvivesReopen() {
    try (WriteBatch batch = store.newWriteBatch()) {
      batch.put(bytes("01"), bytes("aa")).commit(true);
    }
    store.close();

    store = LevelDbKeyValueStore.open(directory(), OPTIONS);

    assertValue("aa", "01");
  }

  @Test
  void openingAnOpenDirectoryAgainFailsAsInUse() {
    DataDirectoryInUseException e =
        assertThrows(
            DataDirectoryInUseException.class,
            () -> LevelDbKeyValueStore.open(directory(), OPTIONS));

    assertTrue(
        e.getMessage().contains("already in use by another process"), () -> e.getMessage());
    Path opened = ((LevelDbKeyValueStore) store).directory();
    assertTrue(e.getMessage().contains(opened.toString()), () -> e.getMessage());
    assertEquals(opened, e.directory());
    // The first store is unharmed.
    put("01", "aa");
    assertValue("aa", "01");
  }

  @Test
  void openingAnOpenDirectoryThroughASymbolicLinkFailsAsInUse() throws Exception {
    Path link = Files.createSymbolicLink(temp.resolve("link"), directory());

    assertThrows(DataDirectoryInUseException.class, () -> LevelDbKeyValueStore.open(link, OPTIONS));
  }

  @Test
  void lockErrorsFromThisAndOtherProcessesAreConflicts() {
    // Verbatim from leveldbjni 1.8: this process, then another process, holding the lock.
    assertTrue(
        LevelDbKeyValueStore.isLockConflict(
            "IO error: lock /data/db/LOCK: already held by process"));
    assertTrue(
        LevelDbKeyValueStore.isLockConflict(
            "IO error: lock /data/db/LOCK: Resource temporarily unavailable"));
    assertFalse(
        LevelDbKeyValueStore.isLockConflict("IO error: /data/db/LOCK: No such file or directory"));
    assertFalse(LevelDbKeyValueStore.isLockConflict(null));
  }

  @Test
  void aClosedStoreReleasesItsDirectory() {
    store.close();

    store = LevelDbKeyValueStore.open(directory(), OPTIONS);
    put("01", "aa");
    assertValue("aa", "01");
  }

  @Test
  void openingAMissingDatabaseWithoutCreateNamesThePathAndCause() {
    Path missing = temp.resolve("missing");

    StorageException e =
        assertThrows(
            StorageException.class,
            () -> LevelDbKeyValueStore.open(missing, OPTIONS.withCreateIfMissing(false)));

    assertFalse(e instanceof DataDirectoryInUseException);
    assertTrue(e.getMessage().contains(missing.toString()), () -> e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), () -> e.getMessage());
  }

  @Test
  void openingAFileAsADirectoryNamesThePath() throws Exception {
    Path file = Files.writeString(temp.resolve("file"), "not a database");

    StorageException e =
        assertThrows(StorageException.class, () -> LevelDbKeyValueStore.open(file, OPTIONS));

    assertTrue(e.getMessage().contains(file.toRealPath().toString()), () -> e.getMessage());
  }

  @Test
  void openCreatesMissingParentDirectories() {
    Path nested = temp.resolve("a/b/c");

    try (LevelDbKeyValueStore nestedStore = LevelDbKeyValueStore.open(nested, OPTIONS)) {
      assertEquals(Optional.empty(), nestedStore.get(bytes("01")));
    }
    assertTrue(Files.exists(nested.resolve("CURRENT")));
  }

  @Test
  void uncompressedDatabaseWorks() {
    try (LevelDbKeyValueStore plain =
        LevelDbKeyValueStore.open(temp.resolve("plain"), OPTIONS.withCompression(false))) {
      try (WriteBatch batch = plain.newWriteBatch()) {
        batch.put(bytes("01"), new byte[4096]).commit(true);
      }
      assertEquals(4096, plain.get(bytes("01")).orElseThrow().length);
    }
  }

  @Test
  void closeReleasesOpenCursors() {
    put("01", "aa");
    put("02", "bb");
    Cursor cursor = store.scan(new byte[0]);
    cursor.next();

    store.close();

    IllegalStateException e = assertThrows(IllegalStateException.class, cursor::hasNext);
    assertTrue(e.getMessage().contains("closed"), () -> e.getMessage());
    assertThrows(IllegalStateException.class, cursor::next);
    cursor.close();
  }

  @Test
  void closingWhileOtherThreadsReadAndWriteOnlyMakesThemFail() throws Exception {
    put("01", "aa");
    put("02", "bb");
    CountDownLatch running = new CountDownLatch(2);
    Callable<Throwable> reader =
        () -> {
          running.countDown();
          try {
            while (true) {
              store.get(bytes("01"));
              try (Cursor cursor = store.scan(new byte[0])) {
                cursor.forEachRemaining(entry -> {});
              }
            }
          } catch (Throwable t) {
            return t;
          }
        };
    Callable<Throwable> writer =
        () -> {
          running.countDown();
          try {
            for (int i = 0; ; i++) {
              try (WriteBatch batch = store.newWriteBatch()) {
                batch.put(bytes("03"), new byte[] {(byte) i}).commit(false);
              }
            }
          } catch (Throwable t) {
            return t;
          }
        };
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<Throwable> readerOutcome = threads.submit(reader);
      Future<Throwable> writerOutcome = threads.submit(writer);
      running.await();
      Thread.sleep(20);

      store.close();

      assertInstanceOf(IllegalStateException.class, readerOutcome.get(5, TimeUnit.SECONDS));
      assertInstanceOf(IllegalStateException.class, writerOutcome.get(5, TimeUnit.SECONDS));
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aClosedCursorRefusesFurtherUse() {
    put("01", "aa");
    Cursor cursor = store.scan(new byte[0]);
    cursor.close();

    assertThrows(IllegalStateException.class, cursor::hasNext);
    assertThrows(IllegalStateException.class, cursor::next);
  }

  @Test
  void closedStoreMessageNamesTheDirectory() {
    Path opened = ((LevelDbKeyValueStore) store).directory();
    store.close();

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> store.get(bytes("01")));

    assertTrue(e.getMessage().contains(opened.toString()), () -> e.getMessage());
  }

  @Test
  void optionsRejectSizesLevelDbWouldClamp() {
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.withWriteBufferSize(1024));
    assertThrows(
        IllegalArgumentException.class, () -> OPTIONS.withWriteBufferSize(Integer.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.withBlockCacheSize(-1));
    assertInstanceOf(LevelDbOptions.class, OPTIONS.withBlockCacheSize(0));
  }
}
