package io.parley.zk.prss;

import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudo-random secret sharing (Cramer, Damgard, Ishai, TCC 2005, "Share conversion, pseudorandom
 * secret-sharing and applications to secure computation"): from the keys K_A of the t-subsets A not
 * containing member i, member i computes without interaction its Shamir shares (point x_i = i+1) of
 * random values, of zeros at degree 2t and of bounded random integers. Every key holder expands K_A
 * with AES-128-CTR into the stream F_A; all honest holders of K_A expand it alike, so the honest
 * shares lie on one polynomial. The corrupt members (at most t) lie in some t-set A* whose key only
 * honest members hold, which keeps the secrets (pseudo-)random to them.
 *
 * <p>Built from one member's keys (its own shares), or by a verifier from disclosed keys ({@link
 * #forMember}) to recompute a member's shares. The formulas and byte layouts are in
 * docs/spec/prss.md. A given (stream, method) always yields the same sharing; each method has its
 * own purpose bytes, so one stream id used with two methods gives independent values. Not
 * thread-safe (one instance per thread): it reuses its ciphers and buffers.
 */
public final class Prss {
  /** A random secret shared at degree t and at degree 2t. */
  public record Double(FieldElement[] degreeT, FieldElement[] degree2T) {}

  static final byte RANDOM = 1;
  static final byte ZERO = 2;
  static final byte DOUBLE_RANDOM = 3;
  static final byte DOUBLE_ZERO = 4;
  static final byte BOUNDED = 5;

  /** Largest vector one call produces. */
  public static final int MAX_COUNT = 1 << 24;

  /**
   * Largest bit length of a bounded random term u_A. The masked openings of the comparison
   * protocols ask for up to 81 - 1 + 40 = 120 bits (an 81-bit operand, one kept mask bit, 40 bits
   * of statistical security); the sum of C(n,t) terms must also stay below 2^126, so that it never
   * wraps modulo p: at most 21 subsets (committees of up to 7 members) at 121 bits.
   */
  public static final int MAX_BITS = 121;

  /** log2 of the largest integer a bounded random may reach: 2^126 < p. */
  private static final int SUM_BITS = 126;

  /** Elements per chunk: a chunk's streams and accumulators stay in the CPU caches. */
  static final int CHUNK = 256;

  private static final long FULL_HI = Long.MAX_VALUE;

  private static final byte[] STREAM_DOMAIN =
      "parley-prss-stream/1".getBytes(StandardCharsets.US_ASCII);
  private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[16]);

  private final int n;
  private final int t;
  private final int member;
  private final int[] subsets;
  private final byte[][] keys;
  private final ShareCoefficients coefficients;
  private final Cipher[][] ciphers;
  private final byte[] zeros;
  private final byte[][][] streams;

  /**
   * A member's PRSS from its keys: {@code keys} maps every t-subset index not containing the member
   * (and nothing else) to its 32-byte key; the member is the one these subsets leave out.
   */
  public Prss(int n, int t, Map<Integer, byte[]> keys) {
    this(new PrssKeys(n, t, ownerOf(n, t, keys), keys));
  }

  /** A member's PRSS from its agreed or per-batch keys. */
  public Prss(PrssKeys keys) {
    this(keys, ShareCoefficients.SMALL_WHEN_POSSIBLE);
  }

  Prss(PrssKeys keys, boolean allowSmall) {
    this.n = keys.n();
    this.t = keys.t();
    this.member = keys.self();
    List<Integer> held = Subsets.heldBy(n, t, member);
    this.subsets = held.stream().mapToInt(Integer::intValue).toArray();
    this.keys = new byte[subsets.length][];
    for (int k = 0; k < subsets.length; k++) {
      this.keys[k] = keys.key(subsets[k]);
    }
    this.coefficients = ShareCoefficients.of(n, t, member, subsets, allowSmall);
    this.ciphers = new Cipher[subsets.length][2];
    this.zeros = new byte[CHUNK * t * 16];
    this.streams = new byte[2][subsets.length][CHUNK * t * 16];
  }

  /**
   * Member {@code member}'s PRSS from a map holding at least the keys of every subset without it
   * (e.g. all keys disclosed in a dispute): the verifier's recomputation of its shares.
   */
  public static Prss forMember(int n, int t, int member, Map<Integer, byte[]> allKeys) {
    TreeMap<Integer, byte[]> selected = new TreeMap<>();
    for (int a : Subsets.heldBy(n, t, member)) {
      byte[] k = allKeys.get(a);
      if (k == null) {
        throw new IllegalArgumentException("no key for subset " + a + " held by member " + member);
      }
      selected.put(a, k);
    }
    return new Prss(new PrssKeys(n, t, member, selected));
  }

  /** The member whose shares this computes. */
  public int member() {
    return member;
  }

  public int n() {
    return n;
  }

  public int t() {
    return t;
  }

  /** This member's shares of {@code count} uniformly random secrets at degree t. */
  public FieldElement[] random(long stream, int count) {
    return single(stream, RANDOM, count, 1, FULL_HI, -1L, coefficients.share());
  }

  /** This member's shares of {@code count} sharings of zero at degree 2t. */
  public FieldElement[] zero2T(long stream, int count) {
    return single(stream, ZERO, count, t, FULL_HI, -1L, coefficients.zero());
  }

  /**
   * This member's shares (degree t) of {@code count} secrets r = sum over all t-subsets A of u_A,
   * u_A uniform on [0, 2^bits): r is below C(n,t) 2^bits, at most 2^126, with no interaction.
   */
  public FieldElement[] boundedRandom(long stream, int count, int bits) {
    if (bits < 1 || bits > MAX_BITS) {
      throw new IllegalArgumentException("bits must be in 1.." + MAX_BITS + ", got " + bits);
    }
    long subsets = Subsets.count(n, t);
    if (bits + 64 - Long.numberOfLeadingZeros(subsets - 1) > SUM_BITS) {
      throw new IllegalArgumentException(
          "the sum of " + subsets + " terms of " + bits + " bits could reach 2^" + SUM_BITS);
    }
    long maskLo = bits >= 64 ? -1L : (1L << bits) - 1;
    long maskHi = bits <= 64 ? 0 : (1L << (bits - 64)) - 1;
    return single(stream, BOUNDED, count, 1, maskHi, maskLo, coefficients.share());
  }

  /** This member's shares of {@code count} random secrets, each at degree t and at degree 2t. */
  public Double doubleRandom(long stream, int count) {
    checkCount(count);
    FieldElement[] degreeT = new FieldElement[count];
    FieldElement[] degree2T = new FieldElement[count];
    long[] r = new long[4 * CHUNK];
    long[] z = new long[4 * CHUNK];
    for (int from = 0; from < count; from += CHUNK) {
      int len = Math.min(CHUNK, count - from);
      fill(stream, DOUBLE_RANDOM, 0, from, len, 1);
      fill(stream, DOUBLE_ZERO, 1, from, len, t);
      java.util.Arrays.fill(r, 0);
      java.util.Arrays.fill(z, 0);
      coefficients.share().accumulate(len, streams[0], 1, FULL_HI, -1L, r);
      coefficients.zero().accumulate(len, streams[1], t, FULL_HI, -1L, z);
      for (int j = 0; j < len; j++) {
        degreeT[from + j] = coefficients.scale(Limbs.reduce(r, null, j));
        degree2T[from + j] = coefficients.scale(Limbs.reduce(r, z, j));
      }
    }
    return new Double(degreeT, degree2T);
  }

  private FieldElement[] single(
      long stream,
      byte purpose,
      int count,
      int blocks,
      long maskHi,
      long maskLo,
      ShareCoefficients.PerKey perKey) {
    checkCount(count);
    FieldElement[] out = new FieldElement[count];
    long[] acc = new long[4 * CHUNK];
    for (int from = 0; from < count; from += CHUNK) {
      int len = Math.min(CHUNK, count - from);
      fill(stream, purpose, 0, from, len, blocks);
      java.util.Arrays.fill(acc, 0);
      perKey.accumulate(len, streams[0], blocks, maskHi, maskLo, acc);
      for (int j = 0; j < len; j++) {
        out[from + j] = coefficients.scale(Limbs.reduce(acc, null, j));
      }
    }
    return out;
  }

  /**
   * Fills every held key's buffer of {@code slot} with the stream blocks of elements from..from+len
   * ({@code blocks} AES blocks per element), opening the streams at element 0.
   */
  private void fill(long stream, byte purpose, int slot, int from, int len, int blocks) {
    int bytes = len * blocks * 16;
    for (int k = 0; k < subsets.length; k++) {
      Cipher cipher = from == 0 ? open(k, slot, stream, purpose) : ciphers[k][slot];
      try {
        int produced = cipher.update(zeros, 0, bytes, streams[slot][k], 0);
        if (produced != bytes) {
          throw new IllegalStateException("AES-CTR produced " + produced + " of " + bytes);
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-CTR failed", e);
      }
    }
  }

  /** Opens key k's stream for (stream, purpose) at block 0 (docs/spec/prss.md, section 3). */
  private Cipher open(int k, int slot, long stream, byte purpose) {
    try {
      Cipher cipher = ciphers[k][slot];
      if (cipher == null) {
        cipher = Cipher.getInstance("AES/CTR/NoPadding");
        ciphers[k][slot] = cipher;
      }
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(streamKey(keys[k], stream, purpose), "AES"),
          ZERO_IV);
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has AES/CTR/NoPadding", e);
    }
  }

  /** The first 16 bytes of SHA-256("parley-prss-stream/1" || key || stream i64 BE || purpose). */
  static byte[] streamKey(byte[] key, long stream, byte purpose) {
    MessageDigest sha = Sha256.newDigest();
    sha.update(STREAM_DOMAIN);
    sha.update(key);
    sha.update(java.nio.ByteBuffer.allocate(9).putLong(stream).put(purpose).array());
    return java.util.Arrays.copyOf(sha.digest(), 16);
  }

  private static void checkCount(int count) {
    if (count < 0 || count > MAX_COUNT) {
      throw new IllegalArgumentException("count must be in 0.." + MAX_COUNT + ", got " + count);
    }
  }

  /** The member whose held subsets are exactly the keys of the map. */
  private static int ownerOf(int n, int t, Map<Integer, byte[]> keys) {
    for (int m = 0; m < n; m++) {
      if (new java.util.HashSet<>(Subsets.heldBy(n, t, m)).equals(keys.keySet())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "the keys are not exactly the subsets held by one member of " + n);
  }
}
