package io.parley.genesis;

import io.parley.base.crypto.PrivateKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Node key files: one line with the 0x-prefixed hex private key, readable by the owner only (0600,
 * in a 0700 directory). Reading refuses a key file that others can read, as ssh does.
 */
public final class KeyFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  private KeyFiles() {}

  /** Creates {@code file} with mode 0600 (it must not exist yet) and writes the key. */
  public static void write(Path file, PrivateKey key) {
    writeSecret(file, key.bytes().toHexString() + "\n");
  }

  /** Creates a file readable only by its owner and writes {@code content}. */
  public static void writeSecret(Path file, String content) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (!Files.exists(parent)) {
        Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
      }
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
      Files.setPosixFilePermissions(file, OWNER_ONLY_FILE); // in case the umask narrowed nothing
      Files.write(
          file, content.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      throw new GenesisException("refusing to overwrite existing key file " + file);
    } catch (IOException e) {
      throw new GenesisException("cannot write key file " + file + ": " + e.getMessage(), e);
    }
  }

  public static PrivateKey read(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.GROUP_READ)
          || perms.contains(PosixFilePermission.OTHERS_READ)
          || perms.contains(PosixFilePermission.GROUP_WRITE)
          || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new GenesisException(
            "key file "
                + file
                + " is accessible by other users (mode "
                + PosixFilePermissions.toString(perms)
                + "); run: chmod 600 "
                + file);
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      try {
        return PrivateKey.fromHex(text);
      } catch (IllegalArgumentException e) {
        throw new GenesisException(
            "key file " + file + " does not hold a valid secp256k1 private key");
      }
    } catch (IOException e) {
      throw new GenesisException("cannot read key file " + file + ": " + e.getMessage(), e);
    }
  }
}
