package io.parley.zk.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.field.FieldElement;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Lockstep;
import io.parley.zk.testing.TrustedDealer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What any t members see (every opened value: openings are broadcast, and the shares of an opened
 * value are a fresh random polynomial through it) has the same distribution for two different
 * inputs: a chi-square two-sample test over seeded runs, on low and middle bits of every opened
 * position. A positive control opens the input itself and must be detected.
 */
class PrivacyTest {
  private static final int RUNS = 300;
  private static final int BUCKETS = 16;

  /** mul, lt, eq of shared inputs, results not opened; optionally opens x (a leak). */
  static List<FieldElement[]> view(long x, long y, long seed, boolean leak) {
    int n = 4;
    SplittableRandom random = new SplittableRandom(seed);
    TrustedDealer dealer = new TrustedDealer(n, seed);
    FieldElement[] xs = Shamir.share(FieldElement.of(x), 1, n, random);
    FieldElement[] ys = Shamir.share(FieldElement.of(y), 1, n, random);
    List<Program<List<FieldElement[]>>> programs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SecureArithmetic a = new SecureArithmetic(new OnlineContext(i, n, dealer.forParty(i)));
      Comparisons c = new Comparisons(a);
      FieldElement[] xi = {xs[i]};
      FieldElement[] yi = {ys[i]};
      FieldElement[] d = Vectors.subtract(xi, yi);
      List<Program<FieldElement[]>> parts =
          new ArrayList<>(List.of(a.multiply(xi, yi), c.lessThanZero(d, 33), c.equalsZero(d, 33)));
      if (leak) {
        parts.add(a.open(xi));
      }
      programs.add(Program.all(parts));
    }
    List<FieldElement[]> opened = new ArrayList<>();
    Lockstep.run(programs, opened);
    return opened;
  }

  static int[][][] histogram(long x, long y, boolean leak, long seedBase, int shift) {
    int[][][] counts = null;
    for (int r = 0; r < RUNS; r++) {
      List<FieldElement[]> v = view(x, y, seedBase + r, leak);
      if (counts == null) {
        counts = new int[v.size()][][];
        for (int round = 0; round < v.size(); round++) {
          counts[round] = new int[v.get(round).length][BUCKETS];
        }
      }
      for (int round = 0; round < v.size(); round++) {
        for (int i = 0; i < v.get(round).length; i++) {
          int bucket = (int) ((v.get(round)[i].lo() >>> shift) & (BUCKETS - 1));
          counts[round][i][bucket]++;
        }
      }
    }
    return counts;
  }

  /**
   * The largest per-position (chi-square - dof) / sqrt(2 dof) of the two-sample test: about N(0,1)
   * per position when nothing leaks, in the hundreds for an opened input.
   */
  static double zScore(int[][][] a, int[][][] b) {
    double worst = Double.NEGATIVE_INFINITY;
    for (int round = 0; round < a.length; round++) {
      for (int i = 0; i < a[round].length; i++) {
        double chi = 0;
        int dof = -1;
        for (int k = 0; k < BUCKETS; k++) {
          int total = a[round][i][k] + b[round][i][k];
          if (total == 0) {
            continue;
          }
          double expected = total / 2.0;
          chi += Math.pow(a[round][i][k] - expected, 2) / expected;
          chi += Math.pow(b[round][i][k] - expected, 2) / expected;
          dof++;
        }
        if (dof > 0) {
          worst = Math.max(worst, (chi - dof) / Math.sqrt(2.0 * dof));
        }
      }
    }
    return worst;
  }

  @Test
  void openedValuesAreDistributedAlikeForDifferentInputs() {
    for (int shift : new int[] {0, 28}) {
      double z =
          zScore(histogram(5, 1_000_000, false, 1000, shift), histogram(-7, 3, false, 5000, shift));
      assertThat(z).as("bit shift %d", shift).isLessThan(6.0);
    }
  }

  @Test
  void theTestDetectsALeakingProtocol() {
    double z = zScore(histogram(5, 1_000_000, true, 1000, 0), histogram(-7, 3, true, 5000, 0));
    assertThat(z).isGreaterThan(50.0);
  }
}
