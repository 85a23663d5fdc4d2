package io.parley.sdk.keys;

import io.parley.base.types.Address;
import io.parley.genesis.KeyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A directory of Web3 Secret Storage files named as geth names them: {@code
 * UTC--<timestamp>--<address without 0x>}. Files are created with mode 0600 in a 0700 directory.
 */
public final class KeystoreDirectory {
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS'Z'");
  private final Path directory;

  public KeystoreDirectory(Path directory) {
    this.directory = directory;
  }

  public Path store(String json, Address address) {
    String name =
        "UTC--"
            + NAME_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))
            + "--"
            + address.toHexString().substring(2);
    Path file = directory.resolve(name);
    KeyFiles.writeSecret(file, json);
    return file;
  }

  /** Addresses (lower-case hex) to their key files. */
  public Map<String, Path> list() {
    Map<String, Path> out = new TreeMap<>();
    if (!Files.isDirectory(directory)) {
      return out;
    }
    try (Stream<Path> files = Files.list(directory)) {
      files
          .filter(f -> f.getFileName().toString().startsWith("UTC--"))
          .forEach(
              f -> {
                String name = f.getFileName().toString();
                out.put(
                    "0x" + name.substring(name.lastIndexOf("--") + 2).toLowerCase(Locale.ROOT), f);
              });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + directory + ": " + e.getMessage(), e);
    }
    return out;
  }

  public String read(Address address) {
    Path file = list().get(address.toHexString());
    if (file == null) {
      throw new io.parley.genesis.GenesisException("no key for " + address + " in " + directory);
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new io.parley.genesis.GenesisException("cannot read " + file + ": " + e.getMessage());
    }
  }
}
