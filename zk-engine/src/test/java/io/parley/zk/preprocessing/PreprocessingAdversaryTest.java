package io.parley.zk.preprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Kind;
import io.parley.zk.sharing.ReedSolomon;
import io.parley.zk.testing.Adversaries;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreprocessingAdversaryTest {
  private static final long SEED = 9090L;

  record Run(List<PreprocessingSession> sessions, Committee committee) {}

  static Run run(int n, int triples, Map<Integer, Simulation.Adversary> corrupt, long seed) {
    List<PrivateKey> keys = Fixtures.keys(n, seed);
    Committee committee = Fixtures.committee(keys);
    BatchPlan plan = new BatchPlan(n, triples, 5);
    Bytes32 batch = Fixtures.id(seed);
    List<PreprocessingSession> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sessions.add(
          new PreprocessingSession(
              committee, i, plan, batch, Fixtures.id(seed * 31 + i), keys.get(i)));
    }
    new Simulation<>(sessions, corrupt, seed).run();
    return new Run(sessions, committee);
  }

  static FieldElement open(List<FieldElement> shares, int n) {
    return new ReedSolomon(n, (n - 1) / 3)
        .decode(shares.toArray(FieldElement[]::new))
        .orElseThrow()
        .value();
  }

  /** Honest members agree on the fate; kept batches are correct; blames are valid. */
  static void assertSafe(Run run, Set<Integer> corrupt, long seed, boolean mustAbort) {
    int n = run.committee().size();
    BlameVerifier verifier = Blames.verifier(run.committee());
    Set<String> fates = new HashSet<>();
    List<BatchOutput> outputs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Outcome<BatchOutput> outcome = run.sessions().get(i).outcome().orElseThrow();
      outputs.add(outcome instanceof Outcome.Completed<BatchOutput> c ? c.value() : null);
      if (corrupt.contains(i)) {
        continue;
      }
      String context = "seed " + seed + " member " + i + " " + outcome;
      fates.add(outcome.getClass().getSimpleName());
      if (outcome instanceof Outcome.Aborted<BatchOutput> a) {
        switch (a.accusation()) {
          case Accusation.Proven p -> {
            assertThat(corrupt).as(context).contains(p.blame().accused());
            assertThat(verifier.verify(p.blame()).valid()).as(context).isTrue();
          }
          case Accusation.Timeout t -> assertThat(corrupt).as(context).containsAll(t.silent());
          case Accusation.Unresolved u -> throw new AssertionError(context);
          case Accusation.InconsistentInput bad -> throw new AssertionError(context);
          case Accusation.InputOutOfRange bad -> throw new AssertionError(context);
        }
      }
    }
    assertThat(fates).as("seed %d: honest members disagree on the batch", seed).hasSize(1);
    if (mustAbort) {
      assertThat(fates).as("seed %d: deviation not caught", seed).containsExactly("Aborted");
      return;
    }
    if (fates.contains("Completed")) {
      int triples = outputs.stream().filter(o -> o != null).findFirst().orElseThrow().a().length;
      for (int m = 0; m < triples; m++) {
        List<FieldElement> a = new ArrayList<>();
        List<FieldElement> b = new ArrayList<>();
        List<FieldElement> c = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          BatchOutput o = outputs.get(i);
          a.add(o.a()[m]);
          b.add(o.b()[m]);
          c.add(o.c()[m]);
        }
        assertThat(open(c, n)).isEqualTo(open(a, n).multiply(open(b, n)));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void honestCommitteeProducesCorrectTriples(int n) {
    assertSafe(run(n, 20, Map.of(), SEED), Set.of(), SEED, false);
  }

  static void sweep(int n, int bad, Function<PrivateKey, Simulation.Adversary> adversary) {
    for (long seed = SEED; seed < SEED + 2; seed++) {
      PrivateKey key = Fixtures.keys(n, seed).get(bad);
      assertSafe(run(n, 12, Map.of(bad, adversary.apply(key)), seed), Set.of(bad), seed, true);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void wrongMultiplicationResultIsReplayedAndBlamed(int n) {
    sweep(
        n,
        1,
        key ->
            Adversaries.offset(
                key, Kind.DEAL, BatchPlan.RESHARE, 3, FieldElement.of(5), j -> true));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void inconsistentDealingIsReplayedAndBlamed(int n) {
    sweep(
        n,
        2,
        key ->
            Adversaries.offset(key, Kind.DEAL, BatchPlan.DEAL, 0, FieldElement.ONE, j -> j == 0));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void wrongCheckShareIsBlamed(int n) {
    sweep(
        n,
        0,
        key -> Adversaries.offset(key, Kind.OPEN, BatchPlan.CHECK, 1, FieldElement.ONE, j -> true));
  }

  @Test
  void equivocatingCoinIsBlamed() {
    sweep(
        4,
        3,
        key ->
            Adversaries.rewrite(
                key, (to, e) -> e.kind() == Kind.COIN && to == 1, e -> e.withData(new byte[32])));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void frivolousAbortIsBlamedOnItsStarter(int n) {
    sweep(
        n,
        1,
        key ->
            Adversaries.rewrite(
                key,
                (to, e) -> e.kind() == Kind.VERDICT && e.step() == BatchPlan.FIRST_VERDICT,
                e ->
                    e.withData(
                        AbortChain.empty().extend(e.computation(), e.sender(), key).encode())));
  }

  @Test
  void malformedDisclosureIsBlamed() {
    Function<PrivateKey, Simulation.Adversary> both =
        key -> {
          Simulation.Adversary abort =
              Adversaries.rewrite(
                  key,
                  (to, e) -> e.kind() == Kind.VERDICT && e.step() == BatchPlan.FIRST_VERDICT,
                  e ->
                      e.withData(
                          AbortChain.empty().extend(e.computation(), e.sender(), key).encode()));
          Simulation.Adversary garbage =
              Adversaries.rewrite(
                  key, (to, e) -> e.kind() == Kind.DISCLOSE, e -> e.withData(new byte[] {1, 2}));
          return (member, actions, sim) ->
              garbage.tamper(member, abort.tamper(member, actions, sim), sim);
        };
    sweep(4, 2, both);
  }

  @Test
  void envelopePlantedFromAnotherBatchNeverFramesItsHonestSigner() {
    int n = 4;
    long seed = SEED;
    List<io.parley.zk.messages.Envelope> captured = new ArrayList<>();
    Simulation.Adversary recorder =
        (member, actions, sim) -> {
          for (io.parley.zk.session.Action a : actions) {
            if (a instanceof io.parley.zk.session.Action.Send s
                && s.to() == 3
                && s.envelope().step() == BatchPlan.DEAL) {
              captured.add(s.envelope());
            }
          }
          return actions;
        };
    run(n, 12, Map.of(0, recorder), seed + 100); // another batch, all honest
    assertThat(captured).hasSize(1);
    PrivateKey key = Fixtures.keys(n, seed).get(3);
    Simulation.Adversary abort =
        Adversaries.rewrite(
            key,
            (to, e) -> e.kind() == Kind.VERDICT && e.step() == BatchPlan.FIRST_VERDICT,
            e -> e.withData(AbortChain.empty().extend(e.computation(), e.sender(), key).encode()));
    Simulation.Adversary plant =
        Adversaries.rewrite(
            key,
            (to, e) -> e.kind() == Kind.DISCLOSE,
            e -> {
              SeedDisclosure d = SeedDisclosure.decode(e.data());
              List<io.parley.zk.messages.Envelope> forged = new ArrayList<>(d.received());
              forged.replaceAll(
                  x -> x.sender() == 0 && x.step() == BatchPlan.DEAL ? captured.get(0) : x);
              return e.withData(new SeedDisclosure(d.seed(), d.plan(), forged).encode());
            });
    Simulation.Adversary both =
        (member, actions, sim) -> plant.tamper(member, abort.tamper(member, actions, sim), sim);
    assertSafe(run(n, 12, Map.of(3, both), seed), Set.of(3), seed, true);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void lateMemberEndsInTimeoutAndItsLateMessagesAreIgnored(int n) {
    sweep(n, 1, key -> Adversaries.lateFrom(BatchPlan.COIN));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void silentMemberEndsInTimeout(int n) {
    sweep(n, 0, key -> Adversaries.silentFrom(BatchPlan.RESHARE));
  }
}
