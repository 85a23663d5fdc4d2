package io.parley.zk.sharing;

import io.parley.zk.field.FieldElement;
import java.util.random.RandomGenerator;

/**
 * Shamir secret sharing (Shamir, CACM 1979) over GF(2^127-1). Party i (0-based) holds the
 * evaluation at x = i + 1 of a polynomial of degree at most t whose constant term is the secret.
 */
public final class Shamir {
  private Shamir() {}

  /** The evaluation point of 0-based party i. */
  public static FieldElement point(int party) {
    return FieldElement.of(party + 1L);
  }

  public static FieldElement[] share(
      FieldElement secret, int degree, int parties, RandomGenerator random) {
    return evaluations(Polynomial.random(secret, degree, random), parties);
  }

  public static FieldElement[] evaluations(Polynomial polynomial, int parties) {
    FieldElement[] shares = new FieldElement[parties];
    for (int i = 0; i < parties; i++) {
      shares[i] = polynomial.evaluate(i + 1L);
    }
    return shares;
  }

  /**
   * Lagrange coefficients l_j such that f(at) = sum_j l_j f(x_j) for every f of degree below the
   * number of points; {@code parties} are 0-based party indices.
   */
  public static FieldElement[] lagrangeCoefficients(int[] parties, FieldElement at) {
    FieldElement[] out = new FieldElement[parties.length];
    for (int j = 0; j < parties.length; j++) {
      FieldElement xj = point(parties[j]);
      FieldElement numerator = FieldElement.ONE;
      FieldElement denominator = FieldElement.ONE;
      for (int m = 0; m < parties.length; m++) {
        if (m != j) {
          FieldElement xm = point(parties[m]);
          numerator = numerator.multiply(at.subtract(xm));
          denominator = denominator.multiply(xj.subtract(xm));
        }
      }
      out[j] = numerator.multiply(denominator.inverse());
    }
    return out;
  }

  /** Reconstructs f(0) from the shares of the listed parties (no error checking). */
  public static FieldElement reconstruct(int[] parties, FieldElement[] shares) {
    FieldElement[] l = lagrangeCoefficients(parties, FieldElement.ZERO);
    FieldElement acc = FieldElement.ZERO;
    for (int j = 0; j < parties.length; j++) {
      acc = acc.add(l[j].multiply(shares[j]));
    }
    return acc;
  }
}
