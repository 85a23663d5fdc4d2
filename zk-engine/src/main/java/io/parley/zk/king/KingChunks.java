package io.parley.zk.king;

import java.util.ArrayList;
import java.util.List;

/**
 * How the values of one opening are split between kings: member k is the king of the contiguous
 * slice [k*m/n, (k+1)*m/n), cut into chunks of at most {@link #CHUNK} values. A chunk is the unit
 * of messages, signatures and evidence. Chunks are numbered in king order, then offset order.
 */
public final class KingChunks {
  /** Values per chunk: evidence about one chunk stays below 128 KiB per envelope. */
  public static final int CHUNK = 8192;

  /** One chunk: its king, where it starts in the opening, and how many values it holds. */
  public record Chunk(int index, int king, int offset, int length) {}

  private KingChunks() {}

  public static List<Chunk> of(int values, int members) {
    if (values < 0 || members < 1) {
      throw new IllegalArgumentException("need values >= 0 and members >= 1");
    }
    List<Chunk> chunks = new ArrayList<>();
    for (int k = 0; k < members; k++) {
      int from = (int) ((long) k * values / members);
      int to = (int) ((long) (k + 1) * values / members);
      for (int at = from; at < to; at += CHUNK) {
        chunks.add(new Chunk(chunks.size(), k, at, Math.min(CHUNK, to - at)));
      }
    }
    return chunks;
  }
}
