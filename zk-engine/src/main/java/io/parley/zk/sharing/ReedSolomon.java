package io.parley.zk.sharing;

import io.parley.zk.field.FieldElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decoding of degree-d Shamir sharings held by n parties as Reed-Solomon codewords (McEliece and
 * Sarwate 1981): a degree-d opening has minimum distance n - d, so with n = 3t+1 and d = t up to t
 * wrong shares are corrected and their senders located. Error location uses the Berlekamp-Welch
 * algorithm (US patent 4,633,470, 1986); a fast path first checks the word against the polynomial
 * through the first d+1 shares.
 */
public final class ReedSolomon {
  private final int parties;
  private final int degree;
  private final int maxErrors;
  private final FieldElement[] lagrangeAtZero;
  private final FieldElement[][] extension;
  // the same coefficients as small signed integers (they are for the points 1..n), or null
  private final long[] smallLagrangeAtZero;
  private final long[][] smallExtension;

  public ReedSolomon(int parties, int degree) {
    if (degree < 0 || degree >= parties) {
      throw new IllegalArgumentException("need 0 <= degree < parties");
    }
    this.parties = parties;
    this.degree = degree;
    this.maxErrors = (parties - degree - 1) / 2;
    int[] base = new int[degree + 1];
    for (int i = 0; i <= degree; i++) {
      base[i] = i;
    }
    this.lagrangeAtZero = Shamir.lagrangeCoefficients(base, FieldElement.ZERO);
    this.extension = new FieldElement[parties - degree - 1][];
    for (int j = degree + 1; j < parties; j++) {
      extension[j - degree - 1] = Shamir.lagrangeCoefficients(base, Shamir.point(j));
    }
    long[][] small = new long[extension.length][];
    boolean allSmall = true;
    for (int j = 0; j < extension.length && allSmall; j++) {
      small[j] = small(extension[j]);
      allSmall = small[j] != null;
    }
    this.smallExtension = allSmall ? small : null;
    this.smallLagrangeAtZero = small(lagrangeAtZero);
  }

  /** The coefficients as small signed integers, or null if one of them is not small. */
  static long[] small(FieldElement[] coefficients) {
    long[] out = new long[coefficients.length];
    for (int i = 0; i < coefficients.length; i++) {
      java.util.OptionalLong v = coefficients[i].smallValue();
      if (v.isEmpty()) {
        return null;
      }
      out[i] = v.getAsLong();
    }
    return out;
  }

  public int parties() {
    return parties;
  }

  public int degree() {
    return degree;
  }

  /** The number of wrong shares this decoder corrects: floor((n - d - 1) / 2). */
  public int maxErrors() {
    return maxErrors;
  }

  /** True when the n shares lie on one polynomial of degree at most d. */
  public boolean isCodeword(FieldElement[] shares) {
    if (smallExtension != null) {
      for (int j = 0; j < smallExtension.length; j++) {
        if (!FieldElement.linearCombination(smallExtension[j], shares)
            .equals(shares[degree + 1 + j])) {
          return false;
        }
      }
      return true;
    }
    for (int j = 0; j < extension.length; j++) {
      if (!combine(extension[j], shares).equals(shares[degree + 1 + j])) {
        return false;
      }
    }
    return true;
  }

  /** f(0) from the first d+1 shares, trusting them. */
  public FieldElement interpolateZero(FieldElement[] shares) {
    if (smallLagrangeAtZero != null) {
      return FieldElement.linearCombination(smallLagrangeAtZero, shares);
    }
    return combine(lagrangeAtZero, shares);
  }

  /** Decodes a word of n shares; empty if it is more than maxErrors away from every codeword. */
  public Optional<Decoding> decode(FieldElement[] shares) {
    if (shares.length != parties) {
      throw new IllegalArgumentException("expected " + parties + " shares, got " + shares.length);
    }
    if (isCodeword(shares)) {
      return Optional.of(new Decoding(interpolateZero(shares), List.of()));
    }
    return berlekampWelch(shares);
  }

  private Optional<Decoding> berlekampWelch(FieldElement[] y) {
    int e = maxErrors;
    if (e == 0) {
      return Optional.empty();
    }
    // Unknowns: E_0..E_{e-1} (E monic of degree e), Q_0..Q_{d+e}.
    int qTerms = degree + e + 1;
    int unknowns = e + qTerms;
    FieldElement[][] rows = new FieldElement[parties][unknowns + 1];
    for (int i = 0; i < parties; i++) {
      FieldElement x = Shamir.point(i);
      FieldElement power = FieldElement.ONE;
      for (int k = 0; k < e; k++) {
        rows[i][k] = y[i].multiply(power).negate();
        power = power.multiply(x);
      }
      // power == x^e now: right-hand side y_i x^e
      rows[i][unknowns] = y[i].multiply(power);
      FieldElement qPower = FieldElement.ONE;
      for (int k = 0; k < qTerms; k++) {
        rows[i][e + k] = qPower;
        qPower = qPower.multiply(x);
      }
    }
    Optional<FieldElement[]> solution = LinearSystem.solve(rows, unknowns);
    if (solution.isEmpty()) {
      return Optional.empty();
    }
    FieldElement[] s = solution.get();
    FieldElement[] eCoefficients = Arrays.copyOf(s, e + 1);
    eCoefficients[e] = FieldElement.ONE;
    Polynomial locator = new Polynomial(eCoefficients);
    Polynomial q = new Polynomial(Arrays.copyOfRange(s, e, unknowns));
    Polynomial[] division = q.divide(locator);
    if (division[1].degree() >= 0 || division[0].degree() > degree) {
      return Optional.empty();
    }
    Polynomial f = division[0];
    List<Integer> wrong = new ArrayList<>();
    for (int i = 0; i < parties; i++) {
      if (!f.evaluate(i + 1L).equals(y[i])) {
        wrong.add(i);
      }
    }
    if (wrong.size() > e) {
      return Optional.empty();
    }
    return Optional.of(new Decoding(f.coefficient(0), wrong));
  }

  private static FieldElement combine(FieldElement[] coefficients, FieldElement[] shares) {
    FieldElement acc = FieldElement.ZERO;
    for (int i = 0; i < coefficients.length; i++) {
      acc = acc.add(coefficients[i].multiply(shares[i]));
    }
    return acc;
  }
}
