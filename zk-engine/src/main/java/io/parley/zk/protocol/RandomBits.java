package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;

/**
 * Shared random bits from shared random values (Damgard, Fitzi, Kiltz, Nielsen, Toft, TCC 2006):
 * square r with a triple, open v = r^2, and output (r / sqrt(v) + 1) / 2, which is 0 or 1 with
 * equal probability because r / sqrt(v) = +-1. Input-independent: it runs as part of preprocessing,
 * through the same checked openings as the online phase.
 */
public final class RandomBits {
  private static final FieldElement HALF = FieldElement.TWO.inverse();

  private RandomBits() {}

  public static Program<FieldElement[]> generate(SecureArithmetic arithmetic, int count) {
    FieldElement[] r = arithmetic.context().preprocessing().randoms(count);
    return arithmetic.multiply(r, r).then(arithmetic::open).map(v -> bitsFrom(r, v));
  }

  /**
   * b = (r / sqrt(v) + 1) / 2. Since p = 2^127 - 1, sqrt(v) = v^((p+1)/4) = v^(2^125): 125
   * squarings; the roots are then inverted together with Montgomery's batch inversion (one field
   * inversion and three multiplications per bit).
   */
  static FieldElement[] bitsFrom(FieldElement[] r, FieldElement[] v) {
    int count = r.length;
    FieldElement[] roots = new FieldElement[count];
    FieldElement[] prefix = new FieldElement[count];
    FieldElement acc = FieldElement.ONE;
    for (int i = 0; i < count; i++) {
      if (v[i].isZero()) {
        // Probability 2^-127 per bit: treated as a broken invariant, not an outcome.
        throw new IllegalStateException("random value was zero; discard the batch");
      }
      FieldElement root = v[i].squareTimes(125);
      roots[i] = root;
      prefix[i] = acc;
      acc = acc.multiply(root);
    }
    FieldElement inverse = count == 0 ? FieldElement.ONE : acc.inverse();
    FieldElement[] bits = new FieldElement[count];
    for (int i = count - 1; i >= 0; i--) {
      FieldElement rootInverse = inverse.multiply(prefix[i]);
      inverse = inverse.multiply(roots[i]);
      bits[i] = r[i].multiply(rootInverse).add(FieldElement.ONE).multiply(HALF);
    }
    return bits;
  }
}
