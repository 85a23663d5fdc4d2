package io.parley.mpc.bench;

import io.parley.zk.computation.InputFormat;
import io.parley.zk.computation.ReplicatedFormat;
import io.parley.zk.computation.ShamirFormat;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.field.FieldElement;
import io.parley.zk.rep4.Shares;
import io.parley.zk.sharing.Shamir;
import java.util.SplittableRandom;

/**
 * The benchmark's wallet: fresh random sharings of the inputs in the protocol's format, as a wallet
 * deals them, each member process computing only its own shares from a seed all processes share
 * (the benchmark's inputs are not secret). Random shares matter: rep4 rounds on the constant
 * sharing of public values (two zero components) measured 25% slower than on dealt ones.
 */
final class BenchInputs {
  private BenchInputs() {}

  static ShareVector deal(InputFormat format, int self, int members, long[] values, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return switch (format) {
      case ShamirFormat f -> shamir(self, members, values, random);
      case ReplicatedFormat f -> replicated(self, values, random);
    };
  }

  /** Member self's share f(self + 1) of a random degree-t polynomial with f(0) = v, per value. */
  private static ShareVector shamir(int self, int members, long[] values, SplittableRandom random) {
    int t = (members - 1) / 3;
    FieldElement x = Shamir.point(self);
    FieldElement[] shares = new FieldElement[values.length];
    for (int e = 0; e < values.length; e++) {
      FieldElement share = FieldElement.of(values[e]);
      FieldElement power = FieldElement.ONE;
      for (int k = 1; k <= t; k++) {
        power = power.multiply(x);
        share = share.add(FieldElement.random(random).multiply(power));
      }
      shares[e] = share;
    }
    return new ShareVector.Field(shares);
  }

  /** x_0, x_1, x_2 random, x_3 = v - x_0 - x_1 - x_2; member self keeps x_j for j != self. */
  private static ShareVector replicated(int self, long[] values, SplittableRandom random) {
    long[][] c = new long[4][values.length];
    for (int e = 0; e < values.length; e++) {
      long w = values[e];
      for (int j = 0; j < 3; j++) {
        c[j][e] = random.nextLong();
        w -= c[j][e];
      }
      c[3][e] = w;
    }
    c[self] = null;
    return new ShareVector.Replicated(Shares.of(self, c));
  }
}
