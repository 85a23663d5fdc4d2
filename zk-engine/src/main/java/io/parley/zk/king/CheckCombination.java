package io.parley.zk.king;

import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.AesCtr;
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
      Cipher aes = AesCtr.cipher();
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
}
