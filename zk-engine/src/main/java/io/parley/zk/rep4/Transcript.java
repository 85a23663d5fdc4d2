package io.parley.zk.rep4;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;

/** Running SHA-256 over every opened vector: equal at all honest parties that complete. */
final class Transcript {
  private Transcript() {}

  static void update(MessageDigest sha, long[] opened) {
    byte[] buffer = new byte[8 * Math.min(opened.length, 4096)];
    for (int at = 0; at < opened.length; at += 4096) {
      int n = Math.min(4096, opened.length - at);
      ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(opened, at, n);
      sha.update(buffer, 0, n * 8);
    }
  }
}
