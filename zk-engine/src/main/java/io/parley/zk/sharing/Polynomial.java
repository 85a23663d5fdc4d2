package io.parley.zk.sharing;

import io.parley.zk.field.FieldElement;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** A polynomial over GF(2^127-1); coefficient i multiplies x^i. Trailing zeros are trimmed. */
public final class Polynomial {
  private final FieldElement[] coefficients;

  public Polynomial(FieldElement... coefficients) {
    int length = coefficients.length;
    while (length > 0 && coefficients[length - 1].isZero()) {
      length--;
    }
    this.coefficients = Arrays.copyOf(coefficients, length);
  }

  /** A uniformly random polynomial of the given degree bound with p(0) = constant. */
  public static Polynomial random(FieldElement constant, int degree, RandomGenerator random) {
    FieldElement[] c = new FieldElement[degree + 1];
    c[0] = constant;
    for (int i = 1; i <= degree; i++) {
      c[i] = FieldElement.random(random);
    }
    return new Polynomial(c);
  }

  /** The degree, or -1 for the zero polynomial. */
  public int degree() {
    return coefficients.length - 1;
  }

  public FieldElement coefficient(int i) {
    return i < coefficients.length ? coefficients[i] : FieldElement.ZERO;
  }

  public FieldElement evaluate(FieldElement x) {
    FieldElement acc = FieldElement.ZERO;
    for (int i = coefficients.length - 1; i >= 0; i--) {
      acc = acc.multiply(x).add(coefficients[i]);
    }
    return acc;
  }

  /**
   * At a small integer x >= 0: sum_i c_i x^i as one lazily reduced linear combination when every
   * power x^i is below 2^40 (the points 1..n of a committee), else Horner's rule with
   * multiplications by x (x below 2^40), else the general path.
   */
  public FieldElement evaluate(long x) {
    if (x < 0 || x >= (1L << 40)) {
      return evaluate(FieldElement.of(x));
    }
    long[] powers = smallPowers(x, coefficients.length);
    if (powers != null) {
      return evaluateAtPowers(powers);
    }
    FieldElement acc = FieldElement.ZERO;
    for (int i = coefficients.length - 1; i >= 0; i--) {
      acc = acc.multiplySmall(x).add(coefficients[i]);
    }
    return acc;
  }

  /** x^0..x^(count-1) if all are below 2^40 (x >= 0), else null. */
  public static long[] smallPowers(long x, int count) {
    long[] powers = new long[count];
    long power = 1;
    for (int i = 0; i < count; i++) {
      powers[i] = power;
      if (i + 1 < count && power > ((1L << 40) - 1) / Math.max(x, 1)) {
        return null;
      }
      power *= x;
    }
    return powers;
  }

  /**
   * The value at x given {@link #smallPowers} of x with at least degree + 1 entries: one lazily
   * reduced linear combination.
   */
  public FieldElement evaluateAtPowers(long[] powers) {
    if (powers.length < coefficients.length) {
      throw new IllegalArgumentException(
          powers.length + " powers for a polynomial of degree " + degree());
    }
    return FieldElement.linearCombination(powers, coefficients, coefficients.length);
  }

  /** Quotient and remainder of division by a non-zero divisor. */
  public Polynomial[] divide(Polynomial divisor) {
    if (divisor.degree() < 0) {
      throw new ArithmeticException("division by the zero polynomial");
    }
    FieldElement[] remainder = Arrays.copyOf(coefficients, coefficients.length);
    int dd = divisor.degree();
    int qd = Math.max(degree() - dd, -1);
    FieldElement[] quotient = new FieldElement[qd + 1];
    Arrays.fill(quotient, FieldElement.ZERO);
    FieldElement leadInverse = divisor.coefficient(dd).inverse();
    for (int k = qd; k >= 0; k--) {
      FieldElement factor = remainder[k + dd].multiply(leadInverse);
      quotient[k] = factor;
      for (int j = 0; j <= dd; j++) {
        remainder[k + j] = remainder[k + j].subtract(factor.multiply(divisor.coefficient(j)));
      }
    }
    return new Polynomial[] {new Polynomial(quotient), new Polynomial(remainder)};
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Polynomial other && Arrays.equals(coefficients, other.coefficients);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(coefficients);
  }

  @Override
  public String toString() {
    return "Polynomial" + Arrays.toString(coefficients);
  }
}
