package io.parley.zk.rep4;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Test-only: a wallet's rep4 input sharing and seeded runs of four {@link Rep4InputCheck} sessions
 * over the simulated network, with the checks every run must pass.
 */
final class InputCheckRuns {
  static final byte[] KEY_SEED = {4, 2};

  private InputCheckRuns() {}

  /** x_0, x_1, x_2 uniform, x_3 = w - x_0 - x_1 - x_2 (mod 2^64), elementwise. */
  static long[][] deal(long[] values, SplittableRandom random) {
    long[][] x = new long[4][values.length];
    for (int e = 0; e < values.length; e++) {
      x[0][e] = random.nextLong();
      x[1][e] = random.nextLong();
      x[2][e] = random.nextLong();
      x[3][e] = values[e] - x[0][e] - x[1][e] - x[2][e];
    }
    return x;
  }

  /** What an honest wallet hands to each member: every component except the member's own. */
  static long[][][] handOut(long[][] components) {
    long[][][] dealt = new long[4][4][];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        dealt[i][j] = i == j ? null : components[j].clone();
      }
    }
    return dealt;
  }

  static List<Rep4InputCheck> sessions(long[][][] dealt, Bytes32 id) {
    List<Rep4InputCheck> sessions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sessions.add(
          new Rep4InputCheck(Rep4Net.context(i, true, KEY_SEED, id), Shares.of(i, dealt[i])));
    }
    return sessions;
  }

  /** Runs the check; every member ends with an outcome. */
  static List<Outcome<Boolean>> run(
      long[][][] dealt, Map<Integer, Simulation.Adversary> corrupt, long seed) {
    List<Rep4InputCheck> sessions = sessions(dealt, Fixtures.id(seed));
    new Simulation<>(sessions, corrupt, seed).run();
    return sessions.stream().map(s -> s.outcome().orElseThrow()).toList();
  }

  static List<Outcome<Boolean>> honestRun(long[] values, long seed) {
    return run(handOut(deal(values, new SplittableRandom(seed))), Map.of(), seed);
  }

  /**
   * The members not in {@code corrupt} end with equal outcomes, and any proven blame among them
   * names a corrupt member and convinces a third party.
   */
  static Outcome<Boolean> assertHonestAgree(
      List<Outcome<Boolean>> outcomes, List<Integer> corrupt) {
    BlameVerifier verifier = Blames.verifier(Rep4Net.COMMITTEE);
    Outcome<Boolean> agreed = null;
    for (int i = 0; i < 4; i++) {
      if (corrupt.contains(i)) {
        continue;
      }
      Outcome<Boolean> o = outcomes.get(i);
      if (o instanceof Outcome.Aborted<Boolean>(Accusation.Proven(Blame blame))) {
        assertThat(corrupt).as("member %d blames %d", i, blame.accused()).contains(blame.accused());
        assertThat(verifier.verify(blame).valid()).as("member %d's blame", i).isTrue();
      }
      if (agreed == null) {
        agreed = o;
      }
      assertThat(o).as("member %d", i).isEqualTo(agreed);
    }
    return agreed;
  }

  static Accusation accusation(Outcome<Boolean> outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Aborted.class);
    return ((Outcome.Aborted<Boolean>) outcome).accusation();
  }
}
