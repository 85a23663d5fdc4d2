package io.parley.zk.circuit;

import java.math.BigInteger;

/** A closed integer interval [lo, hi]: the static range of a wire. */
public record Interval(BigInteger lo, BigInteger hi) {
  public static Interval of(BigInteger v) {
    return new Interval(v, v);
  }

  public static Interval of(long lo, long hi) {
    return new Interval(BigInteger.valueOf(lo), BigInteger.valueOf(hi));
  }

  public Interval add(Interval o) {
    return new Interval(lo.add(o.lo), hi.add(o.hi));
  }

  public Interval negate() {
    return new Interval(hi.negate(), lo.negate());
  }

  public Interval subtract(Interval o) {
    return add(o.negate());
  }

  public Interval multiply(Interval o) {
    BigInteger a = lo.multiply(o.lo);
    BigInteger b = lo.multiply(o.hi);
    BigInteger c = hi.multiply(o.lo);
    BigInteger d = hi.multiply(o.hi);
    return new Interval(a.min(b).min(c).min(d), a.max(b).max(c).max(d));
  }

  public Interval hull(Interval o) {
    return new Interval(lo.min(o.lo), hi.max(o.hi));
  }

  public boolean within(Interval o) {
    return lo.compareTo(o.lo) >= 0 && hi.compareTo(o.hi) <= 0;
  }

  public boolean isBoolean() {
    return within(of(0, 1));
  }

  /** The smallest k with every value in [-2^(k-1), 2^(k-1)). */
  public int signedBits() {
    // bitLength excludes the sign bit: v needs bitLength + 1 bits in two's complement
    return Math.max(lo.bitLength(), hi.bitLength()) + 1;
  }

  /** Whether every value lies in [-2^bits, 2^bits). */
  public boolean fitsSigned(int bits) {
    return lo.compareTo(BigInteger.ONE.shiftLeft(bits).negate()) >= 0
        && hi.compareTo(BigInteger.ONE.shiftLeft(bits)) < 0;
  }

  /** Whether every value lies in [-2^bits, 2^bits]. */
  public boolean fitsMagnitude(int bits) {
    BigInteger m = BigInteger.ONE.shiftLeft(bits);
    return lo.compareTo(m.negate()) >= 0 && hi.compareTo(m) <= 0;
  }
}
