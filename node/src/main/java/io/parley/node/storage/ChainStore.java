package io.parley.node.storage;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.base.block.Receipt;
import io.parley.base.encoding.Rlp;
import io.parley.base.trie.NodeStore;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's RocksDB database (docs/adr/0005-storage.md). Column families: {@code blocks} (hash to
 * block), {@code heights} (8-byte big-endian height to hash), {@code tx_locations} (tx hash to
 * location), {@code receipts} (block hash to the block's receipt list), {@code certificates} (block
 * hash to commit certificate), {@code state} (state-tree node hash to node), {@code consensus}
 * (this validator's signed votes and proposals, by height, synced before they are sent) and {@code
 * metadata}. A block, its receipts, certificate, state nodes and the new head are written in one
 * {@link WriteBatch}: after a crash the database holds either all of a block or none of it. The
 * batch is synced behind the head by a {@link WalSyncer}, not before the write returns
 * (docs/adr/0049-blocks-synced-behind-the-head.md).
 */
public final class ChainStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private static final Logger LOG = LoggerFactory.getLogger(ChainStore.class);
  private static final int SCHEMA_VERSION = 1;
  private static final byte[] HEAD = key("head");
  private static final byte[] GENESIS = key("genesis");
  private static final byte[] SCHEMA = key("schema");

  private final RocksDB db;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final LRUCache blockCache;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final ColumnFamilyHandle blocks;
  private final ColumnFamilyHandle heights;
  private final ColumnFamilyHandle txLocations;
  private final ColumnFamilyHandle receipts;
  private final ColumnFamilyHandle certificates;
  private final ColumnFamilyHandle state;
  private final ColumnFamilyHandle metadata;
  private final ColumnFamilyHandle consensus;
  private final WriteOptions syncWrite;
  private final WriteOptions unsyncedWrite;
  private final WalSyncer walSyncer;
  private final Path directory;
  private final boolean readOnly;

  /** Consensus records below this height are deleted (only the consensus thread prunes). */
  private long prunedBelow;

  /** Whether the consensus column family may still hold records an earlier version wrote. */
  private boolean legacyRecords;

  private ChainStore(Path directory, StorageBudget budget, boolean readOnly)
      throws RocksDBException {
    this.directory = directory;
    this.readOnly = readOnly;
    blockCache = new LRUCache(budget.blockCacheBytes());
    cfOptions =
        new ColumnFamilyOptions()
            .setWriteBufferSize(budget.memtableBytes() / 4)
            .setMaxWriteBufferNumber(2)
            .setTableFormatConfig(
                new BlockBasedTableConfig()
                    .setBlockCache(blockCache)
                    .setCacheIndexAndFilterBlocks(true)
                    .setPinL0FilterAndIndexBlocksInCache(true)
                    .setFilterPolicy(new BloomFilter(10, false)));
    dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxBackgroundJobs(2)
            .setKeepLogFileNum(5)
            .setDbWriteBufferSize(budget.memtableBytes())
            .setMaxTotalWalSize(budget.maxWalBytes())
            .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name :
        List.of(
            "default",
            "blocks",
            "heights",
            "tx_locations",
            "receipts",
            "certificates",
            "state",
            "metadata",
            "consensus")) {
      descriptors.add(
          new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), cfOptions));
    }
    db =
        readOnly
            ? RocksDB.openReadOnly(dbOptions, directory.toString(), descriptors, handles)
            : RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
    blocks = handles.get(1);
    heights = handles.get(2);
    txLocations = handles.get(3);
    receipts = handles.get(4);
    certificates = handles.get(5);
    state = handles.get(6);
    metadata = handles.get(7);
    consensus = handles.get(8);
    syncWrite = new WriteOptions().setSync(true);
    unsyncedWrite = new WriteOptions();
    walSyncer = readOnly ? null : new WalSyncer(db);
    try (RocksIterator it = db.newIterator(consensus)) {
      it.seekToFirst();
      legacyRecords = it.isValid();
    }
  }

  /** Opens (creating if needed) the database in {@code directory} with the default budget. */
  public static ChainStore open(Path directory, long cacheBytes) {
    return open(directory, StorageBudget.withBlockCache(cacheBytes));
  }

  /** Opens (creating if needed) the database in {@code directory} within {@code budget}. */
  public static ChainStore open(Path directory, StorageBudget budget) {
    try {
      Files.createDirectories(directory);
      ChainStore store = new ChainStore(directory, budget, false);
      store.checkSchema();
      return store;
    } catch (RocksDBException e) {
      throw cannotOpen(directory, e);
    } catch (java.io.IOException e) {
      throw new StorageException("cannot create " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Opens the existing database in {@code directory} for reading only (no lock, no writes). */
  public static ChainStore openReadOnly(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new StorageException("no database in " + directory);
    }
    try {
      return new ChainStore(directory, StorageBudget.withBlockCache(64L << 20), true);
    } catch (RocksDBException e) {
      throw cannotOpen(directory, e);
    }
  }

  private static StorageException cannotOpen(Path directory, RocksDBException e) {
    if (DatabaseIntegrity.isCorruption(e)) {
      return DatabaseIntegrity.damaged(directory, e.getMessage(), e);
    }
    String hint =
        e.getMessage() != null && e.getMessage().contains("lock")
            ? " (is another Parley node using this data directory?)"
            : "";
    return new StorageException(
        "cannot open database in " + directory + ": " + e.getMessage() + hint, e);
  }

  /** Whether a process (a running node) holds the database in {@code directory} open. */
  public static boolean inUse(Path directory) {
    Path lock = directory.resolve("LOCK");
    if (!Files.exists(lock)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
        FileLock held = channel.tryLock()) {
      return held == null;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (java.io.IOException e) {
      throw new StorageException("cannot check " + lock + ": " + e.getMessage(), e);
    }
  }

  /**
   * Verifies the checksums of the newest SST files up to {@code budgetBytes} (run at every start).
   *
   * @throws StorageException if one is damaged, saying what to do
   */
  public Verified verifyNewestFiles(long budgetBytes) {
    var checked = withFilesKept(() -> DatabaseIntegrity.verifyNewest(db, directory, budgetBytes));
    return new Verified(checked.files(), checked.bytes());
  }

  /**
   * Runs {@code check} while no SST file is deleted, so that a background compaction cannot remove
   * a file between listing and reading it (a read-only database compacts nothing).
   */
  private <T> T withFilesKept(java.util.function.Supplier<T> check) {
    if (readOnly) {
      return check.get();
    }
    try {
      db.disableFileDeletions();
    } catch (RocksDBException e) {
      throw failure("cannot pause file deletions", e);
    }
    try {
      return check.get();
    } finally {
      try {
        db.enableFileDeletions();
      } catch (RocksDBException e) {
        LOG.warn("Cannot resume file deletions in {}: {}", directory, e.getMessage());
      }
    }
  }

  /**
   * Verifies the checksum of every block of every SST file, then that every height up to the head
   * has its block and the head its certificate ({@code parley db verify}).
   *
   * @throws StorageException if something is damaged or missing, saying what to do
   */
  public Verified verifyAll() {
    var checked = withFilesKept(() -> DatabaseIntegrity.verifyAll(db, directory));
    Bytes32 head = headHash().orElseThrow(() -> missing("the head pointer"));
    long height = 0;
    for (Optional<Bytes32> hash = hashAt(0); hash.isPresent(); hash = hashAt(++height)) {
      if (get(blocks, hash.get().toArrayUnsafe()).isEmpty()) {
        throw missing("block " + height);
      }
      if (hash.get().equals(head)) {
        if (height > 0 && certificate(head).isEmpty()) {
          throw missing("the certificate of head block " + height);
        }
        return new Verified(checked.files(), checked.bytes(), height);
      }
    }
    throw missing("the head block " + head + " at any height up to " + (height - 1));
  }

  /** What a verification read: SST files and bytes, and the head's height (-1: not checked). */
  public record Verified(int files, long bytes, long headHeight) {
    Verified(int files, long bytes) {
      this(files, bytes, -1);
    }
  }

  private StorageException missing(String what) {
    return DatabaseIntegrity.damaged(directory, what + " is missing", null);
  }

  private void checkSchema() throws RocksDBException {
    byte[] schema = db.get(metadata, SCHEMA);
    if (schema == null) {
      db.put(metadata, syncWrite, SCHEMA, Bytes.ofUnsignedInt(SCHEMA_VERSION).toArrayUnsafe());
    } else if (Bytes.wrap(schema).toInt() != SCHEMA_VERSION) {
      throw new StorageException(
          "database schema version "
              + Bytes.wrap(schema).toInt()
              + " is not supported (expected "
              + SCHEMA_VERSION
              + ")");
    }
  }

  /** Everything one committed block writes. */
  public record BlockWrite(
      Block block,
      Optional<CommitCertificate> certificate,
      List<Receipt> receipts,
      Map<Bytes32, Bytes> stateNodes) {}

  /** Writes the block and everything that comes with it, and makes it the head, atomically. */
  public void commit(BlockWrite write) {
    Block block = write.block();
    Bytes32 hash = block.hash();
    try (WriteBatch batch = new WriteBatch()) {
      for (Map.Entry<Bytes32, Bytes> node : write.stateNodes().entrySet()) {
        batch.put(state, node.getKey().toArrayUnsafe(), node.getValue().toArrayUnsafe());
      }
      batch.put(blocks, hash.toArrayUnsafe(), block.encode().toArrayUnsafe());
      batch.put(heights, heightKey(block.height()), hash.toArrayUnsafe());
      for (int i = 0; i < block.transactions().size(); i++) {
        batch.put(
            txLocations,
            block.transactions().get(i).hash().toArrayUnsafe(),
            new TransactionLocation(hash, block.height(), i).encode().toArrayUnsafe());
      }
      batch.put(
          receipts,
          hash.toArrayUnsafe(),
          RLP.encodeList(w -> write.receipts().forEach(r -> w.writeRLP(r.encode())))
              .toArrayUnsafe());
      if (write.certificate().isPresent()) {
        batch.put(
            certificates, hash.toArrayUnsafe(), write.certificate().get().encode().toArrayUnsafe());
      }
      if (block.height() == 0) {
        batch.put(metadata, GENESIS, hash.toArrayUnsafe());
      }
      batch.put(metadata, HEAD, hash.toArrayUnsafe());
      walSyncer.checkHealthy();
      db.write(unsyncedWrite, batch);
      walSyncer.written();
    } catch (RocksDBException e) {
      throw failure("cannot commit block " + block.height(), e);
    }
  }

  public Optional<Bytes32> genesisHash() {
    return get(metadata, GENESIS).map(Bytes32::wrap);
  }

  public Optional<Bytes32> headHash() {
    return get(metadata, HEAD).map(Bytes32::wrap);
  }

  public Optional<Block> block(Bytes32 hash, int maxTransactionSize) {
    return get(blocks, hash.toArrayUnsafe()).map(b -> Block.decode(b, maxTransactionSize));
  }

  public Optional<Bytes32> hashAt(long height) {
    return get(heights, heightKey(height)).map(Bytes32::wrap);
  }

  public Optional<CommitCertificate> certificate(Bytes32 blockHash) {
    return get(certificates, blockHash.toArrayUnsafe()).map(CommitCertificate::decode);
  }

  public Optional<TransactionLocation> transactionLocation(Bytes32 txHash) {
    return get(txLocations, txHash.toArrayUnsafe()).map(TransactionLocation::decode);
  }

  public List<Receipt> receipts(Bytes32 blockHash) {
    return get(receipts, blockHash.toArrayUnsafe())
        .map(bytes -> Rlp.splitList(bytes, "receipts").stream().map(Receipt::decode).toList())
        .orElse(List.of());
  }

  /**
   * Durably records a message this validator signed (a vote or proposal) before it is sent: synced
   * to disk when this returns. Keyed by height first, so records of committed heights can be
   * pruned.
   */
  public void persistConsensusRecords(List<Record> records) {
    legacyRecords = true;
    try (WriteBatch batch = new WriteBatch()) {
      for (Record r : records) {
        batch.put(consensus, consensusKey(r.height(), r.id()), r.encoded().toArrayUnsafe());
      }
      db.write(syncWrite, batch);
    } catch (RocksDBException e) {
      throw failure("cannot persist a consensus record", e);
    }
  }

  /** A consensus record: the height it belongs to, an id unique within it, and its bytes. */
  public record Record(long height, Bytes32 id, Bytes encoded) {}

  /** Every consensus record above {@code height}, lowest height first. */
  public List<Bytes> consensusRecordsAbove(long height) {
    List<Bytes> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(consensus)) {
      for (it.seek(Bytes.ofUnsignedLong(height + 1).toArrayUnsafe()); it.isValid(); it.next()) {
        out.add(Bytes.wrap(it.value()));
      }
    }
    return out;
  }

  /**
   * Deletes consensus records at or below {@code height} (their blocks are committed). Each call
   * deletes only the heights above the previous call's: nested ranges ([0, h] at every block) cost
   * RocksDB quadratic time and memory to fragment when it replays them from the write-ahead log,
   * which made restarts after hours take minutes and gigabytes (docs/adr/0041).
   */
  public void pruneConsensusRecords(long height) {
    if (!legacyRecords || height < prunedBelow) {
      return;
    }
    try {
      db.deleteRange(
          consensus,
          Bytes.ofUnsignedLong(prunedBelow).toArrayUnsafe(),
          Bytes.ofUnsignedLong(height + 1).toArrayUnsafe());
      prunedBelow = height + 1;
      try (RocksIterator it = db.newIterator(consensus)) {
        it.seekToFirst();
        legacyRecords = it.isValid();
      }
    } catch (RocksDBException e) {
      throw failure("cannot prune consensus records", e);
    }
  }

  private static byte[] consensusKey(long height, Bytes32 id) {
    return Bytes.concatenate(Bytes.ofUnsignedLong(height), id).toArrayUnsafe();
  }

  /** The state-tree nodes, read straight from RocksDB (wrap in a cache for hot paths). */
  public NodeStore stateNodes() {
    return hash -> get(state, hash.toArrayUnsafe());
  }

  /** The header of the block stored under {@code hash}, if any. */
  public Optional<BlockHeader> header(Bytes32 hash, int maxTransactionSize) {
    return block(hash, maxTransactionSize).map(Block::header);
  }

  private Optional<Bytes> get(ColumnFamilyHandle family, byte[] key) {
    try {
      byte[] value = db.get(family, key);
      return value == null ? Optional.empty() : Optional.of(Bytes.wrap(value));
    } catch (RocksDBException e) {
      throw failure("database read failed", e);
    }
  }

  /** A failed read or write: a damaged database says what to do, anything else what failed. */
  private StorageException failure(String what, RocksDBException e) {
    if (DatabaseIntegrity.isCorruption(e)) {
      return DatabaseIntegrity.damaged(directory, what + ": " + e.getMessage(), e);
    }
    return new StorageException(what + ": " + e.getMessage(), e);
  }

  private static byte[] heightKey(long height) {
    return Bytes.ofUnsignedLong(height).toArrayUnsafe();
  }

  private static byte[] key(String name) {
    return name.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Flushes the memtables (so the next start replays no write-ahead log) and closes the database.
   */
  @Override
  public void close() {
    if (!readOnly) {
      walSyncer.close();
      try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        db.flush(flush, handles);
      } catch (RocksDBException e) {
        // loses nothing: the write-ahead log holds every write; the next start replays it
        LOG.warn("Cannot flush the database in {} before closing: {}", directory, e.getMessage());
      }
    }
    for (ColumnFamilyHandle handle : handles) {
      handle.close();
    }
    db.close();
    syncWrite.close();
    unsyncedWrite.close();
    dbOptions.close();
    cfOptions.close();
    blockCache.close();
  }
}
