package io.parley.zk.rep4;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.messages.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one member receives (inputs, a multiplication, an AND) has the same distribution for two
 * different input vectors: per received long and bit, the frequency of ones over runs with fresh
 * PRG keys agrees between the two inputs and with 1/2 within 6 standard deviations.
 */
class Rep4PrivacyTest {
  private static final int RUNS = 120;
  private static final int N = 3;
  private static final int VIEWER = 3;

  private static List<Long> view(long[] x, long[] y, int run) {
    Rep4Net net = new Rep4Net();
    byte[] keySeed = {(byte) run, (byte) (run >> 8), 42};
    net.run(
        true,
        keySeed,
        i -> {
          long[] mine = i == 0 ? x : i == 1 ? y : new long[0];
          return Rep4Program.input(new int[] {N, N, 0, 0}, mine)
              .then(s -> Rep4Program.multiply(s.slice(0, N), s.slice(N, 2 * N)))
              .then(z -> Rep4Program.and(z, z))
              .map(z -> new long[0]);
        },
        Rep4Net.honest(),
        1234);
    List<Rep4Net.Delivery> toViewer =
        new ArrayList<>(
            net.delivered.stream()
                .filter(d -> d.to() == VIEWER && d.envelope().kind() == Kind.DEAL)
                .toList());
    toViewer.sort(
        Comparator.comparingInt((Rep4Net.Delivery d) -> d.envelope().step())
            .thenComparingInt(Rep4Net.Delivery::from));
    List<Long> out = new ArrayList<>();
    for (Rep4Net.Delivery d : toViewer) {
      for (WireMessage.Part p : WireMessage.decode(d.envelope().data()).parts()) {
        if (p.values()) {
          for (long v : p.longs()) {
            out.add(v);
          }
        }
      }
    }
    return out;
  }

  private static int[][] bitCounts(long[] x, long[] y) {
    int[][] counts = null;
    for (int run = 0; run < RUNS; run++) {
      List<Long> v = view(x, y, run);
      if (counts == null) {
        counts = new int[v.size()][64];
      }
      assertThat(v).hasSize(counts.length);
      for (int i = 0; i < v.size(); i++) {
        for (int b = 0; b < 64; b++) {
          counts[i][b] += (int) ((v.get(i) >>> b) & 1);
        }
      }
    }
    return counts;
  }

  @Test
  void viewOfOneMemberDoesNotDependOnTheInputs() {
    int[][] zero = bitCounts(new long[N], new long[N]);
    int[][] other = bitCounts(new long[] {-1, 123456789, Long.MIN_VALUE}, new long[] {7, -1, 1});
    assertThat(zero.length).isEqualTo(other.length).isGreaterThan(N);
    double sigma = Math.sqrt(RUNS / 4.0);
    for (int i = 0; i < zero.length; i++) {
      for (int b = 0; b < 64; b++) {
        assertThat(Math.abs(zero[i][b] - RUNS / 2.0)).isLessThan(6 * sigma);
        assertThat(Math.abs(other[i][b] - RUNS / 2.0)).isLessThan(6 * sigma);
        assertThat((double) Math.abs(zero[i][b] - other[i][b]))
            .isLessThan(6 * sigma * Math.sqrt(2));
      }
    }
  }
}
