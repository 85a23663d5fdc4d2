package io.parley.node.storage;

/**
 * What RocksDB may hold in memory and in its write-ahead log (docs/adr/0041). The WAL bound is what
 * keeps a restart fast: RocksDB replays at most this much, because once the log grows past it
 * RocksDB flushes the column families that keep its oldest file alive.
 *
 * @param blockCacheBytes the block cache, which also holds the SST files' index and filter blocks
 * @param memtableBytes all column families' memtables together; each may use a quarter of it
 * @param maxWalBytes the write-ahead log's size that forces a flush
 */
public record StorageBudget(long blockCacheBytes, long memtableBytes, long maxWalBytes) {
  public static final long DEFAULT_MEMTABLE_BYTES = 64L << 20;
  public static final long DEFAULT_MAX_WAL_BYTES = 64L << 20;

  public StorageBudget {
    if (blockCacheBytes < (1 << 20) || memtableBytes < (4 << 20) || maxWalBytes < (1 << 20)) {
      throw new IllegalArgumentException(
          "need a block cache of 1 MiB or more, memtables of 4 MiB or more, a WAL of 1 MiB or more");
    }
  }

  /** The default memtable and WAL bounds with a block cache of {@code blockCacheBytes}. */
  public static StorageBudget withBlockCache(long blockCacheBytes) {
    return new StorageBudget(blockCacheBytes, DEFAULT_MEMTABLE_BYTES, DEFAULT_MAX_WAL_BYTES);
  }
}
