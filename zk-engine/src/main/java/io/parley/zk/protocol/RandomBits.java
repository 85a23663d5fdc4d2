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
    return arithmetic
        .multiply(r, r)
        .then(arithmetic::open)
        .map(
            v -> {
              FieldElement[] bits = new FieldElement[count];
              for (int i = 0; i < count; i++) {
                if (v[i].isZero()) {
                  // Probability 2^-127 per bit: treated as a broken invariant, not an outcome.
                  throw new IllegalStateException("random value was zero; discard the batch");
                }
                FieldElement inverseRoot = v[i].sqrt().inverse();
                bits[i] = r[i].multiply(inverseRoot).add(FieldElement.ONE).multiply(HALF);
              }
              return bits;
            });
  }
}
