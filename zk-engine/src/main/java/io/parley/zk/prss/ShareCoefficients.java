package io.parley.zk.prss;

import io.parley.zk.field.FieldElement;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Member i's coefficients f_A(x_i) (for random and bounded sharings) and x_i^l f_A(x_i), l = 1..t
 * (for zero sharings), for every held subset A, where f_A(x) = prod_{a in A} (x - x_a) / prod_{a in
 * A} (-x_a). With g_A(x) = prod_{a in A} (x - x_a) and D a common multiple of the g_A(0), f_A(x_i)
 * = e_A / D for the integer e_A = g_A(x_i) (D / g_A(0)): when every e_A x_i^l is small (below 2^40,
 * true for the committees PRSS serves), a share is D^-1 times a lazily reduced sum of small
 * multiples of stream values (two 64-bit products per term instead of four, one reduction and one
 * full multiplication per element). Otherwise the general path multiplies field elements.
 */
final class ShareCoefficients {
  static final boolean SMALL_WHEN_POSSIBLE = true;
  private static final long SMALL_LIMIT = 1L << 40;
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Coefficients of every held key for one kind of sharing. */
  interface PerKey {
    /**
     * Adds sum_l c_{k,l} v_{j,l} to element j of the accumulator for j below len, where v_{j,l} is
     * AES block j * blocks + l of the buffer read as 16 little-endian bytes and masked.
     */
    void accumulate(
        int k, byte[] buffer, int len, int blocks, long maskHi, long maskLo, Accumulator acc);
  }

  private final PerKey share;
  private final PerKey zero;
  private final FieldElement scale;
  private final boolean scaled;

  private ShareCoefficients(PerKey share, PerKey zero, FieldElement scale) {
    this.share = share;
    this.zero = zero;
    this.scale = scale;
    this.scaled = !scale.equals(FieldElement.ONE);
  }

  PerKey share() {
    return share;
  }

  PerKey zero() {
    return zero;
  }

  /** The share from its accumulated (scaled) value: multiplies by D^-1 on the small path. */
  FieldElement scale(FieldElement accumulated) {
    return scaled ? accumulated.multiply(scale) : accumulated;
  }

  static ShareCoefficients of(int n, int t, int member, int[] held, boolean allowSmall) {
    List<int[]> all = Subsets.of(n, t);
    BigInteger x = BigInteger.valueOf(member + 1L);
    BigInteger[] atX = new BigInteger[held.length];
    BigInteger[] atZero = new BigInteger[held.length];
    BigInteger d = BigInteger.ONE;
    for (int k = 0; k < held.length; k++) {
      atX[k] = BigInteger.ONE;
      atZero[k] = BigInteger.ONE;
      for (int a : all.get(held[k])) {
        BigInteger xa = BigInteger.valueOf(a + 1L);
        atX[k] = atX[k].multiply(x.subtract(xa));
        atZero[k] = atZero[k].multiply(xa.negate());
      }
      BigInteger g = atZero[k].abs();
      d = d.divide(d.gcd(g)).multiply(g);
    }
    BigInteger[][] e = new BigInteger[held.length][t + 1];
    boolean small = allowSmall;
    for (int k = 0; k < held.length; k++) {
      e[k][0] = atX[k].multiply(d.divide(atZero[k]));
      for (int l = 1; l <= t; l++) {
        e[k][l] = e[k][l - 1].multiply(x);
      }
      for (BigInteger v : e[k]) {
        small &= v.abs().compareTo(BigInteger.valueOf(SMALL_LIMIT)) < 0;
      }
    }
    if (small) {
      long[][] shareC = new long[held.length][];
      long[][] zeroC = new long[held.length][t];
      for (int k = 0; k < held.length; k++) {
        shareC[k] = new long[] {e[k][0].longValueExact()};
        for (int l = 1; l <= t; l++) {
          zeroC[k][l - 1] = e[k][l].longValueExact();
        }
      }
      return new ShareCoefficients(
          new Small(shareC), new Small(zeroC), FieldElement.of(d).inverse());
    }
    FieldElement dInverse = FieldElement.of(d).inverse();
    FieldElement[][] shareF = new FieldElement[held.length][];
    FieldElement[][] zeroF = new FieldElement[held.length][t];
    for (int k = 0; k < held.length; k++) {
      shareF[k] = new FieldElement[] {FieldElement.of(e[k][0]).multiply(dInverse)};
      for (int l = 1; l <= t; l++) {
        zeroF[k][l - 1] = FieldElement.of(e[k][l]).multiply(dInverse);
      }
    }
    return new ShareCoefficients(new General(shareF), new General(zeroF), FieldElement.ONE);
  }

  /** Small signed coefficients: a negative c adds |c| (p - v), and p - v = v XOR p. */
  private record Small(long[][] coefficients) implements PerKey {
    @Override
    public void accumulate(
        int k, byte[] buffer, int len, int blocks, long maskHi, long maskLo, Accumulator acc) {
      long[] a0 = acc.a0;
      long[] a1 = acc.a1;
      long[] a2 = acc.a2;
      for (int l = 0; l < blocks; l++) {
        long c = coefficients[k][l];
        long m = Math.abs(c);
        long flipHi = c < 0 ? Long.MAX_VALUE : 0;
        long flipLo = c < 0 ? -1L : 0;
        for (int j = 0; j < len; j++) {
          int offset = (j * blocks + l) << 4;
          long lo = (((long) LONG_LE.get(buffer, offset)) & maskLo) ^ flipLo;
          long hi = (((long) LONG_LE.get(buffer, offset + 8)) & maskHi) ^ flipHi;
          long l0 = lo * m;
          long h0 = Math.unsignedMultiplyHigh(lo, m);
          long l1 = hi * m;
          long h1 = Math.unsignedMultiplyHigh(hi, m);
          long mid = h0 + l1;
          long top = h1 + (Long.compareUnsigned(mid, h0) < 0 ? 1 : 0);
          long s0 = a0[j] + l0;
          long k0 = Long.compareUnsigned(s0, l0) < 0 ? 1 : 0;
          long s1 = a1[j] + mid;
          long k1 = Long.compareUnsigned(s1, mid) < 0 ? 1 : 0;
          long s1b = s1 + k0;
          k1 += Long.compareUnsigned(s1b, s1) < 0 ? 1 : 0;
          a0[j] = s0;
          a1[j] = s1b;
          a2[j] += top + k1;
        }
      }
    }
  }

  /** Field-element coefficients (committees whose e_A x^l are not small). */
  private record General(FieldElement[][] coefficients) implements PerKey {
    @Override
    public void accumulate(
        int k, byte[] buffer, int len, int blocks, long maskHi, long maskLo, Accumulator acc) {
      for (int l = 0; l < blocks; l++) {
        FieldElement c = coefficients[k][l];
        for (int j = 0; j < len; j++) {
          int offset = (j * blocks + l) << 4;
          long lo = ((long) LONG_LE.get(buffer, offset)) & maskLo;
          long hi = ((long) LONG_LE.get(buffer, offset + 8)) & maskHi;
          FieldElement product = Accumulator.canonical(hi, lo).multiply(c);
          acc.add(j, product.hi(), product.lo());
        }
      }
    }
  }
}
