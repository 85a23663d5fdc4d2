package io.parley.mpc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.mpc.testing.TestCommittee;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksMemberStoreTest {
  @TempDir Path dir;

  @Test
  void keptValuesSurviveAReopenAndAreForgottenPerScope() {
    Bytes32 computation = TestCommittee.id(1);
    Bytes32 other = TestCommittee.id(2);
    Path path = dir.resolve("mpc");
    try (RocksMemberStore store = RocksMemberStore.open(path)) {
      store.put(computation, "prep/0", new byte[] {1, 2, 3});
      store.put(computation, "input", new byte[] {1, 1});
      store.put(other, "prss-keys", new byte[] {9});
    }
    try (RocksMemberStore store = RocksMemberStore.open(path)) {
      assertThat(store.get(computation, "prep/0")).contains(new byte[] {1, 2, 3});
      assertThat(store.get(computation, "prep/1")).isEmpty();
      store.forget(computation);
      assertThat(store.get(computation, "prep/0")).isEmpty();
      assertThat(store.get(computation, "input")).isEmpty();
      assertThat(store.get(other, "prss-keys")).contains(new byte[] {9});
    }
  }

  @Test
  void theDirectoryIsOwnerOnlyAndAReadableOneIsRefused() throws Exception {
    Path path = dir.resolve("mpc");
    RocksMemberStore.open(path).close();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rwx------");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> RocksMemberStore.open(path))
        .hasMessageContaining("accessible to others (rwxr-xr-x)")
        .hasMessageContaining("chmod 700");
  }
}
