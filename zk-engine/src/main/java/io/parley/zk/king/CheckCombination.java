package io.parley.zk.king;

import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The random linear combination that checks a king's values: coefficients alpha_j expanded by
 * AES-128-CTR from SHA-256(domain || the signed statement's digest), so they are fixed only once
 * the king has committed to its values; a member's check share is sum_j alpha_j (s_j - v_j), a
 * share of zero of the opening's degree when every announced v_j is right (Schwartz-Zippel: a wrong
 * chunk passes with probability 1/p per chunk).
 */
public final class CheckCombination {
  private static final byte[] DOMAIN = "parley-king-alpha/1".getBytes(StandardCharsets.US_ASCII);

  private CheckCombination() {}

  public static FieldElement[] alphas(Bytes32 statementDigest, int count) {
    MessageDigest sha = Sha256.newDigest();
    sha.update(DOMAIN);
    sha.update(statementDigest.toArrayUnsafe());
    byte[] key = Arrays.copyOf(sha.digest(), 16);
    byte[] stream = new byte[count * 16];
    try {
      Cipher aes = CIPHER.get();
      aes.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
      // many small updates: the JIT compiles the CTR loop to its AES intrinsic only for a method
      // called often; one update over a whole chunk ran at a twentieth of the speed
      for (int at = 0; at < stream.length; at += SLICE) {
        int length = Math.min(SLICE, stream.length - at);
        aes.update(stream, at, length, stream, at);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR is part of every JDK", e);
    }
    FieldElement[] out = new FieldElement[count];
    for (int j = 0; j < count; j++) {
      out[j] = element(stream, 16 * j);
    }
    return out;
  }

  private static final int SLICE = 4096;

  private static final ThreadLocal<Cipher> CIPHER =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/CTR/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES-CTR is part of every JDK", e);
            }
          });

  /** 16 little-endian bytes, top bit cleared; 2^127 - 1 maps to 0. */
  static FieldElement element(byte[] bytes, int at) {
    long lo = 0;
    long hi = 0;
    for (int b = 7; b >= 0; b--) {
      lo = (lo << 8) | (bytes[at + b] & 0xff);
      hi = (hi << 8) | (bytes[at + 8 + b] & 0xff);
    }
    hi &= Long.MAX_VALUE;
    if (hi == Long.MAX_VALUE && lo == -1L) {
      return FieldElement.ZERO;
    }
    return new FieldElement(hi, lo);
  }

  /** sum_j alpha_j (shares[from + j] - values[from + j]) for j < alphas.length. */
  public static FieldElement share(
      FieldElement[] alphas, FieldElement[] shares, FieldElement[] values, int from) {
    // 128 x 128-bit products summed without reduction in six 64-bit limbs (at most 2^14 terms
    // below 2^255 each), reduced once: no object per term
    long[] acc = new long[6];
    for (int j = 0; j < alphas.length; j++) {
      FieldElement s = shares[from + j];
      FieldElement v = values[from + j];
      // d = s + (p - v) < 2^128, as two unsigned limbs
      long dl = s.lo() + ~v.lo();
      long dh = s.hi() + (Long.MAX_VALUE - v.hi()) + (Long.compareUnsigned(dl, s.lo()) < 0 ? 1 : 0);
      long al = alphas[j].lo();
      long ah = alphas[j].hi();
      add(acc, 0, al * dl, Math.unsignedMultiplyHigh(al, dl));
      add(acc, 1, al * dh, Math.unsignedMultiplyHigh(al, dh));
      add(acc, 1, ah * dl, Math.unsignedMultiplyHigh(ah, dl));
      add(acc, 2, ah * dh, Math.unsignedMultiplyHigh(ah, dh));
    }
    java.math.BigInteger sum = java.math.BigInteger.ZERO;
    for (int i = acc.length - 1; i >= 0; i--) {
      sum = sum.shiftLeft(64).add(new java.math.BigInteger(Long.toUnsignedString(acc[i])));
    }
    return FieldElement.of(sum.mod(FieldElement.MODULUS));
  }

  /** acc += (hi, lo) * 2^(64 at), carrying through the higher limbs. */
  private static void add(long[] acc, int at, long lo, long hi) {
    long a = acc[at] + lo;
    long carry = Long.compareUnsigned(a, lo) < 0 ? 1 : 0;
    acc[at] = a;
    long b = acc[at + 1] + hi;
    long carry2 = Long.compareUnsigned(b, hi) < 0 ? 1 : 0;
    long c = b + carry;
    carry2 += Long.compareUnsigned(c, b) < 0 ? 1 : 0;
    acc[at + 1] = c;
    for (int i = at + 2; carry2 != 0 && i < acc.length; i++) {
      long d = acc[i] + carry2;
      carry2 = Long.compareUnsigned(d, carry2) < 0 ? 1 : 0;
      acc[i] = d;
    }
  }
}
