package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Log-depth circuits on shared bits with public operands: the carry-tree less-than of a public and
 * a shared bit vector (Catrina and de Hoogh, SCN 2010, section 4 "BitLT"), the AND of many bits,
 * and a Sklansky parallel-prefix subtraction (Sklansky 1960) for bit decomposition. Bit vectors are
 * least significant bit first.
 */
public final class BitCircuits {
  private BitCircuits() {}

  static boolean bit(BigInteger value, int i) {
    return value.testBit(i);
  }

  /** Shares of [c_i < r_i] for public c_i and shared bits r_i[0..m-1]. */
  public static Program<FieldElement[]> lessThan(
      SecureArithmetic arithmetic, BigInteger[] c, FieldElement[][] r) {
    int count = c.length;
    List<List<FieldElement[]>> segments = new ArrayList<>(count);
    for (int e = 0; e < count; e++) {
      List<FieldElement[]> list = new ArrayList<>();
      for (int i = 0; i < r[e].length; i++) {
        FieldElement ri = r[e][i];
        boolean ci = bit(c[e], i);
        // greater-at-bit (r_i = 1, c_i = 0) and equal-at-bit, both linear in r_i
        FieldElement greater = ci ? FieldElement.ZERO : ri;
        FieldElement equal = ci ? ri : FieldElement.ONE.subtract(ri);
        list.add(new FieldElement[] {greater, equal});
      }
      segments.add(list);
    }
    return reduceCarries(arithmetic, segments)
        .map(
            result -> {
              FieldElement[] out = new FieldElement[count];
              for (int e = 0; e < count; e++) {
                out[e] = result.get(e).isEmpty() ? FieldElement.ZERO : result.get(e).get(0)[0];
              }
              return out;
            });
  }

  /**
   * Pairs (low, high) combine as (G_h + E_h G_l, E_h E_l) until one segment remains. The lowest
   * segment of a vector is never the high part of a later pair and only its G is output, so its E
   * is not computed (one product fewer per level: 57 instead of 62 for 32 bits); it is null.
   */
  private static Program<List<List<FieldElement[]>>> reduceCarries(
      SecureArithmetic arithmetic, List<List<FieldElement[]>> segments) {
    List<FieldElement> xs = new ArrayList<>();
    List<FieldElement> ys = new ArrayList<>();
    for (List<FieldElement[]> list : segments) {
      for (int j = 0; j + 1 < list.size(); j += 2) {
        FieldElement[] low = list.get(j);
        FieldElement[] high = list.get(j + 1);
        xs.add(high[1]);
        ys.add(low[0]);
        if (j > 0) {
          xs.add(high[1]);
          ys.add(low[1]);
        }
      }
    }
    if (xs.isEmpty()) {
      return Program.done(segments);
    }
    return arithmetic
        .multiply(xs.toArray(FieldElement[]::new), ys.toArray(FieldElement[]::new))
        .then(
            products -> {
              int at = 0;
              List<List<FieldElement[]>> next = new ArrayList<>(segments.size());
              for (List<FieldElement[]> list : segments) {
                List<FieldElement[]> reduced = new ArrayList<>((list.size() + 1) / 2);
                for (int j = 0; j + 1 < list.size(); j += 2) {
                  FieldElement g = list.get(j + 1)[0].add(products[at++]);
                  FieldElement e = j > 0 ? products[at++] : null;
                  reduced.add(new FieldElement[] {g, e});
                }
                if (list.size() % 2 == 1) {
                  reduced.add(list.get(list.size() - 1));
                }
                next.add(reduced);
              }
              return reduceCarries(arithmetic, next);
            });
  }

  /** Shares of the product (AND) of each row of shared bits; an empty row gives 1. */
  public static Program<FieldElement[]> and(SecureArithmetic arithmetic, FieldElement[][] rows) {
    List<FieldElement> xs = new ArrayList<>();
    List<FieldElement> ys = new ArrayList<>();
    boolean finished = true;
    for (FieldElement[] row : rows) {
      for (int j = 0; j + 1 < row.length; j += 2) {
        xs.add(row[j]);
        ys.add(row[j + 1]);
      }
      finished &= row.length <= 1;
    }
    if (finished) {
      FieldElement[] out = new FieldElement[rows.length];
      for (int i = 0; i < rows.length; i++) {
        out[i] = rows[i].length == 0 ? FieldElement.ONE : rows[i][0];
      }
      return Program.done(out);
    }
    return arithmetic
        .multiply(xs.toArray(FieldElement[]::new), ys.toArray(FieldElement[]::new))
        .then(
            products -> {
              FieldElement[][] next = new FieldElement[rows.length][];
              int at = 0;
              for (int i = 0; i < rows.length; i++) {
                FieldElement[] row = rows[i];
                FieldElement[] reduced = new FieldElement[(row.length + 1) / 2];
                for (int j = 0; j + 1 < row.length; j += 2) {
                  reduced[j / 2] = products[at++];
                }
                if (row.length % 2 == 1) {
                  reduced[reduced.length - 1] = row[row.length - 1];
                }
                next[i] = reduced;
              }
              return and(arithmetic, next);
            });
  }

  /**
   * Bits of (x - r) mod 2^w for public x and shared bits r[0..w-1], computed as x + not(r) + 1 with
   * a Sklansky parallel-prefix carry chain: ceil(log2 w) + 1 rounds.
   */
  public static Program<FieldElement[][]> subtractBits(
      SecureArithmetic arithmetic, BigInteger[] x, FieldElement[][] r, int w) {
    int count = x.length;
    FieldElement[][] generate = new FieldElement[count][w];
    FieldElement[][] propagate = new FieldElement[count][w];
    for (int e = 0; e < count; e++) {
      for (int i = 0; i < w; i++) {
        FieldElement y = FieldElement.ONE.subtract(r[e][i]);
        boolean xi = bit(x[e], i);
        generate[e][i] = xi ? y : FieldElement.ZERO;
        propagate[e][i] = xi ? FieldElement.ONE.subtract(y) : y;
      }
    }
    // Prefix element 0 absorbs the carry-in 1: (g_0 + p_0, 0).
    FieldElement[][] prefixG = new FieldElement[count][];
    FieldElement[][] prefixP = new FieldElement[count][];
    for (int e = 0; e < count; e++) {
      prefixG[e] = generate[e].clone();
      prefixP[e] = propagate[e].clone();
      prefixG[e][0] = generate[e][0].add(propagate[e][0]);
      prefixP[e][0] = FieldElement.ZERO;
    }
    return prefix(arithmetic, prefixG, prefixP, w, 0)
        .then(
            carriesOut -> {
              // carry into bit i is the prefix generate over [0, i-1]; carry into bit 0 is 1.
              FieldElement[] xs = new FieldElement[count * w];
              FieldElement[] ys = new FieldElement[count * w];
              for (int e = 0; e < count; e++) {
                for (int i = 0; i < w; i++) {
                  xs[e * w + i] = propagate[e][i];
                  ys[e * w + i] = i == 0 ? FieldElement.ONE : carriesOut[e][i - 1];
                }
              }
              return arithmetic
                  .multiply(xs, ys)
                  .map(
                      products -> {
                        FieldElement[][] bits = new FieldElement[count][w];
                        for (int e = 0; e < count; e++) {
                          for (int i = 0; i < w; i++) {
                            int at = e * w + i;
                            // p xor c = p + c - 2 p c
                            bits[e][i] =
                                xs[at]
                                    .add(ys[at])
                                    .subtract(products[at].multiply(FieldElement.TWO));
                          }
                        }
                        return bits;
                      });
            });
  }

  private static Program<FieldElement[][]> prefix(
      SecureArithmetic arithmetic, FieldElement[][] g, FieldElement[][] p, int w, int level) {
    int half = 1 << level;
    if (half >= w) {
      return Program.done(g);
    }
    // (element, position, source, index of the G product, index of the P product or -1). A
    // source block that starts at bit 0 has P = 0 (element 0 absorbed the carry-in), so the P of
    // the combined block is 0 without a product: 31 of 160 products fewer for 32 bits.
    List<int[]> pairs = new ArrayList<>();
    int count = 0;
    for (int e = 0; e < g.length; e++) {
      for (int i = 0; i < w; i++) {
        if ((i & half) != 0) {
          int source = ((i >> level) << level) - 1;
          boolean fromZero = (i >> (level + 1)) == 0;
          pairs.add(new int[] {e, i, source, count, fromZero ? -1 : count + 1});
          count += fromZero ? 1 : 2;
        }
      }
    }
    FieldElement[] xs = new FieldElement[count];
    FieldElement[] ys = new FieldElement[count];
    for (int[] q : pairs) {
      xs[q[3]] = p[q[0]][q[1]];
      ys[q[3]] = g[q[0]][q[2]];
      if (q[4] >= 0) {
        xs[q[4]] = p[q[0]][q[1]];
        ys[q[4]] = p[q[0]][q[2]];
      }
    }
    return arithmetic
        .multiply(xs, ys)
        .then(
            products -> {
              FieldElement[][] ng = new FieldElement[g.length][];
              FieldElement[][] np = new FieldElement[p.length][];
              for (int e = 0; e < g.length; e++) {
                ng[e] = g[e].clone();
                np[e] = p[e].clone();
              }
              for (int[] q : pairs) {
                ng[q[0]][q[1]] = g[q[0]][q[1]].add(products[q[3]]);
                np[q[0]][q[1]] = q[4] >= 0 ? products[q[4]] : FieldElement.ZERO;
              }
              return prefix(arithmetic, ng, np, w, level + 1);
            });
  }
}
