package io.parley.zk.field;

import java.math.BigInteger;
import java.util.random.RandomGenerator;

/**
 * An element of GF(p) for the Mersenne prime p = 2^127 - 1, held canonically (0 <= value < p) as
 * two 64-bit limbs. Multiplication uses {@link Math#unsignedMultiplyHigh} and the Mersenne fold x
 * mod p = (x mod 2^127) + (x >> 127). Integers are embedded with negatives as p - |x|.
 */
public record FieldElement(long hi, long lo) {
  static final long MASK63 = Long.MAX_VALUE;

  /** The modulus p = 2^127 - 1. */
  public static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);

  public static final FieldElement ZERO = new FieldElement(0, 0);
  public static final FieldElement ONE = new FieldElement(0, 1);
  public static final FieldElement TWO = new FieldElement(0, 2);

  /** Encoded size in bytes (big-endian, 16 bytes). */
  public static final int BYTES = 16;

  private static final BigInteger SQRT_EXPONENT = MODULUS.add(BigInteger.ONE).shiftRight(2);
  private static final BigInteger INVERSE_EXPONENT = MODULUS.subtract(BigInteger.TWO);

  public FieldElement {
    if (hi < 0 || (hi == MASK63 && lo == -1L)) {
      throw new IllegalArgumentException("not a canonical element of GF(2^127-1)");
    }
  }

  public static FieldElement of(long value) {
    if (value >= 0) {
      return new FieldElement(0, value);
    }
    return new FieldElement(0, -value).negate(); // -Long.MIN_VALUE wraps to 2^63 unsigned: correct
  }

  /** Embeds an unsigned 64-bit integer. */
  public static FieldElement ofUnsigned(long value) {
    return new FieldElement(0, value);
  }

  /** Embeds an integer of absolute value below p (negatives as p - |x|). */
  public static FieldElement of(BigInteger value) {
    BigInteger reduced = value.mod(MODULUS);
    return new FieldElement(reduced.shiftRight(64).longValue(), reduced.longValue());
  }

  /** 2^k for 0 <= k < 127. */
  public static FieldElement powerOfTwo(int k) {
    if (k < 0 || k >= 127) {
      throw new IllegalArgumentException("2^" + k + " is not below p");
    }
    return k < 64 ? new FieldElement(0, 1L << k) : new FieldElement(1L << (k - 64), 0);
  }

  public static FieldElement random(RandomGenerator random) {
    while (true) {
      long h = random.nextLong() & MASK63;
      long l = random.nextLong();
      if (!(h == MASK63 && l == -1L)) {
        return new FieldElement(h, l);
      }
    }
  }

  /** Decodes 16 big-endian bytes; rejects a non-canonical value. */
  public static FieldElement fromBytes(byte[] buffer, int offset) {
    long h = 0;
    long l = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (buffer[offset + i] & 0xff);
      l = (l << 8) | (buffer[offset + 8 + i] & 0xff);
    }
    return new FieldElement(h, l);
  }

  public void toBytes(byte[] buffer, int offset) {
    for (int i = 0; i < 8; i++) {
      buffer[offset + i] = (byte) (hi >>> (56 - 8 * i));
      buffer[offset + 8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
  }

  public boolean isZero() {
    return hi == 0 && lo == 0;
  }

  public FieldElement add(FieldElement other) {
    long l = lo + other.lo;
    long h = hi + other.hi + (Long.compareUnsigned(l, lo) < 0 ? 1 : 0);
    return fold(h, l);
  }

  public FieldElement subtract(FieldElement other) {
    // this + (p - other): p - other = (MASK63 - hi, ~lo) is below 2^127, so the sum stays below
    // 2^128
    long l = lo + ~other.lo;
    long h = hi + (MASK63 - other.hi) + (Long.compareUnsigned(l, lo) < 0 ? 1 : 0);
    return fold(h, l);
  }

  public FieldElement negate() {
    return ZERO.subtract(this);
  }

  public FieldElement multiply(FieldElement other) {
    long a0 = lo;
    long a1 = hi;
    long b0 = other.lo;
    long b1 = other.hi;
    long l00 = a0 * b0;
    long h00 = Math.unsignedMultiplyHigh(a0, b0);
    long l01 = a0 * b1;
    long h01 = Math.unsignedMultiplyHigh(a0, b1);
    long l10 = a1 * b0;
    long h10 = Math.unsignedMultiplyHigh(a1, b0);
    long l11 = a1 * b1;
    long h11 = Math.unsignedMultiplyHigh(a1, b1);
    long r1 = h00 + l01;
    long c1 = Long.compareUnsigned(r1, h00) < 0 ? 1 : 0;
    long r1b = r1 + l10;
    c1 += Long.compareUnsigned(r1b, r1) < 0 ? 1 : 0;
    long r2 = h01 + h10;
    long c2 = Long.compareUnsigned(r2, h01) < 0 ? 1 : 0;
    long r2b = r2 + l11;
    c2 += Long.compareUnsigned(r2b, r2) < 0 ? 1 : 0;
    long r2c = r2b + c1;
    c2 += Long.compareUnsigned(r2c, r2b) < 0 ? 1 : 0;
    long r3 = h11 + c2;
    // x = r3 r2c r1b l00; x mod p = low127 + (x >> 127)
    long lowHi = r1b & MASK63;
    long shiftLo = (r1b >>> 63) | (r2c << 1);
    long shiftHi = (r2c >>> 63) | (r3 << 1);
    long l = l00 + shiftLo;
    long h = lowHi + shiftHi + (Long.compareUnsigned(l, l00) < 0 ? 1 : 0);
    return fold(h, l);
  }

  /** this^2 with three 64x64-bit products instead of four. */
  public FieldElement square() {
    return squareTimes(1);
  }

  public FieldElement multiply(long small) {
    if (small >= 0) {
      return multiplySmall(small);
    }
    if (small == Long.MIN_VALUE) {
      return multiply(of(small));
    }
    return multiplySmall(-small).negate();
  }

  /**
   * this * c for an unsigned c below 2^63 with two 64x64-bit products instead of four (the
   * evaluation points, Vandermonde and Lagrange coefficients of the engine are small integers).
   */
  public FieldElement multiplySmall(long c) {
    long l0 = lo * c;
    long h0 = Math.unsignedMultiplyHigh(lo, c);
    long l1 = hi * c;
    long h1 = Math.unsignedMultiplyHigh(hi, c);
    return reduce192(l0, h0 + l1, h1 + (Long.compareUnsigned(h0 + l1, h0) < 0 ? 1 : 0));
  }

  /**
   * Reduces x = l2 2^128 + l1 2^64 + l0 (l2 below 2^62) modulo p: 2^128 = 2 mod p, so x = (l1, l0)
   * + 2 l2, then the 128-bit fold.
   */
  static FieldElement reduce192(long l0, long l1, long l2) {
    long add = l2 << 1;
    long l = l0 + add;
    long carry = Long.compareUnsigned(l, l0) < 0 ? 1 : 0;
    long h = l1 + carry;
    // a carry out of 128 bits is 2^128 = 2 mod p
    long wrap = (carry == 1 && h == 0) ? 2 : 0;
    long l2b = l + wrap;
    h += Long.compareUnsigned(l2b, l) < 0 ? 1 : 0;
    return fold(h, l2b);
  }

  /** this^(2^k): k squarings on limbs, without intermediate objects. */
  public FieldElement squareTimes(int k) {
    long a1 = hi;
    long a0 = lo;
    for (int i = 0; i < k; i++) {
      long l00 = a0 * a0;
      long h00 = Math.unsignedMultiplyHigh(a0, a0);
      long lx = a0 * a1;
      long hx = Math.unsignedMultiplyHigh(a0, a1);
      long l01 = lx << 1;
      long h01 = (hx << 1) | (lx >>> 63);
      long l11 = a1 * a1;
      long h11 = Math.unsignedMultiplyHigh(a1, a1);
      long r1 = h00 + l01;
      long c1 = Long.compareUnsigned(r1, h00) < 0 ? 1 : 0;
      long r2 = h01 + l11;
      long c2 = Long.compareUnsigned(r2, h01) < 0 ? 1 : 0;
      long r2b = r2 + c1;
      c2 += Long.compareUnsigned(r2b, r2) < 0 ? 1 : 0;
      long r3 = h11 + c2;
      long lowHi = r1 & MASK63;
      long shiftLo = (r1 >>> 63) | (r2b << 1);
      long shiftHi = (r2b >>> 63) | (r3 << 1);
      long l = l00 + shiftLo;
      long h = lowHi + shiftHi + (Long.compareUnsigned(l, l00) < 0 ? 1 : 0);
      // lazy: keep a value below 2^128 that is congruent; fold to < 2^127 + 1
      long top = h >>> 63;
      h &= MASK63;
      long nl = l + top;
      h += Long.compareUnsigned(nl, l) < 0 ? 1 : 0;
      a1 = h;
      a0 = nl;
    }
    return fold(a1, a0);
  }

  /** x^(2^k) for every x of {@code values}. */
  public static FieldElement[] squareTimes(FieldElement[] values, int k) {
    FieldElement[] out = new FieldElement[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i].squareTimes(k);
    }
    return out;
  }

  /**
   * sum_i c_i v_i for small signed coefficients (|c_i| below 2^40, at most 2^20 terms), with one
   * reduction at the end instead of one per term.
   */
  public static FieldElement linearCombination(long[] coefficients, FieldElement[] values) {
    return linearCombination(coefficients, values, coefficients.length);
  }

  /**
   * The same over the first {@code length} coefficients and values. A negative coefficient c
   * multiplies -v by |c| (so one unsigned 192-bit accumulator serves both signs).
   */
  public static FieldElement linearCombination(
      long[] coefficients, FieldElement[] values, int length) {
    long a0 = 0;
    long a1 = 0;
    long a2 = 0;
    for (int i = 0; i < length; i++) {
      long c = coefficients[i];
      FieldElement v = c < 0 ? values[i].negate() : values[i];
      long m = c < 0 ? -c : c;
      long l0 = v.lo * m;
      long h0 = Math.unsignedMultiplyHigh(v.lo, m);
      long l1 = v.hi * m;
      long h1 = Math.unsignedMultiplyHigh(v.hi, m);
      long mid = h0 + l1;
      long top = h1 + (Long.compareUnsigned(mid, h0) < 0 ? 1 : 0);
      long s0 = a0 + l0;
      long k0 = Long.compareUnsigned(s0, a0) < 0 ? 1 : 0;
      long s1 = a1 + mid;
      long k1 = Long.compareUnsigned(s1, a1) < 0 ? 1 : 0;
      long s1b = s1 + k0;
      k1 += Long.compareUnsigned(s1b, s1) < 0 ? 1 : 0;
      a0 = s0;
      a1 = s1b;
      a2 += top + k1;
    }
    return reduce192(a0, a1, a2);
  }

  /** The signed value as a long if |value| is below 2^40 (a "small" coefficient), else empty. */
  public java.util.OptionalLong smallValue() {
    if (hi == 0 && lo >= 0 && lo < (1L << 40)) {
      return java.util.OptionalLong.of(lo);
    }
    FieldElement negated = negate();
    if (negated.hi == 0 && negated.lo >= 0 && negated.lo < (1L << 40)) {
      return java.util.OptionalLong.of(-negated.lo);
    }
    return java.util.OptionalLong.empty();
  }

  public FieldElement pow(BigInteger exponent) {
    FieldElement result = ONE;
    for (int i = exponent.bitLength() - 1; i >= 0; i--) {
      result = result.square();
      if (exponent.testBit(i)) {
        result = result.multiply(this);
      }
    }
    return result;
  }

  /** The multiplicative inverse; throws on zero (a broken invariant in every caller). */
  public FieldElement inverse() {
    if (isZero()) {
      throw new ArithmeticException("zero has no inverse");
    }
    return pow(INVERSE_EXPONENT);
  }

  /** The square root v^((p+1)/4) (p = 3 mod 4); it is a root only if this is a square. */
  public FieldElement sqrt() {
    return pow(SQRT_EXPONENT);
  }

  public BigInteger toBigInteger() {
    return new BigInteger(1, toBytes());
  }

  /** The integer in (-p/2, p/2) that this element represents. */
  public BigInteger toSignedBigInteger() {
    BigInteger v = toBigInteger();
    return v.compareTo(MODULUS.shiftRight(1)) > 0 ? v.subtract(MODULUS) : v;
  }

  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    toBytes(out, 0);
    return out;
  }

  @Override
  public String toString() {
    return toSignedBigInteger().toString();
  }

  /**
   * Reduces an unsigned 128-bit value (h, l) modulo p. Branch-free with a single allocation site,
   * so that the JIT can scalar-replace intermediate results in arithmetic chains.
   */
  /**
   * Beaver's recombination c + e*b + f*a + e*f (Beaver, CRYPTO 1991) computed as c + e*(b + f) +
   * f*a with the products summed unreduced (below 2^256) and one reduction: one object instead of
   * six.
   */
  public static FieldElement beaver(
      FieldElement c, FieldElement e, FieldElement f, FieldElement a, FieldElement b) {
    long ul = b.lo + f.lo;
    long uh = b.hi + f.hi + (Long.compareUnsigned(ul, b.lo) < 0 ? 1 : 0); // below 2^64
    long[] w = new long[4];
    w[0] = c.lo;
    w[1] = c.hi;
    addProduct(w, e.lo, e.hi, ul, uh);
    addProduct(w, f.lo, f.hi, a.lo, a.hi);
    return reduce256(w[0], w[1], w[2], w[3]);
  }

  /**
   * sum_j a[j] (s[from + j] - v[from + j]) for j < a.length <= 2^14: each difference kept below
   * 2^128 unreduced, the products summed in six 64-bit limbs, one reduction at the end.
   */
  public static FieldElement sumOfProductsOfDifferences(
      FieldElement[] a, FieldElement[] s, FieldElement[] v, int from) {
    if (a.length > 1 << 14) {
      throw new IllegalArgumentException("at most 2^14 terms, got " + a.length);
    }
    long[] w = new long[6];
    for (int j = 0; j < a.length; j++) {
      FieldElement x = s[from + j];
      FieldElement y = v[from + j];
      long dl = x.lo + ~y.lo; // x + (p - y) < 2^128
      long dh = x.hi + (MASK63 - y.hi) + (Long.compareUnsigned(dl, x.lo) < 0 ? 1 : 0);
      addProduct(w, a[j].lo, a[j].hi, dl, dh);
    }
    BigInteger sum = BigInteger.ZERO;
    for (int i = w.length - 1; i >= 0; i--) {
      sum = sum.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(w[i])));
    }
    return of(sum.mod(MODULUS));
  }

  /**
   * sum_i point^(i+1) values[i] by Horner's rule, ((values[n-1] point + values[n-2]) point + ...)
   * point, in 64-bit limbs: no object per step (the input check combines millions of shares). Each
   * step is {@link #add} then {@link #multiply}, written out on locals.
   */
  public static FieldElement hornerSum(FieldElement[] values, FieldElement point) {
    long sh = 0;
    long sl = 0;
    long b0 = point.lo;
    long b1 = point.hi;
    for (int i = values.length - 1; i >= 0; i--) {
      FieldElement x = values[i];
      // t = s + x < 2^128, folded once to at most 2^127
      long tl = sl + x.lo;
      long th = sh + x.hi + (Long.compareUnsigned(tl, sl) < 0 ? 1 : 0);
      long carry = th >>> 63;
      th &= MASK63;
      long a0 = tl + carry;
      long a1 = th + (Long.compareUnsigned(a0, tl) < 0 ? 1 : 0);
      // t * point below 2^254, as in multiply()
      long l00 = a0 * b0;
      long h00 = Math.unsignedMultiplyHigh(a0, b0);
      long l01 = a0 * b1;
      long h01 = Math.unsignedMultiplyHigh(a0, b1);
      long l10 = a1 * b0;
      long h10 = Math.unsignedMultiplyHigh(a1, b0);
      long l11 = a1 * b1;
      long h11 = Math.unsignedMultiplyHigh(a1, b1);
      long r1 = h00 + l01;
      long c1 = Long.compareUnsigned(r1, h00) < 0 ? 1 : 0;
      long r1b = r1 + l10;
      c1 += Long.compareUnsigned(r1b, r1) < 0 ? 1 : 0;
      long r2 = h01 + h10;
      long c2 = Long.compareUnsigned(r2, h01) < 0 ? 1 : 0;
      long r2b = r2 + l11;
      c2 += Long.compareUnsigned(r2b, r2) < 0 ? 1 : 0;
      long r2c = r2b + c1;
      c2 += Long.compareUnsigned(r2c, r2b) < 0 ? 1 : 0;
      long r3 = h11 + c2;
      long l = l00 + ((r1b >>> 63) | (r2c << 1));
      long h =
          (r1b & MASK63) + ((r2c >>> 63) | (r3 << 1)) + (Long.compareUnsigned(l, l00) < 0 ? 1 : 0);
      // canonical fold, as in fold()
      long top = h >>> 63;
      h &= MASK63;
      long nl = l + top;
      h += Long.compareUnsigned(nl, l) < 0 ? 1 : 0;
      long wl = nl + 1;
      long wh = h + (wl == 0 ? 1 : 0);
      long ge = wh >> 63;
      sh = (h & ~ge) | (wh & MASK63 & ge);
      sl = (nl & ~ge) | (wl & ge);
    }
    return new FieldElement(sh, sl);
  }

  /** w += (xh:xl) * (yh:yl) into the limbs of w, which must not overflow. */
  private static void addProduct(long[] w, long xl, long xh, long yl, long yh) {
    addAt(w, 0, xl * yl, Math.unsignedMultiplyHigh(xl, yl));
    addAt(w, 1, xl * yh, Math.unsignedMultiplyHigh(xl, yh));
    addAt(w, 1, xh * yl, Math.unsignedMultiplyHigh(xh, yl));
    addAt(w, 2, xh * yh, Math.unsignedMultiplyHigh(xh, yh));
  }

  private static void addAt(long[] w, int at, long lo, long hi) {
    long a = w[at] + lo;
    long carry = Long.compareUnsigned(a, lo) < 0 ? 1 : 0;
    w[at] = a;
    long b = w[at + 1] + hi;
    long carry2 = Long.compareUnsigned(b, hi) < 0 ? 1 : 0;
    long d = b + carry;
    carry2 += Long.compareUnsigned(d, b) < 0 ? 1 : 0;
    w[at + 1] = d;
    for (int i = at + 2; carry2 != 0 && i < w.length; i++) {
      long x = w[i] + carry2;
      carry2 = Long.compareUnsigned(x, carry2) < 0 ? 1 : 0;
      w[i] = x;
    }
  }

  /** x mod p for x = w3 w2 w1 w0 < 2^256: two folds of 2^127 = 1, then the canonical fold. */
  private static FieldElement reduce256(long w0, long w1, long w2, long w3) {
    // x = L + H 2^127 with L the low 127 bits; H = x >> 127 < 2^129
    long h0 = (w1 >>> 63) | (w2 << 1);
    long h1 = (w2 >>> 63) | (w3 << 1);
    long h2 = w3 >>> 63;
    long y0 = w0 + h0;
    long c0 = Long.compareUnsigned(y0, w0) < 0 ? 1 : 0;
    long low1 = w1 & MASK63;
    long y1 = low1 + h1;
    long c1 = Long.compareUnsigned(y1, low1) < 0 ? 1 : 0;
    long y1b = y1 + c0;
    c1 += Long.compareUnsigned(y1b, y1) < 0 ? 1 : 0;
    long y2 = h2 + c1; // y = y2 y1b y0 < 2^127 + 2^129
    // fold again: y mod p = (y0, y1b & MASK63) + (y >> 127), the latter below 2^3
    long g = (y1b >>> 63) | (y2 << 1);
    long z0 = y0 + g;
    long z1 = (y1b & MASK63) + (Long.compareUnsigned(z0, y0) < 0 ? 1 : 0);
    return fold(z1, z0);
  }

  private static FieldElement fold(long h, long l) {
    long top = h >>> 63;
    h &= MASK63;
    long nl = l + top;
    h += Long.compareUnsigned(nl, l) < 0 ? 1 : 0;
    // now v = (h, nl) <= 2^127; canonical form subtracts p once if v >= p, i.e. if v + 1 >= 2^127
    long wl = nl + 1;
    long wh = h + (wl == 0 ? 1 : 0);
    long ge = wh >> 63; // all ones iff v >= p
    return new FieldElement((h & ~ge) | (wh & MASK63 & ge), (nl & ~ge) | (wl & ge));
  }
}
