package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;

/**
 * One party's supply of input-independent correlated randomness, consumed in a fixed order so that
 * all parties use matching shares. Produced by the committee ({@link
 * io.parley.zk.preprocessing.CommitteePreprocessing}); a trusted dealer exists only in tests.
 */
public interface Preprocessing {
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
