package io.parley.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/**
 * Writes made without a sync are synced behind the writer, in groups, and none is forgotten
 * (docs/adr/0049-blocks-synced-behind-the-head.md).
 */
class WalSyncerTest {
  static {
    RocksDB.loadLibrary();
  }

  @TempDir Path dir;

  @Test
  void everyWriteReportedByManyThreadsIsSyncedAndAWaiterIsWoken() throws Exception {
    try (Options options = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, dir.toString());
        WriteOptions unsynced = new WriteOptions();
        WalSyncer syncer = new WalSyncer(db)) {
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        writers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; i < 250; i++) {
                        try {
                          db.put(unsynced, key(thread, i), key(thread, i));
                        } catch (Exception e) {
                          throw new AssertionError(e);
                        }
                        syncer.written();
                      }
                    }));
      }
      for (Thread writer : writers) {
        writer.join();
      }
      syncer.awaitSynced();
      syncer.checkHealthy();
      for (int t = 0; t < 4; t++) {
        assertThat(db.get(key(t, 249))).isEqualTo(key(t, 249));
      }
    }
  }

  @Test
  void closingSyncsWhatIsPendingAndTheDataIsThereAfterReopening() throws Exception {
    try (Options options = new Options().setCreateIfMissing(true)) {
      try (RocksDB db = RocksDB.open(options, dir.toString());
          WriteOptions unsynced = new WriteOptions()) {
        WalSyncer syncer = new WalSyncer(db);
        db.put(unsynced, key(0, 1), key(0, 1));
        syncer.written();
        syncer.close();
      }
      try (RocksDB db = RocksDB.open(options, dir.toString())) {
        assertThat(db.get(key(0, 1))).isEqualTo(key(0, 1));
      }
    }
  }

  private static byte[] key(int thread, int i) {
    return ("k-" + thread + "-" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
