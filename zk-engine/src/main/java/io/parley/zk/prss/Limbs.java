package io.parley.zk.prss;

import io.parley.zk.field.FieldElement;

/** Reductions of unreduced limb sums modulo p = 2^127 - 1. */
final class Limbs {
  private static final long MASK63 = Long.MAX_VALUE;

  private Limbs() {}

  /**
   * x = a2 2^128 + a1 2^64 + a0 modulo p (a2 below 2^62): 2^128 = 2 and 2^127 = 1 mod p, so x = (a1
   * mod 2^63, a0) + (a1 >> 63) + 2 a2.
   */
  static FieldElement reduce(long a0, long a1, long a2) {
    return canonical(a1 & MASK63, a0).add(FieldElement.ofUnsigned((a1 >>> 63) + 2 * a2));
  }

  /**
   * The value c0 + c1 2^32 + c2 2^64 + c3 2^96 of the accumulators acc[4j..4j+3] (plus those of
   * {@code other} when not null), modulo p.
   */
  static FieldElement reduce(long[] acc, long[] other, int j) {
    int a = j << 2;
    long c0 = acc[a];
    long c1 = acc[a + 1];
    long c2 = acc[a + 2];
    long c3 = acc[a + 3];
    if (other != null) {
      c0 += other[a];
      c1 += other[a + 1];
      c2 += other[a + 2];
      c3 += other[a + 3];
    }
    long x1 = c1 << 32;
    long a0 = c0 + x1;
    long carry = Long.compareUnsigned(a0, x1) < 0 ? 1 : 0;
    long x3 = c3 << 32;
    long s1 = c2 + x3;
    long carry2 = Long.compareUnsigned(s1, x3) < 0 ? 1 : 0;
    long s2 = s1 + (c1 >>> 32);
    carry2 += Long.compareUnsigned(s2, s1) < 0 ? 1 : 0;
    long a1 = s2 + carry;
    carry2 += Long.compareUnsigned(a1, s2) < 0 ? 1 : 0;
    return reduce(a0, a1, (c3 >>> 32) + carry2);
  }

  /** The element of a 127-bit value (h below 2^63), mapping 2^127 - 1 to zero. */
  static FieldElement canonical(long h, long l) {
    return h == MASK63 && l == -1L ? FieldElement.ZERO : new FieldElement(h, l);
  }
}
