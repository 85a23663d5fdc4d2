package io.parley.zk.prss;

import io.parley.zk.field.FieldElement;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Seeded PRSS keys and an independent, element-by-element reading of docs/spec/prss.md. */
final class PrssFixtures {
  private PrssFixtures() {}

  /** One random 32-byte key per t-subset. */
  static Map<Integer, byte[]> allKeys(int n, int t, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<Integer, byte[]> keys = new TreeMap<>();
    for (int a = 0; a < Subsets.count(n, t); a++) {
      byte[] k = new byte[32];
      random.nextBytes(k);
      keys.put(a, k);
    }
    return keys;
  }

  static PrssKeys keysOf(int n, int t, int member, Map<Integer, byte[]> all) {
    Map<Integer, byte[]> mine = new TreeMap<>();
    for (int a : Subsets.heldBy(n, t, member)) {
      mine.put(a, all.get(a));
    }
    return new PrssKeys(n, t, member, mine);
  }

  /** The stream of one key as 127-bit integers (the spec's element encoding, before mod p). */
  static BigInteger[] stream(byte[] key, long stream, int purpose, int blocks) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("parley-prss-stream/1".getBytes(StandardCharsets.US_ASCII));
    sha.update(key);
    sha.update(ByteBuffer.allocate(8).putLong(stream).array());
    sha.update((byte) purpose);
    byte[] aesKey = Arrays.copyOf(sha.digest(), 16);
    Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(new byte[16]));
    byte[] bytes = cipher.doFinal(new byte[blocks * 16]);
    BigInteger[] out = new BigInteger[blocks];
    for (int j = 0; j < blocks; j++) {
      byte[] block = Arrays.copyOfRange(bytes, 16 * j, 16 * j + 16);
      byte[] bigEndian = new byte[16];
      for (int b = 0; b < 16; b++) {
        bigEndian[b] = block[15 - b];
      }
      out[j] = new BigInteger(1, bigEndian).clearBit(127);
    }
    return out;
  }

  /** f_A(x) = prod_{a in A} (x - x_a) / prod_{a in A} (-x_a) as a field element. */
  static FieldElement f(int[] subset, int member) {
    FieldElement x = FieldElement.of(member + 1L);
    FieldElement num = FieldElement.ONE;
    FieldElement den = FieldElement.ONE;
    for (int a : subset) {
      FieldElement xa = FieldElement.of(a + 1L);
      num = num.multiply(x.subtract(xa));
      den = den.multiply(xa.negate());
    }
    return num.multiply(den.inverse());
  }

  static FieldElement element(BigInteger v) {
    return FieldElement.of(v);
  }

  static long readLe(byte[] b, int offset) {
    return ByteBuffer.wrap(b, offset, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
