package io.parley.contracts.examples;

import java.util.List;

/**
 * What examples/PayGap.par reveals, computed in the clear: publicly whether both groups reach the
 * minimum size, and then whether the gap is within the threshold, which group is paid more and the
 * gap in basis points; privately to the certifier the two averages (zeros when a group is too
 * small).
 */
public record PayGapReference(
    boolean enough,
    boolean within,
    boolean menPaidMore,
    long basisPoints,
    long averageWomen,
    long averageMen) {

  /** One employee's secret input. */
  public record Employee(long salary, boolean woman) {}

  /**
   * Averages rounded down; the gap relative to the higher average, in basis points rounded down;
   * within when {@code gap * 10000 <= threshold * higher}, exactly (not on the rounded gap).
   */
  public static PayGapReference of(List<Employee> staff, int threshold, int minimum) {
    long women = 0;
    long men = 0;
    long nWomen = 0;
    long nMen = 0;
    for (Employee e : staff) {
      if (e.woman()) {
        women += e.salary();
        nWomen++;
      } else {
        men += e.salary();
        nMen++;
      }
    }
    if (nWomen < minimum || nMen < minimum) {
      return new PayGapReference(false, false, false, 0, 0, 0);
    }
    long a = women * nMen;
    long b = men * nWomen;
    long high = Math.max(a, b);
    long difference = Math.abs(a - b);
    return new PayGapReference(
        true,
        difference * 10_000 <= high * threshold,
        a < b,
        difference * 10_000 / high,
        women / nWomen,
        men / nMen);
  }
}
