package io.parley.node.storage;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;
import org.rocksdb.Status;

/**
 * Checksum verification of the database's files (docs/adr/0042-corruption-found-at-open.md), and
 * the one message a damaged database gives: what is wrong and exactly what to do.
 */
final class DatabaseIntegrity {
  private DatabaseIntegrity() {}

  /** What a verification read: this many SST files of this many bytes. */
  record Checked(int files, long bytes) {}

  /**
   * Verifies the block checksums of the newest SST files, newest first, until {@code budgetBytes}
   * are read (always at least the newest file): the files a crash or a failing disk most likely
   * damaged, read at every start in about a second.
   *
   * @throws StorageException naming the damaged file and what to do
   */
  static Checked verifyNewest(RocksDB db, Path directory, long budgetBytes) {
    List<LiveFileMetaData> newestFirst =
        db.getLiveFilesMetaData().stream()
            .sorted(Comparator.comparingLong(DatabaseIntegrity::fileNumber).reversed())
            .toList();
    int files = 0;
    long bytes = 0;
    for (LiveFileMetaData file : newestFirst) {
      if (files > 0 && bytes + file.size() > budgetBytes) {
        break;
      }
      verifyFile(directory, file);
      files++;
      bytes += file.size();
    }
    return new Checked(files, bytes);
  }

  /**
   * Verifies every block of every SST file.
   *
   * @throws StorageException naming the damaged file and what to do
   */
  static Checked verifyAll(RocksDB db, Path directory) {
    List<LiveFileMetaData> all = db.getLiveFilesMetaData();
    long bytes = 0;
    for (LiveFileMetaData file : all) {
      verifyFile(directory, file);
      bytes += file.size();
    }
    return new Checked(all.size(), bytes);
  }

  private static void verifyFile(Path directory, LiveFileMetaData file) {
    Path path = Path.of(file.path(), file.fileName());
    try (Options options = new Options();
        SstFileReader reader = new SstFileReader(options)) {
      reader.open(path.toString());
      reader.verifyChecksum();
    } catch (RocksDBException e) {
      throw damaged(directory, path.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** Whether RocksDB reported damage (a checksum mismatch, a truncated or unreadable file). */
  static boolean isCorruption(RocksDBException e) {
    return e.getStatus() != null && e.getStatus().getCode() == Status.Code.Corruption;
  }

  /** The error of a damaged database in {@code directory}, with what the operator does next. */
  static StorageException damaged(Path directory, String detail, Throwable cause) {
    Path dataPath = directory.toAbsolutePath().getParent();
    return new StorageException(
        "the database in "
            + directory
            + " is damaged ("
            + detail
            + "). Stop the node and run `parley db resync --data-path "
            + dataPath
            + " --genesis-file <genesis.json>`: it moves the damaged chain data aside and the node"
            + " re-syncs it from the other validators at its next start, keeping the validator key"
            + " and the signing-state record. Or restore a backup of "
            + directory
            + ". `parley db verify --data-path "
            + dataPath
            + "` checks the whole database.",
        cause);
  }

  private static long fileNumber(LiveFileMetaData file) {
    String name = file.fileName().replaceAll("[^0-9]", "");
    return name.isEmpty() ? 0 : Long.parseLong(name);
  }
}
