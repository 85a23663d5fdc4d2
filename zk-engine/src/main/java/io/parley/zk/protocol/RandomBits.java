package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;

/**
 * Shared random bits from square pairs (Damgard, Fitzi, Kiltz, Nielsen, Toft, TCC 2006): open v =
 * r^2 of a checked square pair (r, r^2) and output (r / sqrt(v) + 1) / 2, which is 0 or 1 with
 * equal probability because r / sqrt(v) = +-1 and the sign of r is uniform given r^2. One opening
 * and one reshared product per bit (squaring r online with a Beaver triple cost a triple, a random
 * value and three openings). Input-independent: it runs as part of preprocessing, through the same
 * checked openings as the online phase.
 */
public final class RandomBits {
  private static final FieldElement HALF = FieldElement.TWO.inverse();

  private RandomBits() {}

  public static Program<FieldElement[]> generate(SecureArithmetic arithmetic, int count) {
    Preprocessing.Squares pairs = arithmetic.context().preprocessing().squares(count);
    FieldElement[] r = pairs.roots();
    return arithmetic.open(pairs.squares()).map(v -> bitsFrom(r, v));
  }

  /**
   * b = (r / sqrt(v) + 1) / 2. Since p = 2^127 - 1, sqrt(v) = v^((p+1)/4) = v^(2^125): 125
   * squarings; the roots are then inverted together with Montgomery's batch inversion (one field
   * inversion and three multiplications per bit).
   */
  public static FieldElement[] bitsFrom(FieldElement[] r, FieldElement[] v) {
    int count = r.length;
    FieldElement[] roots = new FieldElement[count];
    FieldElement[] prefix = new FieldElement[count];
    FieldElement acc = FieldElement.ONE;
    for (int i = 0; i < count; i++) {
      if (v[i].isZero()) {
        // Probability 2^-127 per bit: treated as a broken invariant, not an outcome.
        throw new IllegalStateException("random value was zero; discard the batch");
      }
    }
    FieldElement[] squareRoots = FieldElement.squareTimes(v, 125);
    for (int i = 0; i < count; i++) {
      FieldElement root = squareRoots[i];
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
