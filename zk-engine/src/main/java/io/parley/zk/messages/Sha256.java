package io.parley.zk.messages;

import io.parley.zk.field.FieldElement;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The JDK's SHA-256 (CPU-accelerated) and a chunked update over field elements. */
public final class Sha256 {
  private static final int CHUNK = 4096;

  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Feeds the 16-byte big-endian encodings of the values, in order. */
  public static void update(MessageDigest sha, FieldElement[] values) {
    // sized to the input: a fixed 64 KiB buffer per call dominated the digests of small envelopes
    java.nio.ByteBuffer buffer =
        java.nio.ByteBuffer.allocate(Math.min(CHUNK, values.length) * FieldElement.BYTES);
    for (int start = 0; start < values.length; start += CHUNK) {
      int count = Math.min(CHUNK, values.length - start);
      buffer.clear();
      for (int i = 0; i < count; i++) {
        buffer.putLong(values[start + i].hi()).putLong(values[start + i].lo());
      }
      sha.update(buffer.array(), 0, count * FieldElement.BYTES);
    }
  }
}
