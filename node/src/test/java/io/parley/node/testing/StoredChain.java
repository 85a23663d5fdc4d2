package io.parley.node.testing;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.base.types.Address;
import io.parley.node.storage.ChainStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** A database of synthetic blocks written through {@link ChainStore}, and ways to damage it. */
public final class StoredChain {
  private StoredChain() {}

  /**
   * Writes blocks 0 to {@code head} (each with 16 KiB of state nodes and a certificate) into the
   * database in {@code db} and closes it, which flushes everything into SST files.
   */
  public static void write(Path db, int head) {
    try (ChainStore store = ChainStore.open(db, 16L << 20)) {
      Bytes32 parent = Bytes32.ZERO;
      for (long height = 0; height <= head; height++) {
        Block block =
            new Block(
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
        Map<Bytes32, Bytes> nodes = new HashMap<>();
        for (int i = 0; i < 16; i++) {
          nodes.put(Bytes32.random(), Bytes.random(1_024));
        }
        Optional<CommitCertificate> certificate =
            height == 0
                ? Optional.empty()
                : Optional.of(new CommitCertificate(height, 0, block.hash(), List.of()));
        store.commit(new ChainStore.BlockWrite(block, certificate, List.of(), nodes));
        parent = block.hash();
      }
    }
  }

  /**
   * Flips one byte a third into the largest SST file of {@code db} (in a data block, as a failing
   * disk would); returns that file.
   */
  public static Path flipByteInLargestSst(Path db) throws IOException {
    Path largest;
    try (var files = Files.list(db)) {
      largest =
          files
              .filter(f -> f.getFileName().toString().endsWith(".sst"))
              .max(Comparator.comparingLong(StoredChain::size))
              .orElseThrow(() -> new IOException("no SST file in " + db));
    }
    try (RandomAccessFile file = new RandomAccessFile(largest.toFile(), "rw")) {
      long position = file.length() / 3;
      file.seek(position);
      int value = file.read();
      file.seek(position);
      file.write(value ^ 0x5a);
    }
    return largest;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
