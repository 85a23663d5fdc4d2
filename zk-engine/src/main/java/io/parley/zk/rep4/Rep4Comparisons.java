package io.parley.zk.rep4;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Comparisons on rep4 sharings, all through local arithmetic-to-binary splitting: component x_m is
 * known to every party except m, so it is a binary sharing with one non-zero component at zero
 * cost. The four bit-sliced numbers are added with two carry-save layers, then either the carry
 * into the top bit is computed by a log-depth (G, P) tree (less-than) or the sum is tested for zero
 * without carry propagation (equality: s + c = 0 iff s_0 = c_0 and s_i ^ c_i = s_{i-1} | c_{i-1}).
 * The result bit is converted to Z_2^64 by XOR-ing the four locally known bit components with a ^ b
 * = a + b - 2ab (3 multiplications, 2 rounds).
 */
public final class Rep4Comparisons {
  private Rep4Comparisons() {}

  /** [x < y] as a 0/1 sharing over Z_2^64, for |x - y| < 2^(bits-1), 2 <= bits <= 64. */
  public static Rep4Program<Shares> lessThan(Shares x, Shares y, int bits) {
    int low = bits - 1;
    return difference(x, y, bits)
        .then(
            d -> {
              Shares p = d.s().slices(0, low, d.words()).xor(d.c().slices(0, low, d.words()));
              return carry(split(d.g(), low, d.words()), split(p, low, d.words()))
                  .then(
                      carry -> {
                        Shares top =
                            d.s()
                                .slices(low, bits, d.words())
                                .xor(d.c().slices(low, bits, d.words()))
                                .xor(carry);
                        return bitToArithmetic(top, x.length());
                      });
            });
  }

  /**
   * [x < y] for x and y read as unsigned 64-bit words (any two residues), where the difference may
   * need 65 bits: one 64-bit less-than takes the top bits s of x, t of y and u of x - y together,
   * then [x < y] = t where s != t, u where s = t, that is t + (1 - s - t + 2st)(u - t): two
   * multiplication rounds after the less-than.
   */
  public static Rep4Program<Shares> lessThanUnsigned(Shares x, Shares y) {
    int n = x.length();
    Shares zero = Shares.zeros(x.self(), n);
    return lessThan(Shares.concat(x, y, x), Shares.concat(zero, zero, y), 64)
        .then(
            top -> {
              Shares s = top.slice(0, n);
              Shares t = top.slice(n, 2 * n);
              Shares u = top.slice(2 * n, 3 * n);
              return Rep4Program.multiply(s, t)
                  .then(
                      st -> {
                        long[] one = new long[n];
                        Arrays.fill(one, 1L);
                        Shares same =
                            Shares.constant(x.self(), one)
                                .subtract(s)
                                .subtract(t)
                                .add(st.multiplyPublic(2));
                        return Rep4Program.multiply(same, u.subtract(t)).map(t::add);
                      });
            });
  }

  /** [x == y] as a 0/1 sharing over Z_2^64, for |x - y| < 2^(bits-1) (bits = 64: any x, y). */
  public static Rep4Program<Shares> equal(Shares x, Shares y, int bits) {
    int low = bits - 1;
    return difference(x, y, bits)
        .then(
            d -> {
              int words = d.words();
              Shares sx = d.s().xor(d.c());
              List<Shares> e = new ArrayList<>();
              e.add(sx.slices(0, 1, words).not());
              Shares or = sx.slices(0, low, words).xor(d.g());
              for (int i = 1; i < bits; i++) {
                e.add(sx.slices(i, i + 1, words).xor(or.slices(i - 1, i, words)).not());
              }
              return andAll(e);
            })
        .then(bit -> bitToArithmetic(bit, x.length()));
  }

  /**
   * x - y mod 2^bits in carry-save form s + c (bit-sliced binary sharings of {@code words} words
   * per slice), and g = s AND c on the low bits - 1 slices: what less-than and equality share.
   */
  private record Difference(Shares s, Shares c, Shares g, int words) {}

  private static Rep4Program<Difference> difference(Shares x, Shares y, int bits) {
    checkBits(bits);
    int words = words(x.length());
    Shares[] a = x.subtract(y).bitDecomposeComponents(bits);
    int low = bits - 1;
    return sum(a, bits, words)
        .then(
            sc ->
                Rep4Program.and(sc[0].slices(0, low, words), sc[1].slices(0, low, words))
                    .map(g -> new Difference(sc[0], sc[1], g, words)));
  }

  /** Arithmetic 0/1 sharing of a bit-sliced binary sharing of n bits. */
  public static Rep4Program<Shares> bitToArithmetic(Shares bit, int n) {
    Shares[] b = bit.bitComponentsAsIntegers(n);
    return Rep4Program.multiply(Shares.concat(b[0], b[2]), Shares.concat(b[1], b[3]))
        .then(
            prod -> {
              Shares u = b[0].add(b[1]).subtract(prod.slice(0, n).multiplyPublic(2));
              Shares v = b[2].add(b[3]).subtract(prod.slice(n, 2 * n).multiplyPublic(2));
              return Rep4Program.multiply(u, v).map(w -> u.add(v).subtract(w.multiplyPublic(2)));
            });
  }

  /** Two carry-save layers: four numbers to (s, c) with s + c = their sum mod 2^bits. */
  static Rep4Program<Shares[]> sum(Shares[] a, int bits, int words) {
    return carrySave(a[0], a[1], a[2], bits, words)
        .then(sc -> carrySave(sc[0], sc[1], a[3], bits, words));
  }

  /** s = a^b^c, carry = 2 * maj(a, b, c) with maj = ((a^c) & (b^c)) ^ c; one AND round. */
  private static Rep4Program<Shares[]> carrySave(
      Shares a, Shares b, Shares c, int bits, int words) {
    int low = bits - 1;
    Shares ac = a.xor(c);
    Shares bc = b.xor(c);
    return Rep4Program.and(ac.slices(0, low, words), bc.slices(0, low, words))
        .map(
            t -> {
              Shares maj = t.xor(c.slices(0, low, words));
              Shares carry = Shares.concat(Shares.zeros(a.self(), words), maj);
              return new Shares[] {ac.xor(b), carry};
            });
  }

  /** Carry out of the top position of generate/propagate slices g[0..L), p[0..L). */
  private static Rep4Program<Shares> carry(List<Shares> g, List<Shares> p) {
    if (g.size() == 1) {
      return Rep4Program.done(g.get(0));
    }
    int pairs = g.size() / 2;
    List<Shares> left = new ArrayList<>();
    List<Shares> right = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      left.add(p.get(2 * i + 1));
      right.add(g.get(2 * i));
    }
    for (int i = 0; i < pairs; i++) {
      left.add(p.get(2 * i + 1));
      right.add(p.get(2 * i));
    }
    int words = g.get(0).length();
    return Rep4Program.and(concat(left), concat(right))
        .then(
            t -> {
              List<Shares> ng = new ArrayList<>();
              List<Shares> np = new ArrayList<>();
              for (int i = 0; i < pairs; i++) {
                ng.add(g.get(2 * i + 1).xor(t.slice(i * words, (i + 1) * words)));
                np.add(t.slice((pairs + i) * words, (pairs + i + 1) * words));
              }
              if (g.size() % 2 == 1) {
                ng.add(g.get(g.size() - 1));
                np.add(p.get(p.size() - 1));
              }
              return carry(ng, np);
            });
  }

  /** AND of all the given equal-length binary sharings, log depth. */
  private static Rep4Program<Shares> andAll(List<Shares> e) {
    if (e.size() == 1) {
      return Rep4Program.done(e.get(0));
    }
    int pairs = e.size() / 2;
    int words = e.get(0).length();
    List<Shares> left = new ArrayList<>();
    List<Shares> right = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      left.add(e.get(2 * i));
      right.add(e.get(2 * i + 1));
    }
    return Rep4Program.and(concat(left), concat(right))
        .then(
            t -> {
              List<Shares> next = new ArrayList<>();
              for (int i = 0; i < pairs; i++) {
                next.add(t.slice(i * words, (i + 1) * words));
              }
              if (e.size() % 2 == 1) {
                next.add(e.get(e.size() - 1));
              }
              return andAll(next);
            });
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

  private static int words(int n) {
    return (n + 63) >>> 6;
  }

  private static void checkBits(int bits) {
    if (bits < 2 || bits > 64) {
      throw new IllegalArgumentException("bits must be in [2, 64], got " + bits);
    }
  }
}
