package io.parley.zk.preprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Kind;
import io.parley.zk.testing.Adversaries;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Square pairs (r, r^2) made next to triples in one checked batch. */
class SquarePairsTest {
  private static final long SEED = 4242L;
  private static final int TRIPLES = 6;
  private static final int SQUARES = 5;

  static PreprocessingAdversaryTest.Run run(
      int n, Map<Integer, Simulation.Adversary> corrupt, long seed) {
    List<PrivateKey> keys = Fixtures.keys(n, seed);
    Committee committee = Fixtures.committee(keys);
    BatchPlan plan = new BatchPlan(n, TRIPLES, 2, SQUARES);
    Bytes32 batch = Fixtures.id(seed);
    List<PreprocessingSession> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sessions.add(
          new PreprocessingSession(
              committee, i, plan, batch, Fixtures.id(seed * 17 + i), keys.get(i)));
    }
    new Simulation<>(sessions, corrupt, seed).run();
    return new PreprocessingAdversaryTest.Run(sessions, committee);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void honestCommitteeProducesSquarePairs(int n) {
    PreprocessingAdversaryTest.Run run = run(n, Map.of(), SEED);
    PreprocessingAdversaryTest.assertSafe(run, Set.of(), SEED, false);
    List<BatchOutput> outputs = new ArrayList<>();
    for (PreprocessingSession s : run.sessions()) {
      outputs.add(((Outcome.Completed<BatchOutput>) s.outcome().orElseThrow()).value());
    }
    assertThat(outputs.get(0).roots()).hasSize(SQUARES);
    assertThat(outputs.get(0).randoms()).hasSize(2);
    for (int k = 0; k < SQUARES; k++) {
      List<FieldElement> roots = new ArrayList<>();
      List<FieldElement> squares = new ArrayList<>();
      for (BatchOutput o : outputs) {
        roots.add(o.roots()[k]);
        squares.add(o.squares()[k]);
      }
      FieldElement r = PreprocessingAdversaryTest.open(roots, n);
      assertThat(r.isZero()).isFalse();
      assertThat(PreprocessingAdversaryTest.open(squares, n)).isEqualTo(r.square());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void wrongSquareIsReplayedAndBlamed(int n) {
    for (long seed = SEED; seed < SEED + 2; seed++) {
      int bad = (int) (seed % n);
      PrivateKey key = Fixtures.keys(n, seed).get(bad);
      Simulation.Adversary adversary =
          Adversaries.offset(
              key, Kind.DEAL, BatchPlan.RESHARE, TRIPLES + 2, FieldElement.of(3), j -> true);
      PreprocessingAdversaryTest.assertSafe(
          run(n, Map.of(bad, adversary), seed), Set.of(bad), seed, true);
    }
  }
}
