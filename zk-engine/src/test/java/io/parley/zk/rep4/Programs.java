package io.parley.zk.rep4;

import java.util.function.BiFunction;

/** Test programs: party 0 inputs x, party 1 inputs y, then an operation, then an opening. */
final class Programs {
  private Programs() {}

  static Rep4Program<long[]> binary(
      int self, long[] x, long[] y, BiFunction<Shares, Shares, Rep4Program<Shares>> op) {
    int n = x.length;
    int[] counts = {n, n, 0, 0};
    long[] mine = self == 0 ? x : self == 1 ? y : new long[0];
    return Rep4Program.input(counts, mine)
        .then(s -> op.apply(s.slice(0, n), s.slice(n, 2 * n)))
        .then(Rep4Program::open);
  }

  static Rep4Program<long[]> multiply(int self, long[] x, long[] y) {
    return binary(self, x, y, Rep4Program::multiply);
  }

  static Rep4Program<long[]> lessThan(int self, long[] x, long[] y, int bits) {
    return binary(self, x, y, (a, b) -> Rep4Comparisons.lessThan(a, b, bits));
  }

  static Rep4Program<long[]> equal(int self, long[] x, long[] y, int bits) {
    return binary(self, x, y, (a, b) -> Rep4Comparisons.equal(a, b, bits));
  }
}
