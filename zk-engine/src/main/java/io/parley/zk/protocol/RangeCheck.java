package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks exactly that values dealt by users lie in their declared ranges: value e must satisfy y_e
 * = x_e - lo_e in [0, 2^w_e) as an integer, whatever field element the wallet dealt. The masked
 * remainders of Catrina and de Hoogh hide only values already in range, so they alone prove nothing
 * about a malicious dealer's value; but their output z = y mod 2^w is built from public low bits
 * and shared random bits (z = low - r + 2^w [low < r]), so it lies in [0, 2^w) for any y, and y - z
 * = 0 in the field exactly when y was in range. After the remainders, a fresh random rho is opened
 * and then u = sum_e rho^(e+1) (y_e - z_e): zero for honest inputs (so it reveals nothing), nonzero
 * except with probability count/p when any value is out of range.
 *
 * <p>Run after the consistency check ({@link InputCheck}): every dealt sharing is then of degree t,
 * so the session attributes wrong shares to their senders, while a value out of range (u != 0) is
 * the wallet's doing and blames nobody. Costs one remainder per value (1 + ceil(log2 w) rounds, all
 * widths side by side) and two openings more.
 */
public final class RangeCheck {
  /** Random values the final combination consumes. */
  public static final int RANDOMS = 1;

  /** The declared range of one value: [lo, lo + 2^width). */
  public record Range(BigInteger lo, int width) {
    public Range {
      if (width < 1 || width > 64) {
        throw new IllegalArgumentException("range width must be 1..64, got " + width);
      }
    }
  }

  private RangeCheck() {}

  /** True when every value is in its range; false when one is not (a wallet dealt it). */
  public static Program<Boolean> program(
      SecureArithmetic arithmetic, FieldElement[] values, Range[] ranges) {
    if (values.length != ranges.length) {
      throw new IllegalArgumentException(values.length + " values, " + ranges.length + " ranges");
    }
    FieldElement[] shifted = new FieldElement[values.length];
    Map<Integer, List<Integer>> byWidth = new LinkedHashMap<>();
    for (int e = 0; e < values.length; e++) {
      shifted[e] = values[e].subtract(FieldElement.of(ranges[e].lo()));
      byWidth.computeIfAbsent(ranges[e].width(), w -> new ArrayList<>()).add(e);
    }
    Comparisons comparisons = new Comparisons(arithmetic);
    List<Program<FieldElement[]>> remainders = new ArrayList<>();
    List<List<Integer>> groups = new ArrayList<>(byWidth.values());
    List<Integer> widths = new ArrayList<>(byWidth.keySet());
    for (int g = 0; g < groups.size(); g++) {
      List<Integer> members = groups.get(g);
      FieldElement[] y = new FieldElement[members.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = shifted[members.get(i)];
      }
      int w = widths.get(g);
      remainders.add(comparisons.mod2m(y, w + 1, w));
    }
    FieldElement[] randoms = arithmetic.context().preprocessing().randoms(RANDOMS);
    return Program.all(remainders)
        .then(
            z -> {
              FieldElement[] differences = new FieldElement[values.length];
              for (int g = 0; g < groups.size(); g++) {
                List<Integer> members = groups.get(g);
                for (int i = 0; i < members.size(); i++) {
                  int e = members.get(i);
                  differences[e] = shifted[e].subtract(z.get(g)[i]);
                }
              }
              return arithmetic
                  .open(new FieldElement[] {randoms[0]})
                  .then(
                      rho ->
                          arithmetic.open(
                              new FieldElement[] {FieldElement.hornerSum(differences, rho[0])}));
            })
        .map(u -> u[0].equals(FieldElement.ZERO));
  }

  /** Whether {@code v} lies in {@code r} (the plain meaning of the check). */
  public static boolean contains(Range r, BigInteger v) {
    BigInteger y = v.subtract(r.lo());
    return y.signum() >= 0 && y.bitLength() <= r.width();
  }
}
