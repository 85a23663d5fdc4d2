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

  /** Horner's rule with multiplications by the small integer x (x >= 0 below 2^40). */
  public FieldElement evaluate(long x) {
    if (x < 0 || x >= (1L << 40)) {
      return evaluate(FieldElement.of(x));
    }
    FieldElement acc = FieldElement.ZERO;
    for (int i = coefficients.length - 1; i >= 0; i--) {
      acc = acc.multiplySmall(x).add(coefficients[i]);
    }
    return acc;
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
