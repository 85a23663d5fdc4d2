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
 * = e_A / D for the integer e_A = g_A(x_i) (D / g_A(0)). When every |e_A x_i^l| is small (below
 * 2^32 / terms; at n = 7 they are below 2^21), a share is D^-1 times a sum of small multiples of
 * the stream values accumulated on 32-bit limbs without carries (four 64-bit products per term, one
 * reduction and one full multiplication per element). Otherwise the general path multiplies field
 * elements.
 */
final class ShareCoefficients {
  static final boolean SMALL_WHEN_POSSIBLE = true;
  private static final long LOW32 = 0xffffffffL;
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Coefficients of every held key for one kind of sharing. */
  interface PerKey {
    /**
     * Adds c_{k,l} v_{k,j,l} for every key k and l below {@code blocks} to the four 32-bit-limb
     * accumulators acc[4j..4j+3] of element j (j below len), where v_{k,j,l} is AES block j *
     * blocks + l of key k's buffer read as 16 little-endian bytes and masked. Each limb sums
     * products below 2^64 / terms, so it never overflows.
     */
    void accumulate(int len, byte[][] buffers, int blocks, long maskHi, long maskLo, long[] acc);
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
    // a double random adds 1 + t terms per key into one accumulator
    BigInteger limit =
        BigInteger.ONE.shiftLeft(32).divide(BigInteger.valueOf((t + 1L) * held.length));
    BigInteger[][] e = new BigInteger[held.length][t + 1];
    boolean small = allowSmall;
    for (int k = 0; k < held.length; k++) {
      e[k][0] = atX[k].multiply(d.divide(atZero[k]));
      for (int l = 1; l <= t; l++) {
        e[k][l] = e[k][l - 1].multiply(x);
      }
      for (BigInteger v : e[k]) {
        small &= v.abs().compareTo(limit) < 0;
      }
    }
    FieldElement dInverse = FieldElement.of(d).inverse();
    if (small) {
      long[][] shareC = new long[held.length][];
      long[][] zeroC = new long[held.length][t];
      for (int k = 0; k < held.length; k++) {
        shareC[k] = new long[] {e[k][0].longValueExact()};
        for (int l = 1; l <= t; l++) {
          zeroC[k][l - 1] = e[k][l].longValueExact();
        }
      }
      return new ShareCoefficients(new Small(shareC), new Small(zeroC), dInverse);
    }
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

  /**
   * Small signed coefficients: a negative c adds |c| (p - v), and p - v = v XOR p for v below
   * 2^127. Keys outermost, so each key's stream is read in order.
   */
  private record Small(long[][] coefficients) implements PerKey {
    @Override
    public void accumulate(
        int len, byte[][] buffers, int blocks, long maskHi, long maskLo, long[] acc) {
      for (int k = 0; k < buffers.length; k++) {
        byte[] buffer = buffers[k];
        for (int l = 0; l < blocks; l++) {
          long c = coefficients[k][l];
          long m = Math.abs(c);
          long flipLo = c >> 63;
          long flipHi = flipLo >>> 1;
          for (int j = 0; j < len; j++) {
            int offset = (j * blocks + l) << 4;
            long lo = (((long) LONG_LE.get(buffer, offset)) & maskLo) ^ flipLo;
            long hi = (((long) LONG_LE.get(buffer, offset + 8)) & maskHi) ^ flipHi;
            int a = j << 2;
            acc[a] += (lo & LOW32) * m;
            acc[a + 1] += (lo >>> 32) * m;
            acc[a + 2] += (hi & LOW32) * m;
            acc[a + 3] += (hi >>> 32) * m;
          }
        }
      }
    }
  }

  /** Field-element coefficients (committees whose e_A x^l are not small). */
  private record General(FieldElement[][] coefficients) implements PerKey {
    @Override
    public void accumulate(
        int len, byte[][] buffers, int blocks, long maskHi, long maskLo, long[] acc) {
      for (int k = 0; k < buffers.length; k++) {
        for (int l = 0; l < blocks; l++) {
          FieldElement c = coefficients[k][l];
          for (int j = 0; j < len; j++) {
            int offset = (j * blocks + l) << 4;
            long lo = ((long) LONG_LE.get(buffers[k], offset)) & maskLo;
            long hi = ((long) LONG_LE.get(buffers[k], offset + 8)) & maskHi;
            FieldElement product = Limbs.canonical(hi, lo).multiply(c);
            int a = j << 2;
            acc[a] += product.lo() & LOW32;
            acc[a + 1] += product.lo() >>> 32;
            acc[a + 2] += product.hi() & LOW32;
            acc[a + 3] += product.hi() >>> 32;
          }
        }
      }
    }
  }
}
