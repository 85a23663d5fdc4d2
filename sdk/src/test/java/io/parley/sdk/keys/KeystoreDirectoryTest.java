package io.parley.sdk.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreDirectoryTest {
  @TempDir Path tmp;

  @Test
  void storesOwnerOnlyFilesThatDecryptToTheSameKey() throws Exception {
    Path dir = tmp.resolve("keystore");
    KeystoreDirectory keystore = new KeystoreDirectory(dir);
    KeyPair key = KeyPair.random();
    Path file = keystore.store(Keystore.encrypt(key, "pass".toCharArray(), 1 << 12), key.address());

    assertThat(file.getFileName().toString())
        .startsWith("UTC--")
        .endsWith("--" + key.address().toHexString().substring(2));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(keystore.list()).containsOnlyKeys(key.address().toHexString());
    assertThat(Keystore.decrypt(keystore.read(key.address()), "pass".toCharArray())).isEqualTo(key);
    assertThatThrownBy(() -> Keystore.decrypt(keystore.read(key.address()), "nope".toCharArray()))
        .hasMessage("wrong passphrase (MAC mismatch)");
  }

  @Test
  void readingAnUnknownAddressNamesItAndTheDirectory() {
    KeystoreDirectory keystore = new KeystoreDirectory(tmp);
    KeyPair other = KeyPair.random();
    assertThatThrownBy(() -> keystore.read(other.address()))
        .hasMessageContaining("no key for " + other.address())
        .hasMessageContaining(tmp.toString());
  }
}
