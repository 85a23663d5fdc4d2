package io.parley.zk.protocol;

import java.math.BigInteger;

/**
 * How {@link Comparisons#wrap} reduces a value known to lie in [lo, hi] to the w-bit type congruent
 * to it mod 2^w, chosen from the interval alone (the same on every member, and consumption never
 * depends on values). An unsigned wrap is a mod 2^w on the bits of [lo, hi]. A signed wrap is (a +
 * s) mod 2^w - 2^(w-1) for a shift s = 2^(w-1) or s = -2^(w-1) (equal mod 2^w), whichever keeps [lo
 * + s, hi + s] within fewer bits; when both need more than {@link Comparisons#MAX_BITS} (the
 * interval comes within 2^(w-1) of both ends of the widest range), it takes a mod 2^w and a mod
 * 2^(w-1) from one masked opening instead, which costs a second comparison on the same bits but no
 * extra operand bit.
 *
 * @param bits the signed bit length of the value the masked opening covers
 * @param width w, the type's width
 */
public record WrapPlan(int bits, int width, Method method) {

  /** The four ways of reducing; see the record's description. */
  public enum Method {
    UNSIGNED,
    ADD_HALF,
    SUBTRACT_HALF,
    TOP_BIT
  }

  public static WrapPlan of(BigInteger lo, BigInteger hi, int width, boolean signed) {
    int bits = signedBits(lo, hi);
    if (!signed) {
      return new WrapPlan(bits, width, Method.UNSIGNED);
    }
    BigInteger half = BigInteger.ONE.shiftLeft(width - 1);
    int up = signedBits(lo.add(half), hi.add(half));
    int down = signedBits(lo.subtract(half), hi.subtract(half));
    if (Math.min(up, down) <= Comparisons.MAX_BITS) {
      return up <= down
          ? new WrapPlan(up, width, Method.ADD_HALF)
          : new WrapPlan(down, width, Method.SUBTRACT_HALF);
    }
    return new WrapPlan(bits, width, Method.TOP_BIT);
  }

  /** The smallest k with [lo, hi] within [-2^(k-1), 2^(k-1)). */
  static int signedBits(BigInteger lo, BigInteger hi) {
    return Math.max(lo.bitLength(), hi.bitLength()) + 1;
  }
}
