package io.parley.mpc.store;

import io.parley.zk.computation.MemberStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * A committee member's {@link MemberStore} on disk, in a RocksDB database of its own: the value of
 * each finished phase and the keys agreed per committee, so that a member restarted between two
 * phases resumes. Keys are the 32-byte scope (a computation or committee id) followed by the
 * phase's ASCII name; every write is synced before it returns. The values are secret (shares, PRSS
 * and PRG keys): the directory is created owner-only (0700) and refused when others can read it.
 */
public final class RocksMemberStore implements MemberStore, AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private final Options options;
  private final RocksDB db;
  private final WriteOptions synced;

  private RocksMemberStore(Path directory) throws RocksDBException {
    options = new Options().setCreateIfMissing(true).setKeepLogFileNum(5);
    db = RocksDB.open(options, directory.toString());
    synced = new WriteOptions().setSync(true);
  }

  /**
   * Opens (creating it owner-only if missing) the store in {@code directory}.
   *
   * @throws IllegalStateException when the directory is readable by others or cannot be opened
   */
  public static RocksMemberStore open(Path directory) {
    try {
      if (!Files.exists(directory)) {
        Files.createDirectories(directory.getParent() == null ? directory : directory.getParent());
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      }
      Set<PosixFilePermission> actual = Files.getPosixFilePermissions(directory);
      if (!OWNER_ONLY.containsAll(actual)) {
        throw new IllegalStateException(
            "the MPC store "
                + directory
                + " is accessible to others ("
                + PosixFilePermissions.toString(actual)
                + "); it holds secret shares and keys: chmod 700 it");
      }
      return new RocksMemberStore(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the MPC store " + directory, e);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot open the MPC store " + directory + ": " + e, e);
    }
  }

  @Override
  public Optional<byte[]> get(Bytes32 scope, String name) {
    try {
      return Optional.ofNullable(db.get(key(scope, name)));
    } catch (RocksDBException e) {
      throw new IllegalStateException("MPC store read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void put(Bytes32 scope, String name, byte[] value) {
    try {
      db.put(synced, key(scope, name), value);
    } catch (RocksDBException e) {
      throw new IllegalStateException("MPC store write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void forget(Bytes32 scope) {
    byte[] from = scope.toArray();
    byte[] to = Arrays.copyOf(from, from.length + 1);
    to[from.length] = (byte) 0xff; // names are ASCII, so every key of the scope sorts below this
    try {
      db.deleteRange(synced, from, to);
    } catch (RocksDBException e) {
      throw new IllegalStateException("MPC store delete failed: " + e.getMessage(), e);
    }
  }

  private static byte[] key(Bytes32 scope, String name) {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    byte[] key = Arrays.copyOf(scope.toArrayUnsafe(), 32 + n.length);
    System.arraycopy(n, 0, key, 32, n.length);
    return key;
  }

  @Override
  public void close() {
    synced.close();
    db.close();
    options.close();
  }
}
