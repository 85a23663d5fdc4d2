package io.parley.zk.recovery;

import io.parley.zk.computation.ShareVector;
import io.parley.zk.field.FieldElement;
import io.parley.zk.sharing.Shamir;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The arithmetic of Shamir seat recovery (mpc-network.md section 7.1). */
final class ShamirRecovery {
  private ShamirRecovery() {}

  /**
   * R(x_m) = (x_m - x_seat) Q(x_m) for every value, Q's coefficients (constant first) given per
   * value.
   */
  static FieldElement[] maskAt(FieldElement[][] q, int seat, int m) {
    FieldElement x = Shamir.point(m);
    FieldElement factor = x.subtract(Shamir.point(seat));
    FieldElement[] out = new FieldElement[q.length];
    for (int e = 0; e < q.length; e++) {
      FieldElement acc = FieldElement.ZERO;
      for (int c = q[e].length - 1; c >= 0; c--) {
        acc = acc.multiply(x).add(q[e][c]);
      }
      out[e] = factor.multiply(acc);
    }
    return out;
  }

  /**
   * The seat's shares from the holders' g(x_m): interpolated at x_seat from the first t + 1
   * holders, with every other holder's value checked against the same polynomial; empty when one is
   * off it.
   */
  static Optional<ShareVector> interpolate(Object[] received, int seat, int t, int length) {
    List<Integer> holders = new ArrayList<>();
    for (int m = 0; m < received.length; m++) {
      if (m != seat) {
        holders.add(m);
      }
    }
    int[] basis = holders.subList(0, t + 1).stream().mapToInt(Integer::intValue).toArray();
    FieldElement[] atSeat = Shamir.lagrangeCoefficients(basis, Shamir.point(seat));
    List<Integer> checked = holders.subList(t + 1, holders.size());
    FieldElement[][] atChecked = new FieldElement[checked.size()][];
    for (int c = 0; c < checked.size(); c++) {
      atChecked[c] = Shamir.lagrangeCoefficients(basis, Shamir.point(checked.get(c)));
    }
    FieldElement[] out = new FieldElement[length];
    FieldElement[] column = new FieldElement[basis.length];
    for (int e = 0; e < length; e++) {
      for (int b = 0; b < basis.length; b++) {
        column[b] = ((FieldElement[]) received[basis[b]])[e];
      }
      out[e] = combine(atSeat, column);
      for (int c = 0; c < checked.size(); c++) {
        FieldElement expected = combine(atChecked[c], column);
        if (!expected.equals(((FieldElement[]) received[checked.get(c)])[e])) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(new ShareVector.Field(out));
  }

  private static FieldElement combine(FieldElement[] coefficients, FieldElement[] values) {
    FieldElement acc = FieldElement.ZERO;
    for (int i = 0; i < values.length; i++) {
      acc = acc.add(coefficients[i].multiply(values[i]));
    }
    return acc;
  }
}
