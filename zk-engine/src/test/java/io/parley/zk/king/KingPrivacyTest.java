package io.parley.zk.king;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.protocol.Comparisons;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.Program;
import io.parley.zk.protocol.SecureArithmetic;
import io.parley.zk.protocol.Vectors;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import io.parley.zk.testing.TrustedDealer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a corrupt member receives through king openings (shares at its king slots, every king's
 * values, the check shares) has the same distribution for two different inputs: a chi-square
 * two-sample test over seeded runs on the low bits of every received value, in a fixed order. A
 * positive control opens the input and must be detected.
 */
class KingPrivacyTest {
  private static final int RUNS = 160;
  private static final int BUCKETS = 8;

  static List<FieldElement> view(long x, long y, long seed, boolean leak) {
    int n = 4;
    List<PrivateKey> keys = Fixtures.keys(n, 1);
    Committee committee = Fixtures.committee(keys);
    SplittableRandom random = new SplittableRandom(seed);
    TrustedDealer dealer = new TrustedDealer(n, seed);
    FieldElement[] xs = Shamir.share(FieldElement.of(x), 1, n, random);
    FieldElement[] ys = Shamir.share(FieldElement.of(y), 1, n, random);
    List<Envelope> seen = new ArrayList<>();
    List<io.parley.zk.session.ProtocolSession<List<FieldElement[]>>> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SecureArithmetic a = new SecureArithmetic(new OnlineContext(i, n, dealer.forParty(i)));
      Comparisons c = new Comparisons(a);
      FieldElement[] xi = {xs[i], xs[i]};
      FieldElement[] yi = {ys[i], ys[i]};
      FieldElement[] d = Vectors.subtract(xi, yi);
      List<Program<FieldElement[]>> parts =
          new ArrayList<>(List.of(a.multiply(xi, yi), c.lessThanZero(d, 33), c.equalsZero(d, 33)));
      if (leak) {
        parts.add(a.open(xi));
      }
      KingSession<List<FieldElement[]>> s =
          new KingSession<>(
              committee, i, Fixtures.id(seed), Program.all(parts), Optional.of(keys.get(i)));
      sessions.add(i == 1 ? new io.parley.zk.testing.RecordingSession<>(s, seen) : s);
    }
    new Simulation<>(sessions, Map.of(), seed).run();
    seen.sort(
        Comparator.comparingInt(Envelope::step)
            .thenComparingInt(e -> e.kind().code())
            .thenComparingInt(Envelope::sender));
    List<FieldElement> out = new ArrayList<>();
    for (Envelope e : seen) {
      out.addAll(List.of(e.values()));
    }
    return out;
  }

  static int[][] histogram(long x, long y, boolean leak, long seedBase) {
    int[][] counts = null;
    for (int r = 0; r < RUNS; r++) {
      List<FieldElement> v = view(x, y, seedBase + r, leak);
      if (counts == null) {
        counts = new int[v.size()][BUCKETS];
      }
      for (int i = 0; i < Math.min(v.size(), counts.length); i++) {
        counts[i][(int) (v.get(i).lo() & (BUCKETS - 1))]++;
      }
    }
    return counts;
  }

  static double zScore(int[][] a, int[][] b) {
    double worst = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      double chi = 0;
      int dof = -1;
      for (int k = 0; k < BUCKETS; k++) {
        int total = a[i][k] + b[i][k];
        if (total == 0) {
          continue;
        }
        double expected = total / 2.0;
        chi += Math.pow(a[i][k] - expected, 2) / expected;
        chi += Math.pow(b[i][k] - expected, 2) / expected;
        dof++;
      }
      if (dof > 0) {
        worst = Math.max(worst, (chi - dof) / Math.sqrt(2.0 * dof));
      }
    }
    return worst;
  }

  @Test
  void aCorruptMembersViewIsDistributedAlikeForDifferentInputs() {
    double z = zScore(histogram(5, 1_000_000, false, 1000), histogram(-7, 3, false, 5000));
    // about 630 positions, 7 degrees of freedom each: z > 9 (chi-square > 40.7, p < 1e-6 per
    // position) has a family-wise false-alarm rate below 1e-3; the leak below scores in the
    // hundreds
    assertThat(z).isLessThan(9.0);
  }

  @Test
  void theTestDetectsALeakingProtocol() {
    double z = zScore(histogram(5, 1_000_000, true, 1000), histogram(-7, 3, true, 5000));
    assertThat(z).isGreaterThan(30.0);
  }
}
