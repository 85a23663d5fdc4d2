package io.parley.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.node.testing.Cluster;
import io.parley.node.testing.LoadGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, finding 4: a validator that ran under load for a long time restarts within a time and
 * memory budget, and its write-ahead log never outgrows its bound (docs/adr/0041). Runs with {@code
 * -Plong}; {@code -Dparley.soak.minutes=N} sets the load's length (default 5).
 */
@Tag("long")
class RestartSoakTest {
  private static final long WAL_BOUND = 64L << 20;
  private static final long RESTART_BUDGET_MILLIS = 30_000;
  private static final long OPEN_BUDGET_MILLIS = 10_000;
  private static final long RSS_BUDGET_BYTES = 1_536L << 20;

  private static final Pattern OPENED =
      Pattern.compile("Database opened, .* verified in (\\d+) ms");

  @TempDir Path dir;

  @Test
  void validatorKilledAfterALongRunRestartsWithinItsTimeAndMemoryBudget() throws Exception {
    long minutes = Long.getLong("parley.soak.minutes", 5);
    int victim = 2;
    try (Cluster cluster = new Cluster(dir, 4, 32)) {
      cluster.startAll();
      Path db = cluster.dataPath(victim).resolve("db");
      AtomicLong largestWal = new AtomicLong();
      long restartMillis;
      long headBeforeKill;
      try (LoadGenerator load = new LoadGenerator(cluster, 23)) {
        long end = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
        await()
            .atMost(Duration.ofMinutes(minutes + 1))
            .pollInterval(Duration.ofSeconds(5))
            .until(
                () -> {
                  largestWal.accumulateAndGet(walBytes(db), Math::max);
                  return System.nanoTime() > end;
                });
        headBeforeKill = cluster.head(victim);
        cluster.kill(victim);
        largestWal.accumulateAndGet(walBytes(db), Math::max);
        long start = System.nanoTime();
        cluster.start(victim);
        cluster.awaitRpc(victim);
        restartMillis = (System.nanoTime() - start) / 1_000_000;
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> cluster.head(victim) >= cluster.head(0) - 1);
        assertThat(load.accepted()).isPositive();
      }
      long rss = peakRss(cluster.pid(victim));
      long openMillis = lastDatabaseOpenMillis(cluster.log(victim));
      System.out.printf(
          "soak: %d min, %d blocks, largest WAL %.1f MiB, restart %d ms (database %d ms), peak"
              + " RSS after restart %.0f MiB%n",
          minutes,
          headBeforeKill,
          largestWal.get() / 1048576.0,
          restartMillis,
          openMillis,
          rss / 1048576.0);
      assertThat(openMillis).as("database open and head check").isLessThan(OPEN_BUDGET_MILLIS);
      assertThat(cluster.head(victim)).isGreaterThanOrEqualTo(headBeforeKill);
      assertThat(largestWal.get()).as("largest WAL").isLessThanOrEqualTo(2 * WAL_BOUND);
      assertThat(restartMillis).as("restart time").isLessThan(RESTART_BUDGET_MILLIS);
      assertThat(rss).as("peak RSS after the restart").isLessThan(RSS_BUDGET_BYTES);
    }
  }

  private static long walBytes(Path db) throws IOException {
    long total = 0;
    try (var files = Files.list(db)) {
      for (Path file : files.toList()) {
        if (file.getFileName().toString().endsWith(".log")) {
          try {
            total += Files.size(file);
          } catch (NoSuchFileException deleted) {
            // RocksDB deleted this log after a flush: it no longer counts
          }
        }
      }
    }
    return total;
  }

  /** The time the node's last start spent opening the database, from its status line. */
  private static long lastDatabaseOpenMillis(Path log) throws IOException {
    Matcher last = null;
    for (String line : Files.readAllLines(log)) {
      Matcher m = OPENED.matcher(line);
      if (m.find()) {
        last = m;
      }
    }
    assertThat(last).as("a 'Database opened' line in " + log).isNotNull();
    return Long.parseLong(last.group(1));
  }

  /** VmHWM of a running process, in bytes. */
  private static long peakRss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmHWM for process " + pid);
  }
}
