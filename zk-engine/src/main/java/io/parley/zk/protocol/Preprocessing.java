package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;

/**
 * One party's supply of input-independent correlated randomness, consumed in a fixed order so that
 * all parties use matching shares. Produced by the committee ({@link
 * io.parley.zk.preprocessing.CommitteePreprocessing}); a trusted dealer exists only in tests.
 */
public interface Preprocessing {
  /**
   * Shares of count bounded random integers, each uniform enough on [0, 2^bits) to mask a value by
   * 2^-40 statistically, and below 2^(bits + {@link #BOUNDED_MARGIN}): the r'' of Catrina and de
   * Hoogh's masked openings. By default the sum of {@code bits} random bits; a committee with PRSS
   * keys makes them without interaction (sum over t-sets A of uniform u_A, ADR 0025).
   */
  default FieldElement[] boundedRandoms(int count, int bits) {
    FieldElement[] b = bits(count * bits);
    FieldElement[] out = new FieldElement[count];
    for (int e = 0; e < count; e++) {
      FieldElement acc = FieldElement.ZERO;
      for (int i = 0; i < bits; i++) {
        acc = acc.add(b[e * bits + i].multiply(FieldElement.powerOfTwo(i)));
      }
      out[e] = acc;
    }
    return out;
  }

  /** log2 of the bound on C(n, t) for committees up to 7 members (C(7, 2) = 21 < 2^5). */
  int BOUNDED_MARGIN = 5;

  /** Shares of Beaver triples (a, b, c = a*b). */
  Triples triples(int count);

  /** Shares of uniformly random field elements nobody knows. */
  FieldElement[] randoms(int count);

  /** Shares of square pairs (r, r^2) for uniformly random r nobody knows. */
  Squares squares(int count);

  /** Shares of uniformly random bits (0 or 1) nobody knows. */
  FieldElement[] bits(int count);

  /** Shares of count Beaver triples, as three parallel arrays. */
  record Triples(FieldElement[] a, FieldElement[] b, FieldElement[] c) {}

  /** Shares of count square pairs, as two parallel arrays. */
  record Squares(FieldElement[] roots, FieldElement[] squares) {}
}
