package io.parley.zk.prss;

import io.parley.zk.field.FieldElement;

/**
 * One 192-bit unsigned accumulator per element of a chunk (limbs a0, a1, a2): sums of products of
 * stream values (below 2^127) with small coefficients (below 2^40), reduced modulo 2^127 - 1 once
 * per element instead of once per term.
 */
final class Accumulator {
  static final long FULL_HI = Long.MAX_VALUE;
  private static final long MASK63 = Long.MAX_VALUE;

  final long[] a0 = new long[Prss.CHUNK];
  final long[] a1 = new long[Prss.CHUNK];
  final long[] a2 = new long[Prss.CHUNK];

  void clear(int len) {
    java.util.Arrays.fill(a0, 0, len, 0);
    java.util.Arrays.fill(a1, 0, len, 0);
    java.util.Arrays.fill(a2, 0, len, 0);
  }

  /** Adds the 128-bit value (hi, lo) to element j. */
  void add(int j, long hi, long lo) {
    long s0 = a0[j] + lo;
    long k0 = Long.compareUnsigned(s0, lo) < 0 ? 1 : 0;
    long s1 = a1[j] + hi;
    long k1 = Long.compareUnsigned(s1, hi) < 0 ? 1 : 0;
    long s1b = s1 + k0;
    k1 += Long.compareUnsigned(s1b, s1) < 0 ? 1 : 0;
    a0[j] = s0;
    a1[j] = s1b;
    a2[j] += k1;
  }

  /** Adds the other accumulator's first len elements to this one's. */
  void addFrom(Accumulator other, int len) {
    for (int j = 0; j < len; j++) {
      add(j, other.a1[j], other.a0[j]);
      a2[j] += other.a2[j];
    }
  }

  /**
   * Element j modulo p: x = a2 2^128 + a1 2^64 + a0 with 2^128 = 2 and 2^127 = 1 mod p, so x = (a1
   * mod 2^63, a0) + (a1 >> 63) + 2 a2 (a2 is below 2^62).
   */
  FieldElement reduce(int j) {
    return canonical(a1[j] & MASK63, a0[j])
        .add(FieldElement.ofUnsigned((a1[j] >>> 63) + 2 * a2[j]));
  }

  /** The element of a 127-bit value (h below 2^63), mapping 2^127 - 1 to zero. */
  static FieldElement canonical(long h, long l) {
    return h == MASK63 && l == -1L ? FieldElement.ZERO : new FieldElement(h, l);
  }
}
