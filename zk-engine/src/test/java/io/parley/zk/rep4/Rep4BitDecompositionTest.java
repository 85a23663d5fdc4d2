package io.parley.zk.rep4;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.evidence.Outcome;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The full bit decomposition gives the low bits of the ring value, for every length and width. */
class Rep4BitDecompositionTest {
  private static final byte[] KEY_SEED = {3, 1};

  @Test
  void bitsOfRandomValuesMatchTheirTwosComplement() {
    int[][] cases = {{1, 64}, {70, 2}, {130, 33}, {64, 64}};
    for (int[] c : cases) {
      int n = c[0];
      int bits = c[1];
      long[] x = new SplittableRandom(n + bits).longs(n).toArray();
      List<Outcome<long[]>> out =
          new Rep4Net()
              .run(
                  true,
                  KEY_SEED,
                  i ->
                      Rep4Program.input(new int[] {0, 0, n, 0}, i == 2 ? x : new long[0])
                          .then(s -> Rep4BitDecomposition.bits(s, bits))
                          .then(b -> Rep4Program.open(Shares.concat(b.toArray(new Shares[0])))),
                  Rep4Net.honest(),
                  n);
      for (Outcome<long[]> o : out) {
        long[] opened = ((Outcome.Completed<long[]>) o).value();
        for (int i = 0; i < bits; i++) {
          for (int e = 0; e < n; e++) {
            assertThat(opened[i * n + e])
                .as("n %d bit %d of %d", n, i, e)
                .isEqualTo((x[e] >>> i) & 1L);
          }
        }
      }
    }
  }
}
