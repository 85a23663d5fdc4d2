package io.parley.zk.sharing;

import io.parley.zk.field.FieldElement;

/**
 * The parity-check matrix H of the degree-d Reed-Solomon code on the points 1..n: H c = 0 exactly
 * for the evaluation vectors c of polynomials of degree at most d. Row k, column i is v_i x_i^k
 * with v_i = 1 / prod_{j != i} (x_i - x_j) (the dual code is a generalised Reed-Solomon code). Used
 * to check that reshared products form a degree-2t codeword (Damgard-Nielsen 2007 style).
 */
public final class ParityCheck {
  private ParityCheck() {}

  public static FieldElement[][] matrix(int parties, int degree) {
    int rowsCount = parties - degree - 1;
    FieldElement[] v = new FieldElement[parties];
    for (int i = 0; i < parties; i++) {
      FieldElement product = FieldElement.ONE;
      for (int j = 0; j < parties; j++) {
        if (j != i) {
          product = product.multiply(Shamir.point(i).subtract(Shamir.point(j)));
        }
      }
      v[i] = product.inverse();
    }
    FieldElement[][] h = new FieldElement[rowsCount][parties];
    for (int i = 0; i < parties; i++) {
      FieldElement power = v[i];
      for (int k = 0; k < rowsCount; k++) {
        h[k][i] = power;
        power = power.multiply(Shamir.point(i));
      }
    }
    return h;
  }
}
