package dev.sluice.state.store;

/**
 * How a {@link LevelDbKeyValueStore} opens and tunes its database.
 *
 * @param createIfMissing create the directory (with its parents) and an empty database when there
 *     is none; when false, opening a directory without a database fails
 * @param writeBufferSize bytes of writes held in memory (the memtable) before LevelDB sorts them
 *     into a table on disk, 64 KiB to 1 GiB. A larger buffer means fewer, larger level-0 tables
 *     and less compaction; 64 MiB roughly doubles bulk put throughput over LevelDB's 4 MiB
 *     default. Up to two buffers can be in memory at once (one of them being flushed), and a
 *     larger buffer lengthens log replay when a database is reopened after a crash.
 * @param blockCacheSize bytes of uncompressed table blocks kept in an LRU cache for reads; 0
 *     leaves LevelDB's built-in 8 MiB cache. The cache fills on demand, so a large value costs
 *     memory only as the working set grows.
 * @param compression compress table blocks with Snappy. Hashes do not compress, but LevelDB
 *     stores a block uncompressed when Snappy saves less than an eighth of it, so incompressible
 *     data costs one attempt per block written and nothing on reads.
 */
public record LevelDbOptions(
    boolean createIfMissing, int writeBufferSize, long blockCacheSize, boolean compression) {

  // LevelDB silently clamps the write buffer to this range; rejecting values outside it keeps
  // the configured size the effective one.
  private static final int MIN_WRITE_BUFFER_SIZE = 64 << 10;
  private static final int MAX_WRITE_BUFFER_SIZE = 1 << 30;

  public LevelDbOptions {
    if (writeBufferSize < MIN_WRITE_BUFFER_SIZE || writeBufferSize > MAX_WRITE_BUFFER_SIZE) {
      throw new IllegalArgumentException(
          "the write buffer size must be between 64 KiB and 1 GiB, got " + writeBufferSize);
    }
    if (blockCacheSize < 0) {
      throw new IllegalArgumentException(
          "the block cache size must not be negative, got " + blockCacheSize);
    }
  }

  /** Creates missing directories, a 64 MiB write buffer, a 128 MiB block cache, Snappy. */
  public static LevelDbOptions defaults() {
    return new LevelDbOptions(true, 64 << 20, 128L << 20, true);
  }

  public LevelDbOptions withCreateIfMissing(boolean createIfMissing) {
    return new LevelDbOptions(createIfMissing, writeBufferSize, blockCacheSize, compression);
  }

  public LevelDbOptions withWriteBufferSize(int writeBufferSize) {
    return new LevelDbOptions(createIfMissing, writeBufferSize, blockCacheSize, compression);
  }

  public LevelDbOptions withBlockCacheSize(long blockCacheSize) {
    return new LevelDbOptions(createIfMissing, writeBufferSize, blockCacheSize, compression);
  }

  public LevelDbOptions withCompression(boolean compression) {
    return new LevelDbOptions(createIfMissing, writeBufferSize, blockCacheSize, compression);
  }
}
