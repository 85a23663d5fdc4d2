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
public final class Prg {
  private final Cipher cipher;
  private final byte[] block = new byte[4096];
  private int position = block.length;

  public Prg(Bytes32 seed, String label) {
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
    byte[] zeros = new byte[block.length];
    byte[] stream = cipher.update(zeros);
    System.arraycopy(stream, 0, block, 0, block.length);
    position = 0;
  }

  public FieldElement nextElement() {
    byte[] bytes = new byte[16];
    while (true) {
      nextBytes(bytes);
      bytes[0] &= 0x7f;
      long hi = 0;
      long lo = 0;
      for (int i = 0; i < 8; i++) {
        hi = (hi << 8) | (bytes[i] & 0xff);
        lo = (lo << 8) | (bytes[8 + i] & 0xff);
      }
      if (!(hi == Long.MAX_VALUE && lo == -1L)) {
        return new FieldElement(hi, lo);
      }
    }
  }
}
