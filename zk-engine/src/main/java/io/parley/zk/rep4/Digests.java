package io.parley.zk.rep4;

import io.parley.zk.messages.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;

/**
 * Chunk digests of transferred vectors: SHA-256 over the little-endian bytes of each run of {@link
 * #CHUNK} values. Statements sign the list of chunk digests, so evidence of a wrong chunk needs
 * only that chunk's data, whatever the batch size.
 */
public final class Digests {
  public static final int CHUNK = 4096;
  public static final int SIZE = 32;

  private Digests() {}

  public static int chunks(int count) {
    return (count + CHUNK - 1) / CHUNK;
  }

  /** Digests of values[from, from+count). */
  public static byte[] of(long[] values, int from, int count) {
    byte[] out = new byte[chunks(count) * SIZE];
    byte[] buffer = new byte[CHUNK * 8];
    ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
    MessageDigest sha = Sha256.newDigest();
    for (int c = 0; c * CHUNK < count; c++) {
      int n = Math.min(CHUNK, count - c * CHUNK);
      view.clear();
      view.asLongBuffer().put(values, from + c * CHUNK, n);
      sha.update(buffer, 0, n * 8);
      digestInto(sha, out, c * SIZE);
    }
    return out;
  }

  /** Digests of {@code count} values stored little-endian at bytes[offset...]. */
  public static byte[] ofBytes(byte[] bytes, int offset, int count) {
    byte[] out = new byte[chunks(count) * SIZE];
    MessageDigest sha = Sha256.newDigest();
    for (int c = 0; c * CHUNK < count; c++) {
      int n = Math.min(CHUNK, count - c * CHUNK);
      sha.update(bytes, offset + c * CHUNK * 8, n * 8);
      digestInto(sha, out, c * SIZE);
    }
    return out;
  }

  private static void digestInto(MessageDigest sha, byte[] out, int at) {
    try {
      sha.digest(out, at, SIZE);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("SHA-256 output fits", e);
    }
  }

  /** Index of the first chunk where the two digest lists differ, or -1 if equal. */
  public static int firstDifference(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length) / SIZE;
    for (int c = 0; c < n; c++) {
      if (!java.util.Arrays.equals(a, c * SIZE, (c + 1) * SIZE, b, c * SIZE, (c + 1) * SIZE)) {
        return c;
      }
    }
    return a.length == b.length ? -1 : n;
  }
}
