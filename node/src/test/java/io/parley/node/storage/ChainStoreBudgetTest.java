package io.parley.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.types.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log stays within its budget however long the node runs, and a database written
 * for thousands of blocks opens in well under a second (docs/adr/0041).
 */
class ChainStoreBudgetTest {
  private static final long MAX_WAL = 4L << 20;
  private static final StorageBudget BUDGET = new StorageBudget(8L << 20, 8L << 20, MAX_WAL);

  @TempDir Path dir;

  @Test
  void writeAheadLogStaysWithinItsBoundOverThousandsOfBlocks() throws IOException {
    SplittableRandom random = new SplittableRandom(17);
    int blocks = 1_000; // about 48 MiB of blocks, state nodes and votes: twelve times the WAL bound
    long largestWal = 0;
    Bytes32 parent = Bytes32.ZERO;
    try (ChainStore store = ChainStore.open(dir, BUDGET)) {
      for (long height = 1; height <= blocks; height++) {
        Block block = block(height, parent);
        parent = block.hash();
        store.persistConsensusRecords(
            List.of(new ChainStore.Record(height, Bytes32.random(), Bytes.random(120))));
        store.commit(
            new ChainStore.BlockWrite(block, Optional.empty(), List.of(), stateNodes(random)));
        store.pruneConsensusRecords(height);
        if (height % 50 == 0) {
          largestWal = Math.max(largestWal, walBytes());
        }
      }
    }
    // RocksDB flushes once the log passes the bound; the log in use may overshoot by its own size.
    assertThat(largestWal).isPositive().isLessThanOrEqualTo(2 * MAX_WAL);

    long start = System.nanoTime();
    try (ChainStore store = ChainStore.open(dir, BUDGET)) {
      long openMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(openMillis).as("open time").isLessThan(5_000);
      assertThat(store.headHash()).contains(parent);
      assertThat(store.hashAt(blocks)).contains(parent);
      assertThat(store.consensusRecordsAbove(0)).isEmpty();
    }
  }

  /**
   * A vote persisted and pruned at every height for 8,000 heights: before the prune deleted only
   * the new heights, each prune's range covered all earlier ones, and replaying them at open took
   * quadratic time and memory (these 8,000 heights: 71 s and 5.4 GB here).
   */
  @Test
  void manyPrunedHeightsOpenQuickly() {
    try (ChainStore store = ChainStore.open(dir, BUDGET)) {
      for (long height = 1; height <= 8_000; height++) {
        store.persistConsensusRecords(
            List.of(new ChainStore.Record(height, Bytes32.random(), Bytes.random(120))));
        store.pruneConsensusRecords(height - 1);
      }
    }
    long start = System.nanoTime();
    try (ChainStore store = ChainStore.open(dir, BUDGET)) {
      assertThat(store.consensusRecordsAbove(0)).hasSize(1);
    }
    assertThat((System.nanoTime() - start) / 1_000_000).as("open time").isLessThan(3_000);
  }

  private long walBytes() throws IOException {
    long total = 0;
    try (var files = Files.list(dir)) {
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

  private static Block block(long height, Bytes32 parent) {
    return new Block(
        new BlockHeader(
            height,
            parent,
            height,
            Address.ZERO,
            Bytes32.ZERO,
            Bytes32.ZERO,
            Bytes32.ZERO,
            0,
            Bytes.EMPTY),
        List.of());
  }

  /** About 48 KiB of new state-tree nodes, as a block of a hundred transfers writes. */
  private static Map<Bytes32, Bytes> stateNodes(SplittableRandom random) {
    Map<Bytes32, Bytes> nodes = new HashMap<>();
    for (int i = 0; i < 48; i++) {
      byte[] node = new byte[1_024];
      random.nextBytes(node);
      nodes.put(Bytes32.random(), Bytes.wrap(node));
    }
    return nodes;
  }
}
