package io.parley.node.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoteLogTest {
  @TempDir Path dir;

  @Test
  void unsyncedAppendsAreReadBackInOrderWithTheSyncedOnes() {
    Path path = dir.resolve(VoteLog.FILE_NAME);
    try (VoteLog log = VoteLog.open(path)) {
      log.append(List.of(entry(5, 1)), false);
      log.append(List.of(entry(5, 2)), true);
      log.append(List.of(entry(6, 3)), false);
    }
    try (VoteLog log = VoteLog.open(path)) {
      assertThat(log.above(4)).containsExactly(bytes(1), bytes(2), bytes(3));
    }
  }

  @Test
  void recordsSurviveAReopenAndCommittedHeightsAreForgotten() {
    Path path = dir.resolve(VoteLog.FILE_NAME);
    try (VoteLog log = VoteLog.open(path)) {
      assertThat(Files.exists(path)).as("created at the first append").isFalse();
      log.append(List.of(entry(5, 1), entry(5, 2)));
      log.append(List.of(entry(6, 3)));
    }
    try (VoteLog log = VoteLog.open(path)) {
      assertThat(log.above(4)).containsExactly(bytes(1), bytes(2), bytes(3));
      assertThat(log.above(5)).containsExactly(bytes(3));
      log.prune(5);
      log.append(List.of(entry(7, 4)));
    }
    try (VoteLog log = VoteLog.open(path)) {
      assertThat(log.above(0)).containsExactly(bytes(3), bytes(4));
      log.prune(7);
      log.append(List.of(entry(8, 5)));
    }
    try (VoteLog log = VoteLog.open(path)) {
      // The records of heights 5-7 are still further in the file, under another epoch.
      assertThat(log.above(0)).containsExactly(bytes(5));
    }
  }

  @Test
  void theFileIsPreallocatedOwnerOnlyAndKeepsItsSize() throws Exception {
    Path path = dir.resolve(VoteLog.FILE_NAME);
    try (VoteLog log = VoteLog.open(path)) {
      for (int h = 1; h <= 50; h++) {
        log.append(List.of(entry(h, h)));
        log.prune(h);
      }
    }
    assertThat(Files.size(path)).isEqualTo(VoteLog.INITIAL_SIZE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rw-------");
  }

  @Test
  void aRecordLargerThanTheFileGrowsIt() {
    Path path = dir.resolve(VoteLog.FILE_NAME);
    Bytes large = Bytes.wrap(new byte[VoteLog.INITIAL_SIZE + 10]);
    try (VoteLog log = VoteLog.open(path)) {
      log.append(List.of(new VoteLog.Entry(3, large)));
    }
    try (VoteLog log = VoteLog.open(path)) {
      assertThat(log.above(2)).containsExactly(large);
    }
  }

  /** A torn or damaged record ends the log there: what follows is not trusted. */
  @Test
  void readingStopsAtADamagedRecord() throws Exception {
    Path path = dir.resolve(VoteLog.FILE_NAME);
    try (VoteLog log = VoteLog.open(path)) {
      log.append(List.of(entry(9, 1)));
      log.append(List.of(entry(9, 2)));
      log.append(List.of(entry(9, 3)));
    }
    int recordSize = 24 + 100;
    try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
      file.seek(recordSize + 40); // inside the second record's message
      file.write(0x5a);
    }
    try (VoteLog log = VoteLog.open(path)) {
      assertThat(log.above(0)).containsExactly(bytes(1));
      log.append(List.of(entry(9, 4)));
    }
    try (VoteLog log = VoteLog.open(path)) {
      assertThat(log.above(0)).containsExactly(bytes(1), bytes(4));
    }
  }

  private static VoteLog.Entry entry(long height, int tag) {
    return new VoteLog.Entry(height, bytes(tag));
  }

  private static Bytes bytes(int tag) {
    byte[] out = new byte[100];
    java.util.Arrays.fill(out, (byte) tag);
    return Bytes.wrap(out);
  }
}
