package io.parley.zk.preprocessing;

import io.parley.base.crypto.Hashing;
import io.parley.zk.field.FieldElement;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The specified pseudo-random generator of preprocessing, so that a disclosed seed replays exactly:
 * AES-128-CTR with key = first 16 bytes of keccak256(seed || label), zero IV. Field elements take
 * 16 bytes big-endian with the top bit cleared; the value p itself is skipped.
 */
public final class SeedPrg {
  private final Cipher cipher;
  private final byte[] block = new byte[4096];
  private int position = block.length;

  public SeedPrg(Bytes32 seed, String label) {
    byte[] key =
        Hashing.keccak256(seed, Bytes.wrap(label.getBytes(StandardCharsets.US_ASCII)))
            .slice(0, 16)
            .toArray();
    try {
      cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR unavailable", e);
    }
  }

  public void nextBytes(byte[] out) {
    for (int i = 0; i < out.length; i++) {
      if (position == block.length) {
        refill();
      }
      out[i] = block[position++];
    }
  }

  private void refill() {
    try {
      cipher.update(ZEROS, 0, block.length, block, 0);
    } catch (javax.crypto.ShortBufferException e) {
      throw new IllegalStateException("the block holds exactly one update", e);
    }
    position = 0;
  }

  private static final byte[] ZEROS = new byte[4096];

  public FieldElement nextElement() {
    while (true) {
      if (block.length - position < 16) {
        byte[] bytes = new byte[16];
        nextBytes(bytes);
        FieldElement e = element((long) BIG_ENDIAN.get(bytes, 0), (long) BIG_ENDIAN.get(bytes, 8));
        if (e != null) {
          return e;
        }
        continue;
      }
      long hi = (long) BIG_ENDIAN.get(block, position);
      long lo = (long) BIG_ENDIAN.get(block, position + 8);
      position += 16;
      FieldElement e = element(hi, lo);
      if (e != null) {
        return e;
      }
    }
  }

  /** 16 big-endian bytes with the top bit cleared; null for the value p (skipped). */
  private static FieldElement element(long hi, long lo) {
    hi &= Long.MAX_VALUE;
    return hi == Long.MAX_VALUE && lo == -1L ? null : new FieldElement(hi, lo);
  }

  private static final java.lang.invoke.VarHandle BIG_ENDIAN =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.BIG_ENDIAN);
}
