package io.parley.zk.rep4;

import io.parley.zk.messages.AesCtr;
import io.parley.zk.messages.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The pseudo-random streams behind replicated randomness: AES-128-CTR (AES-NI through the JDK)
 * keyed by a stream key SHA-256("parley-rep4-prg/1" | key_m | computation | round | stream)[0..16],
 * counter starting at zero; the keystream is read as little-endian longs. A stream key reveals only
 * its own stream, which is what a blame disclosure hands out.
 */
public final class StreamPrg {
  private static final byte[] DOMAIN = "parley-rep4-prg/1".getBytes(StandardCharsets.US_ASCII);
  private static final int CHUNK = 1 << 15;
  private static final byte[] ZEROS = new byte[CHUNK];

  /** One output buffer per thread; the cipher is the thread's too ({@link AesCtr}). */
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[CHUNK]);

  private StreamPrg() {}

  public static byte[] streamKey(byte[] key, Bytes32 computation, int round, int stream) {
    MessageDigest sha = Sha256.newDigest();
    sha.update(DOMAIN);
    sha.update(key);
    sha.update(computation.toArrayUnsafe());
    sha.update(ByteBuffer.allocate(8).putInt(round).putInt(stream).array());
    byte[] out = new byte[16];
    System.arraycopy(sha.digest(), 0, out, 0, 16);
    return out;
  }

  /** Fills out[off, off+len) with stream longs [start, start+len); start must be even. */
  public static void fill(byte[] streamKey, long start, long[] out, int off, int len) {
    if ((start & 1) != 0) {
      throw new IllegalArgumentException("stream positions start at a 16-byte block");
    }
    try {
      Cipher aes = AesCtr.cipher();
      byte[] iv = ByteBuffer.allocate(16).putLong(8, start >>> 1).array();
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(streamKey, "AES"), new IvParameterSpec(iv));
      byte[] buffer = BUFFER.get();
      ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
      int done = 0;
      while (done < len) {
        int count = Math.min(CHUNK / 8, len - done);
        aes.update(ZEROS, 0, count * 8, buffer, 0);
        view.clear();
        view.asLongBuffer().get(out, off + done, count);
        done += count;
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-128-CTR is part of every JDK", e);
    }
  }

  public static long[] stream(byte[] streamKey, int len) {
    long[] out = new long[len];
    fill(streamKey, 0, out, 0, len);
    return out;
  }
}
