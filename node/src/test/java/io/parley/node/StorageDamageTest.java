package io.parley.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.node.cli.ParleyCommand;
import io.parley.node.consensus.SigningStateFile;
import io.parley.node.testing.Cluster;
import io.parley.node.testing.LoadGenerator;
import io.parley.node.testing.StoredChain;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A validator whose disk was damaged while it was down, as real processes on loopback: its RocksDB
 * write-ahead log cut in half after a kill -9 (it must say so, re-sync, and never sign twice), or a
 * byte flipped in one of its SST files (it must refuse to start, naming {@code parley db resync},
 * which repairs it).
 */
class StorageDamageTest {
  @TempDir Path dir;

  @Test
  void validatorWithItsWriteAheadLogCutInHalfSaysSoResyncsAndNeverSignsTwice() throws Exception {
    try (Cluster cluster = new Cluster(dir, 4, 8)) {
      cluster.startAll();
      int victim = 1;
      int stalled = 3;
      long recordHeight;
      try (LoadGenerator load = new LoadGenerator(cluster, 5)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.head(victim) >= 8);
        // With two of four down the others stall at the height the victim was voting at: when
        // it comes back, it is needed there, at the (height, round) its lost votes were for.
        cluster.kill(stalled);
        cluster.kill(victim);
        recordHeight = signedHeight(cluster.dataPath(victim));
        List<Path> logs = writeAheadLogs(cluster.dataPath(victim).resolve("db"));
        assertThat(logs).isNotEmpty();
        for (Path log : logs) {
          try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
            file.setLength(file.length() / 2);
          }
        }
        cluster.start(victim);
        cluster.awaitRpc(victim);
        long restartedAt = cluster.head(victim);
        assertThat(restartedAt).as("head after the damage").isLessThan(recordHeight - 1);
        assertThat(Files.readString(cluster.log(victim)))
            .contains(
                "The database's head is block "
                    + restartedAt
                    + ", but this validator signed at height "
                    + recordHeight)
            .contains("Re-syncing them from peers");

        // Three of four again: it re-syncs, the chain moves on, and it votes again once past
        // what it signed before.
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> cluster.head(victim) >= Math.max(recordHeight, cluster.head(0) - 1));
        cluster.start(stalled);
        cluster.awaitRpc(stalled);
        long caughtUp = cluster.head(0);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> BftClusterTest.signedBy(cluster, 0, caughtUp + 1, cluster.head(0), victim));
        assertThat(load.accepted()).isPositive();
      }
      for (int i = 0; i < cluster.size(); i++) {
        assertThat(Files.readString(cluster.log(i)))
            .as("validator %d's log", i)
            .doesNotContain("Validator " + victim + " signed two different messages")
            .doesNotContain("Consensus stopped")
            .doesNotContain("Node failed");
      }
      BftClusterTest.assertNoFork(cluster);
    }
  }

  @Test
  void validatorWithAFlippedByteInAnSstFileRefusesToStartAndDbResyncRepairsIt() throws Exception {
    try (Cluster cluster = new Cluster(dir, 4, 8)) {
      cluster.startAll();
      int victim = 2;
      Path data = cluster.dataPath(victim);
      try (LoadGenerator load = new LoadGenerator(cluster, 7)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.head(victim) >= 6);
        String genesis = cluster.genesisFile().toString();
        assertThat(
                parley("db", "resync", "--data-path", data.toString(), "--genesis-file", genesis))
            .as("resync of a running node")
            .isEqualTo(1);
        assertThat(data.resolve("db")).isDirectory();
        cluster.stop(victim); // a clean stop flushes the database into SST files
        Path damaged = StoredChain.flipByteInLargestSst(data.resolve("db"));

        cluster.start(victim);
        assertThat(cluster.awaitExit(victim, Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(Files.readString(cluster.log(victim)))
            .contains("is damaged (" + damaged.getFileName())
            .contains("`parley db resync --data-path " + data.toAbsolutePath());
        assertThat(parley("db", "verify", "--data-path", data.toString())).isEqualTo(1);
        assertThat(
                parley("db", "resync", "--data-path", data.toString(), "--genesis-file", genesis))
            .isZero();

        cluster.start(victim);
        cluster.awaitRpc(victim);
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> cluster.head(victim) >= Math.max(6, cluster.head(0) - 1));
        assertThat(load.accepted()).isPositive();
      }
      assertThat(Files.readString(cluster.log(victim)))
          .contains("The database's head is block 0, but this validator signed at height");
      for (int i = 0; i < cluster.size(); i++) {
        assertThat(Files.readString(cluster.log(i)))
            .as("validator %d's log", i)
            .doesNotContain("Validator " + victim + " signed two different messages");
      }
      BftClusterTest.assertNoFork(cluster);
    }
  }

  /** Runs the CLI in this JVM, as an operator on the same host would run it. */
  private static int parley(String... args) {
    return ParleyCommand.execute(args);
  }

  /** The height of the newer of the signing-state record's two pages. */
  private static long signedHeight(Path dataPath) throws IOException {
    long height = 0;
    long sequence = -1;
    for (var record :
        new ObjectMapper().readTree(dataPath.resolve(SigningStateFile.FILE_NAME).toFile())) {
      if (record.get("sequence").asLong() > sequence) {
        sequence = record.get("sequence").asLong();
        height = record.get("height").asLong();
      }
    }
    return height;
  }

  private static List<Path> writeAheadLogs(Path db) throws IOException {
    try (var files = Files.list(db)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".log")).toList();
    }
  }
}
