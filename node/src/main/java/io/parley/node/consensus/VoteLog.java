package io.parley.node.consensus;

import io.parley.node.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.tuweni.bytes.Bytes;

/**
 * The consensus messages a validator must find again after a crash (its own votes and proposals,
 * and the proposal and prevotes of a lock) in an append-only file of its own, {@code
 * <data-path>/vote-log}, instead of the database's write-ahead log (docs/adr/0047). The file is
 * preallocated and never changes size in normal running, so each append is one positioned write and
 * one data sync (fdatasync), with no file-system metadata to commit, whatever else the machine
 * writes.
 *
 * <p>A record is {@code u32 length || u32 crc32c || u64 epoch || u64 height || message}, the CRC
 * covering the previous record's CRC (0 for the first), epoch, height and message: a chain, so a
 * stale record left behind a shorter rewrite never continues the log. After a committed height the
 * live records (those above it, usually none) are written again from offset 0 under a new random
 * epoch; reading stops at the first record that is cut, damaged, or of another epoch than the
 * first, so records of an earlier epoch left further in the file are never read as live. Reading
 * back is only done at start.
 */
public final class VoteLog implements AutoCloseable {
  public static final String FILE_NAME = "vote-log";
  static final int INITIAL_SIZE = 4 << 20;
  private static final int HEADER = 4 + 4 + 8 + 8;
  private static final int MAX_RECORD = 64 << 20;

  /** A persisted message: the height it belongs to and its {@code MessageCodec} bytes. */
  public record Entry(long height, Bytes message) {}

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final Path file;
  private FileChannel channel;
  private final List<Entry> live = new ArrayList<>();
  private long epoch;
  private int previousCrc;
  private long end;
  private long size;

  private VoteLog(
      Path file,
      FileChannel channel,
      long epoch,
      int previousCrc,
      List<Entry> live,
      long end,
      long size) {
    this.file = file;
    this.channel = channel;
    this.epoch = epoch;
    this.previousCrc = previousCrc;
    this.live.addAll(live);
    this.end = end;
    this.size = size;
  }

  /**
   * Opens the log in {@code file} and reads it back; a missing file is created (preallocated, mode
   * 0600) at the first append.
   */
  public static VoteLog open(Path file) {
    try {
      if (!Files.exists(file)) {
        return new VoteLog(file, null, newEpoch(), 0, List.of(), 0, 0);
      }
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      long size = channel.size();
      List<Entry> entries = new ArrayList<>();
      long position = 0;
      Long epoch = null;
      int previous = 0;
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (position + HEADER <= size) {
        header.clear();
        read(channel, header, position);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        long recordEpoch = header.getLong();
        long height = header.getLong();
        if (length <= 0 || length > MAX_RECORD || position + HEADER + length > size) {
          break;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        read(channel, body, position + HEADER);
        if (crc != crc(previous, recordEpoch, height, body.array())
            || (epoch != null && recordEpoch != epoch)) {
          break;
        }
        epoch = recordEpoch;
        previous = crc;
        entries.add(new Entry(height, Bytes.wrap(body.array())));
        position += HEADER + length;
      }
      return new VoteLog(
          file, channel, epoch != null ? epoch : newEpoch(), previous, entries, position, size);
    } catch (IOException e) {
      throw new StorageException("cannot open the vote log " + file + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path file) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    try (FileChannel created =
        FileChannel.open(
            temporary,
            java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
      for (long written = 0; written < INITIAL_SIZE; written += zeros.capacity()) {
        zeros.clear();
        while (zeros.hasRemaining()) {
          created.write(zeros);
        }
      }
      created.force(true);
    }
    Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel directory =
        FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      directory.force(true);
    }
  }

  public Path file() {
    return file;
  }

  /** The records above {@code height}, in the order they were written. */
  public List<Bytes> above(long height) {
    return live.stream().filter(e -> e.height() > height).map(Entry::message).toList();
  }

  /** Appends {@code entries} and syncs them to disk before returning (one data sync). */
  public void append(List<Entry> entries) {
    append(entries, true);
  }

  /**
   * Appends {@code entries}; syncs them to disk before returning only if {@code sync}. Unsynced,
   * they survive a crash of the process (they are in the page cache) and reach the disk with the
   * next synced append or the operating system's write-back: the caller keeps what safety needs
   * synced elsewhere (docs/adr/0051-own-messages-synced-through-the-record.md).
   */
  public void append(List<Entry> entries, boolean sync) {
    if (entries.isEmpty()) {
      return;
    }
    try {
      write(entries, sync);
      live.addAll(entries);
    } catch (IOException e) {
      throw new StorageException("cannot write the vote log " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Forgets the records at or below the committed {@code height}: the next append starts again at
   * offset 0 under a new epoch, after the records still live (written again and synced now).
   */
  public void prune(long height) {
    List<Entry> kept = live.stream().filter(e -> e.height() > height).toList();
    if (kept.size() == live.size() && (end == 0 || !kept.isEmpty())) {
      return; // nothing to forget, or already empty
    }
    live.clear();
    epoch = newEpoch();
    previousCrc = 0;
    end = 0;
    append(kept);
  }

  private static long newEpoch() {
    return RANDOM.nextLong();
  }

  private void write(List<Entry> entries, boolean sync) throws IOException {
    int total = 0;
    for (Entry entry : entries) {
      total += HEADER + entry.message().size();
    }
    if (channel == null) {
      create(file);
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      size = channel.size();
    }
    ByteBuffer buffer = ByteBuffer.allocate(total);
    int chained = previousCrc;
    for (Entry entry : entries) {
      byte[] message = entry.message().toArrayUnsafe();
      int crc = crc(chained, epoch, entry.height(), message);
      chained = crc;
      buffer.putInt(message.length).putInt(crc).putLong(epoch).putLong(entry.height()).put(message);
    }
    buffer.flip();
    boolean grows = end + total > size;
    long position = end;
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    // Within the preallocated size only the data needs syncing; growing needs the new size too.
    if (sync || grows) {
      channel.force(grows);
    }
    size = Math.max(size, position);
    end = position;
    previousCrc = chained;
  }

  private static int crc(int previous, long epoch, long height, byte[] message) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(20).putInt(previous).putLong(epoch).putLong(height).flip());
    crc.update(message);
    return (int) crc.getValue();
  }

  private static void read(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position);
      if (n < 0) {
        return;
      }
      position += n;
    }
  }

  @Override
  public void close() {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // every append was synced before it returned
    }
  }
}
