package io.parley.zk.rep4;

import java.util.ArrayList;
import java.util.List;

/**
 * Full bit decomposition on rep4: the bits [0, bits) of x mod 2^bits (two's complement low bits of
 * the ring value) as arithmetic 0/1 sharings over Z_2^64. The four locally split components are
 * added with two carry-save layers (as in {@link Rep4Comparisons}), then every carry is computed by
 * a Kogge-Stone prefix over (generate, propagate) in ceil(log2(bits-1)) AND rounds, and the sum
 * bits are converted to arithmetic with {@link Rep4Comparisons#bitToArithmetic} (2 rounds).
 */
public final class Rep4BitDecomposition {
  private Rep4BitDecomposition() {}

  /** Element b of the result holds bit b of every element of x (each a sharing of x.length()). */
  public static Rep4Program<List<Shares>> bits(Shares x, int bits) {
    if (bits < 2 || bits > 64) {
      throw new IllegalArgumentException("bits must be in [2, 64], got " + bits);
    }
    if (x.length() > maxElements(bits)) {
      throw new IllegalArgumentException(
          "decomposition of " + x.length() + " values exceeds " + maxElements(bits));
    }
    int n = x.length();
    int words = (n + 63) >>> 6;
    return Rep4Comparisons.sum(x.bitDecomposeComponents(bits), bits, words)
        .then(
            sc -> {
              Shares s = sc[0];
              Shares c = sc[1];
              int low = bits - 1;
              Shares p = s.xor(c);
              return Rep4Program.and(s.slices(0, low, words), c.slices(0, low, words))
                  .then(
                      g ->
                          prefix(
                              split(g, low, words), split(p.slices(0, low, words), low, words), 1))
                  .then(
                      carries -> {
                        List<Shares> sum = new ArrayList<>();
                        sum.add(p.slices(0, 1, words));
                        for (int i = 1; i < bits; i++) {
                          sum.add(p.slices(i, i + 1, words).xor(carries.get(i - 1)));
                        }
                        return Rep4Comparisons.bitToArithmetic(dense(sum, n), bits * n)
                            .map(
                                a -> {
                                  List<Shares> out = new ArrayList<>();
                                  for (int i = 0; i < bits; i++) {
                                    out.add(a.slice(i * n, (i + 1) * n));
                                  }
                                  return out;
                                });
                      });
            });
  }

  /**
   * Kogge-Stone: after the level with distance d, g.get(i) is the generate of positions [max(0,
   * i-2d+1), i]; at the end g.get(i) is the carry out of position i.
   */
  private static Rep4Program<List<Shares>> prefix(List<Shares> g, List<Shares> p, int d) {
    int count = g.size();
    if (d >= count) {
      return Rep4Program.done(g);
    }
    List<Shares> left = new ArrayList<>();
    List<Shares> right = new ArrayList<>();
    for (int i = d; i < count; i++) {
      left.add(p.get(i));
      right.add(g.get(i - d));
    }
    for (int i = d; i < count; i++) {
      left.add(p.get(i));
      right.add(p.get(i - d));
    }
    int words = g.get(0).length();
    int pairs = count - d;
    return Rep4Program.and(concat(left), concat(right))
        .then(
            t -> {
              List<Shares> ng = new ArrayList<>(g);
              List<Shares> np = new ArrayList<>(p);
              for (int k = 0; k < pairs; k++) {
                int i = d + k;
                ng.set(i, g.get(i).xor(t.slice(k * words, (k + 1) * words)));
                np.set(i, t.slice((pairs + k) * words, (pairs + k + 1) * words));
              }
              return prefix(ng, np, 2 * d);
            });
  }

  /**
   * Largest vector {@link #bits} accepts for a given bit length (its widest round stays in bounds).
   */
  public static int maxElements(int bits) {
    return Math.max(1, Rep4Context.MAX_ELEMENTS / (2 * bits));
  }

  /**
   * Packs bit-sliced sharings of n elements each (slice i, words ceil(n/64)) densely: bit i*n + e
   * of the result is bit e of slice i, so the bit-to-arithmetic conversion carries no padding.
   */
  static Shares dense(List<Shares> slices, int n) {
    int self = slices.get(0).self();
    int total = slices.size() * n;
    long[][] c = new long[4][];
    for (int m = 0; m < 4; m++) {
      if (m == self) {
        continue;
      }
      c[m] = new long[(total + 63) >>> 6];
      for (int i = 0; i < slices.size(); i++) {
        long[] words = slices.get(i).component(m);
        for (int e = 0; e < n; e++) {
          long bit = (words[e >>> 6] >>> (e & 63)) & 1L;
          int f = i * n + e;
          c[m][f >>> 6] |= bit << (f & 63);
        }
      }
    }
    return new Shares(self, c);
  }

  private static List<Shares> split(Shares s, int slices, int words) {
    List<Shares> out = new ArrayList<>();
    for (int b = 0; b < slices; b++) {
      out.add(s.slices(b, b + 1, words));
    }
    return out;
  }

  private static Shares concat(List<Shares> parts) {
    return Shares.concat(parts.toArray(new Shares[0]));
  }
}
