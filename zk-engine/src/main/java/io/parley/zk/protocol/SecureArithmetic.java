package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;
import java.util.Arrays;

/**
 * Multiplication of shared vectors with Beaver triples (Beaver, CRYPTO 1991): open e = x - a and f
 * = y - b (degree-t openings, Reed-Solomon checked by the driver), then locally z = c + e b + f a +
 * e f. One round and one triple per product, whatever the batch size.
 */
public final class SecureArithmetic {
  private final OnlineContext context;

  public SecureArithmetic(OnlineContext context) {
    this.context = context;
  }

  public OnlineContext context() {
    return context;
  }

  public Program<FieldElement[]> multiply(FieldElement[] x, FieldElement[] y) {
    int m = x.length;
    if (y.length != m) {
      throw new IllegalArgumentException("operand lengths differ: " + m + " and " + y.length);
    }
    if (m == 0) {
      return Program.done(new FieldElement[0]);
    }
    Preprocessing.Triples t = context.preprocessing().triples(m);
    FieldElement[] masked = Vectors.concat(Vectors.subtract(x, t.a()), Vectors.subtract(y, t.b()));
    return Program.open(masked)
        .map(
            opened -> {
              FieldElement[] z = new FieldElement[m];
              for (int i = 0; i < m; i++) {
                FieldElement e = opened[i];
                FieldElement f = opened[m + i];
                z[i] = FieldElement.beaver(t.c()[i], e, f, t.a()[i], t.b()[i]);
              }
              return z;
            });
  }

  /** Inner products of k-length rows: sum_j x[i][j] * y[i][j], one round for all rows. */
  public Program<FieldElement[]> innerProducts(FieldElement[][] x, FieldElement[][] y) {
    int total = 0;
    for (FieldElement[] row : x) {
      total += row.length;
    }
    FieldElement[] flatX = new FieldElement[total];
    FieldElement[] flatY = new FieldElement[total];
    int at = 0;
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], 0, flatX, at, x[i].length);
      System.arraycopy(y[i], 0, flatY, at, y[i].length);
      at += x[i].length;
    }
    return multiply(flatX, flatY)
        .map(
            products -> {
              FieldElement[] out = new FieldElement[x.length];
              int position = 0;
              for (int i = 0; i < x.length; i++) {
                FieldElement acc = FieldElement.ZERO;
                for (int j = 0; j < x[i].length; j++) {
                  acc = acc.add(products[position++]);
                }
                out[i] = acc;
              }
              return out;
            });
  }

  /** Oblivious selection s ? a : b = b + s (a - b) for shared bits s. */
  public Program<FieldElement[]> select(FieldElement[] s, FieldElement[] a, FieldElement[] b) {
    return multiply(s, Vectors.subtract(a, b)).map(d -> Vectors.add(b, d));
  }

  /** Opens shared values to every party. */
  public Program<FieldElement[]> open(FieldElement[] shares) {
    return Program.open(Arrays.copyOf(shares, shares.length));
  }
}
