package io.parley.zk.computation;

import io.parley.zk.field.FieldElement;
import io.parley.zk.sharing.ReedSolomon;
import io.parley.zk.sharing.Shamir;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Degree-t Shamir sharing over GF(2^127 - 1): value v (a signed integer below 2^126 in absolute
 * value, as a field element) becomes f(1), ..., f(n) for a uniformly random f of degree t with f(0)
 * = v; member i holds f(i + 1). A recipient decodes the n shares as a Reed-Solomon codeword, which
 * corrects up to t wrong shares when n = 3t + 1.
 */
public record ShamirFormat() implements InputFormat {
  @Override
  public String name() {
    return "shamir-gf127/1";
  }

  @Override
  public List<ShareVector> deal(BigInteger[] values, int members, RandomGenerator random) {
    int t = (members - 1) / 3;
    FieldElement[][] shares = new FieldElement[members][values.length];
    for (int e = 0; e < values.length; e++) {
      FieldElement[] s = Shamir.share(FieldElement.of(values[e]), t, members, random);
      for (int m = 0; m < members; m++) {
        shares[m][e] = s[m];
      }
    }
    List<ShareVector> out = new ArrayList<>();
    for (FieldElement[] mine : shares) {
      out.add(new ShareVector.Field(mine));
    }
    return out;
  }

  @Override
  public BigInteger[] reconstruct(List<ShareVector> shares) {
    int n = shares.size();
    ReedSolomon decoder = new ReedSolomon(n, (n - 1) / 3);
    FieldElement[][] byMember = new FieldElement[n][];
    for (int m = 0; m < n; m++) {
      if (!(shares.get(m) instanceof ShareVector.Field f)) {
        throw new IllegalArgumentException("member " + m + " holds no Shamir shares");
      }
      byMember[m] = f.shares();
    }
    int length = byMember[0].length;
    BigInteger[] values = new BigInteger[length];
    for (int e = 0; e < length; e++) {
      FieldElement[] column = new FieldElement[n];
      for (int m = 0; m < n; m++) {
        if (byMember[m].length != length) {
          throw new IllegalArgumentException("members hold different numbers of shares");
        }
        column[m] = byMember[m][e];
      }
      int element = e;
      values[e] =
          decoder
              .decode(column)
              .orElseThrow(
                  () -> new IllegalArgumentException("element " + element + " does not decode"))
              .value()
              .toSignedBigInteger();
    }
    return values;
  }

  @Override
  public ShareVector known(int self, int members, long[] values) {
    FieldElement[] shares = new FieldElement[values.length];
    for (int i = 0; i < values.length; i++) {
      shares[i] = FieldElement.of(values[i]);
    }
    return new ShareVector.Field(shares);
  }

  @Override
  public boolean holds(ShareVector shares, int self) {
    return shares instanceof ShareVector.Field;
  }
}
