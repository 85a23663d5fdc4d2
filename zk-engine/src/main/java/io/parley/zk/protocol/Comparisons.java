package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Integer protocols on shared values of bounded bit length, after Catrina and de Hoogh, "Improved
 * primitives for secure multiparty integer computation" (SCN 2010): Mod2m, Trunc, LTZ, EQZ, bit
 * decomposition, reduction modulo 2^w and division by a public constant. Every value a must lie in
 * [-2^(k-1), 2^(k-1)); masks carry {@link #STATISTICAL_SECURITY} extra random bits, and k must be
 * at most {@link #MAX_BITS} = 81 (the circuit validator admits operands within [-2^80, 2^80), which
 * is k <= 81).
 */
public final class Comparisons {
  /** Statistical security parameter of the masked openings, in bits. */
  public static final int STATISTICAL_SECURITY = 40;

  /** The largest operand bit length the masks leave room for. */
  public static final int MAX_BITS = 126 - STATISTICAL_SECURITY - Preprocessing.BOUNDED_MARGIN;

  private final SecureArithmetic arithmetic;

  public Comparisons(SecureArithmetic arithmetic) {
    this.arithmetic = arithmetic;
  }

  private static void checkBits(int k) {
    if (k < 1 || k > MAX_BITS) {
      throw new IllegalArgumentException("bit length " + k + " outside 1.." + MAX_BITS);
    }
  }

  /** A masked opening c = a + 2^(k-1) + 2^m r'' + r' where r' has m bits (kept) and r'' extra. */
  private record Mask(FieldElement[][] lowBits, FieldElement[] masked) {}

  private Mask mask(FieldElement[] a, int k, int m) {
    int extra = Math.max(k - m, 0) + STATISTICAL_SECURITY;
    int count = a.length;
    Preprocessing preprocessing = arithmetic.context().preprocessing();
    FieldElement[] bits = preprocessing.bits(count * m);
    FieldElement[] high = preprocessing.boundedRandoms(count, extra);
    FieldElement[][] low = new FieldElement[count][m];
    FieldElement[] masked = new FieldElement[count];
    FieldElement offset = FieldElement.powerOfTwo(k - 1);
    FieldElement shift = FieldElement.powerOfTwo(m);
    int at = 0;
    for (int e = 0; e < count; e++) {
      FieldElement acc = a[e].add(offset);
      for (int i = 0; i < m; i++) {
        low[e][i] = bits[at++];
        acc = acc.add(low[e][i].multiply(FieldElement.powerOfTwo(i)));
      }
      masked[e] = acc.add(high[e].multiply(shift));
    }
    return new Mask(low, masked);
  }

  private static FieldElement fromBits(FieldElement[] bits) {
    FieldElement acc = FieldElement.ZERO;
    for (int i = 0; i < bits.length; i++) {
      acc = acc.add(bits[i].multiply(FieldElement.powerOfTwo(i)));
    }
    return acc;
  }

  /** Shares of a mod 2^m (in [0, 2^m)); 1 + ceil(log2 m) rounds. */
  public Program<FieldElement[]> mod2m(FieldElement[] a, int k, int m) {
    return residues(a, k, m, m).map(r -> r[0]);
  }

  /**
   * Shares of a mod 2^j for each j in widths (each at most m), all from one masked opening with m
   * mask bits: one less-than of c mod 2^j and the low j mask bits per width, side by side.
   */
  private Program<FieldElement[][]> residues(FieldElement[] a, int k, int m, int... widths) {
    int bound = Math.max(k, m + 1);
    checkBits(bound);
    Mask mask = mask(a, bound, m);
    int count = a.length;
    return arithmetic
        .open(mask.masked())
        .then(
            c -> {
              BigInteger[] low = new BigInteger[widths.length * count];
              FieldElement[][] maskBits = new FieldElement[widths.length * count][];
              for (int j = 0; j < widths.length; j++) {
                BigInteger modulus = BigInteger.ONE.shiftLeft(widths[j]);
                for (int e = 0; e < count; e++) {
                  low[j * count + e] = c[e].toBigInteger().mod(modulus);
                  maskBits[j * count + e] = Arrays.copyOf(mask.lowBits()[e], widths[j]);
                }
              }
              return BitCircuits.lessThan(arithmetic, low, maskBits)
                  .map(
                      u -> {
                        FieldElement[][] out = new FieldElement[widths.length][count];
                        for (int j = 0; j < widths.length; j++) {
                          FieldElement modulus = FieldElement.powerOfTwo(widths[j]);
                          for (int e = 0; e < count; e++) {
                            int i = j * count + e;
                            out[j][e] =
                                FieldElement.of(low[i])
                                    .subtract(fromBits(maskBits[i]))
                                    .add(u[i].multiply(modulus));
                          }
                        }
                        return out;
                      });
            });
  }

  /** Shares of floor(a / 2^m). */
  public Program<FieldElement[]> truncate(FieldElement[] a, int k, int m) {
    FieldElement inverse = FieldElement.powerOfTwo(m).inverse();
    return mod2m(a, k, m).map(r -> Vectors.scale(Vectors.subtract(a, r), inverse));
  }

  /** Shares of [a < 0]. */
  public Program<FieldElement[]> lessThanZero(FieldElement[] a, int k) {
    return truncate(a, k, k - 1).map(t -> Vectors.scale(t, FieldElement.ONE.negate()));
  }

  /** Shares of [a == 0]; 1 + ceil(log2 k) rounds. */
  public Program<FieldElement[]> equalsZero(FieldElement[] a, int k) {
    checkBits(k);
    Mask mask = mask(a, k, k);
    BigInteger modulus = BigInteger.ONE.shiftLeft(k);
    return arithmetic
        .open(mask.masked())
        .then(
            c -> {
              FieldElement[][] agree = new FieldElement[c.length][k];
              for (int e = 0; e < c.length; e++) {
                BigInteger low = c[e].toBigInteger().mod(modulus);
                for (int i = 0; i < k; i++) {
                  FieldElement r = mask.lowBits()[e][i];
                  // a == 0 iff c mod 2^k equals r' with its top bit flipped
                  FieldElement s = i == k - 1 ? FieldElement.ONE.subtract(r) : r;
                  agree[e][i] = low.testBit(i) ? s : FieldElement.ONE.subtract(s);
                }
              }
              return BitCircuits.and(arithmetic, agree);
            });
  }

  /** Shared bits (least significant first) of a mod 2^w, two's complement for negative a. */
  public Program<FieldElement[][]> bits(FieldElement[] a, int k, int w) {
    int bound = Math.max(k, 1);
    checkBits(bound);
    Mask mask = mask(a, bound, w);
    BigInteger modulus = BigInteger.ONE.shiftLeft(w);
    BigInteger offset = BigInteger.ONE.shiftLeft(bound - 1);
    return arithmetic
        .open(mask.masked())
        .then(
            c -> {
              BigInteger[] x = new BigInteger[c.length];
              for (int e = 0; e < c.length; e++) {
                x[e] = c[e].toBigInteger().subtract(offset).mod(modulus);
              }
              return BitCircuits.subtractBits(arithmetic, x, mask.lowBits(), w);
            });
  }

  /**
   * Shares of the value in the w-bit (signed or unsigned) range congruent to a mod 2^w, for a in
   * the interval the plan was made for; as many rounds as {@link #mod2m} with m = w.
   */
  public Program<FieldElement[]> wrap(FieldElement[] a, WrapPlan plan) {
    int w = plan.width();
    FieldElement half = FieldElement.powerOfTwo(w - 1);
    return switch (plan.method()) {
      case UNSIGNED -> mod2m(a, plan.bits(), w);
      case ADD_HALF ->
          mod2m(Vectors.addConstant(a, half), plan.bits(), w)
              .map(r -> Vectors.addConstant(r, half.negate()));
      case SUBTRACT_HALF ->
          mod2m(Vectors.addConstant(a, half.negate()), plan.bits(), w)
              .map(r -> Vectors.addConstant(r, half.negate()));
      // with v = a mod 2^w and v' = a mod 2^(w-1): v' - 2^(w-1) * (top bit of v) = 2v' - v
      case TOP_BIT ->
          residues(a, plan.bits(), w, w, w - 1)
              .map(r -> Vectors.subtract(Vectors.scale(r[1], FieldElement.TWO), r[0]));
    };
  }

  /**
   * Shares of floor(a / d) for a public d >= 1: -[a < 0] for d >= 2^(k-1) (every quotient is -1 or
   * 0), truncation for smaller powers of two, otherwise the Granlund-Montgomery multiply-and-shift
   * (PLDI 1994), exact for k <= 37.
   */
  public Program<FieldElement[]> dividePublic(FieldElement[] a, int k, BigInteger d) {
    if (d.signum() <= 0) {
      throw new IllegalArgumentException("divisor must be positive");
    }
    BigInteger half = BigInteger.ONE.shiftLeft(k - 1);
    if (d.compareTo(half) >= 0) {
      return truncate(a, k, k - 1);
    }
    if (d.bitCount() == 1) {
      return truncate(a, k, d.getLowestSetBit());
    }
    if (k > 37) {
      throw new IllegalArgumentException("division by " + d + " needs operands of <= 37 bits");
    }
    BigInteger quotientOffset = half.add(d).subtract(BigInteger.ONE).divide(d);
    BigInteger offset = quotientOffset.multiply(d); // multiple of d, >= 2^(k-1)
    int unsignedBits = half.add(offset).bitLength();
    int shift = unsignedBits + d.subtract(BigInteger.ONE).bitLength();
    BigInteger magic =
        BigInteger.ONE.shiftLeft(shift).add(d).subtract(BigInteger.ONE).divide(d); // ceil
    FieldElement[] scaled =
        Vectors.scale(Vectors.addConstant(a, FieldElement.of(offset)), FieldElement.of(magic));
    int productBits = unsignedBits + magic.bitLength() + 1;
    return truncate(scaled, productBits, shift)
        .map(q -> Vectors.addConstant(q, FieldElement.of(quotientOffset).negate()));
  }
}
