package io.parley.zk.computation;

import io.parley.zk.rep4.Shares;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Replicated sharing among four members over Z_2^64 (Fantastic Four): value v (a signed integer in
 * [-2^62, 2^62)) as a 64-bit two's-complement word w = x_0 + x_1 + x_2 + x_3 mod 2^64 with x_0,
 * x_1, x_2 uniformly random; member i holds the three components x_j, j != i. Each component is
 * held by three members, so a recipient takes, per component, the value at least two of its holders
 * agree on: one wrong member cannot change a value.
 */
public record ReplicatedFormat() implements InputFormat {
  private static final int MEMBERS = 4;

  @Override
  public String name() {
    return "replicated-z2^64/1";
  }

  @Override
  public List<ShareVector> deal(BigInteger[] values, int members, RandomGenerator random) {
    requireFour(members);
    int length = values.length;
    long[][] x = new long[MEMBERS][length];
    for (int e = 0; e < length; e++) {
      long w = values[e].longValue();
      for (int j = 0; j < MEMBERS - 1; j++) {
        x[j][e] = random.nextLong();
        w -= x[j][e];
      }
      x[MEMBERS - 1][e] = w;
    }
    List<ShareVector> out = new ArrayList<>();
    for (int m = 0; m < MEMBERS; m++) {
      long[][] held = new long[MEMBERS][];
      for (int j = 0; j < MEMBERS; j++) {
        if (j != m) {
          held[j] = x[j];
        }
      }
      out.add(new ShareVector.Replicated(Shares.of(m, held)));
    }
    return out;
  }

  @Override
  public BigInteger[] reconstruct(List<ShareVector> shares) {
    requireFour(shares.size());
    Shares[] held = new Shares[MEMBERS];
    for (int m = 0; m < MEMBERS; m++) {
      if (!(shares.get(m) instanceof ShareVector.Replicated r) || r.shares().self() != m) {
        throw new IllegalArgumentException(
            "member " + m + " holds no replicated shares of its own");
      }
      held[m] = r.shares();
    }
    int length = held[0].length();
    long[] sum = new long[length];
    for (int j = 0; j < MEMBERS; j++) {
      long[] component = majority(held, j, length);
      for (int e = 0; e < length; e++) {
        sum[e] += component[e];
      }
    }
    BigInteger[] values = new BigInteger[length];
    for (int e = 0; e < length; e++) {
      values[e] = BigInteger.valueOf(sum[e]);
    }
    return values;
  }

  /** Component j as at least two of its three holders have it, element by element. */
  private static long[] majority(Shares[] held, int j, int length) {
    long[][] copies = new long[MEMBERS - 1][];
    int k = 0;
    for (int m = 0; m < MEMBERS; m++) {
      if (m != j) {
        if (held[m].length() != length) {
          throw new IllegalArgumentException("members hold different numbers of shares");
        }
        copies[k++] = held[m].componentCopy(j);
      }
    }
    long[] out = new long[length];
    for (int e = 0; e < length; e++) {
      long a = copies[0][e];
      long b = copies[1][e];
      long c = copies[2][e];
      if (a == b || a == c) {
        out[e] = a;
      } else if (b == c) {
        out[e] = b;
      } else {
        throw new IllegalArgumentException(
            "component " + j + " of element " + e + " has no majority among its holders");
      }
    }
    return out;
  }

  @Override
  public ShareVector known(int self, int members, long[] values) {
    requireFour(members);
    return new ShareVector.Replicated(Shares.constant(self, values));
  }

  @Override
  public boolean holds(ShareVector shares, int self) {
    return shares instanceof ShareVector.Replicated r && r.shares().self() == self;
  }

  private static void requireFour(int members) {
    if (members != MEMBERS) {
      throw new IllegalArgumentException("replicated sharing needs 4 members, got " + members);
    }
  }
}
