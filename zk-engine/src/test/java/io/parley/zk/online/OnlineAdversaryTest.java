package io.parley.zk.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Signer;
import io.parley.zk.protocol.Comparisons;
import io.parley.zk.protocol.CountingPreprocessing;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.Preprocessing;
import io.parley.zk.protocol.Program;
import io.parley.zk.protocol.SecureArithmetic;
import io.parley.zk.protocol.Vectors;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Adversaries;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import io.parley.zk.testing.TrustedDealer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnlineAdversaryTest {
  private static final long SEED = 606L;
  private static final long X = -41;
  private static final long Y = 1_000_003;

  /** x*y, x<y, x==y on shared 32-bit inputs, then opened. */
  static Program<FieldElement[]> program(OnlineContext context, FieldElement x, FieldElement y) {
    SecureArithmetic arithmetic = new SecureArithmetic(context);
    Comparisons comparisons = new Comparisons(arithmetic);
    FieldElement[] xs = {x};
    FieldElement[] ys = {y};
    FieldElement[] diff = Vectors.subtract(xs, ys);
    return Program.all(
            List.of(
                arithmetic.multiply(xs, ys),
                comparisons.lessThanZero(diff, 33),
                comparisons.equalsZero(diff, 33)))
        .then(
            parts ->
                arithmetic.open(
                    new FieldElement[] {parts.get(0)[0], parts.get(1)[0], parts.get(2)[0]}));
  }

  static int rounds() {
    OnlineContext context = new OnlineContext(0, 4, new CountingPreprocessing());
    return CountingPreprocessing.dryRun(program(context, FieldElement.ZERO, FieldElement.ZERO));
  }

  record Run(List<OnlineSession<FieldElement[]>> sessions, Committee committee) {}

  static Run run(int n, Map<Integer, Simulation.Adversary> corrupt, long seed) {
    List<PrivateKey> keys = Fixtures.keys(n, seed);
    Committee committee = Fixtures.committee(keys);
    TrustedDealer dealer = new TrustedDealer(n, seed);
    SplittableRandom random = new SplittableRandom(seed);
    FieldElement[] xs = Shamir.share(FieldElement.of(X), committee.threshold(), n, random);
    FieldElement[] ys = Shamir.share(FieldElement.of(Y), committee.threshold(), n, random);
    Bytes32 id = Fixtures.id(seed);
    List<OnlineSession<FieldElement[]>> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Preprocessing prep = dealer.forParty(i);
      sessions.add(
          new OnlineSession<>(
              committee,
              i,
              id,
              program(new OnlineContext(i, n, prep), xs[i], ys[i]),
              Signer.with(keys.get(i)),
              OnlineSession.Mode.MALICIOUS));
    }
    new Simulation<>(sessions, corrupt, seed).run();
    return new Run(sessions, committee);
  }

  static void assertSafe(Run run, Map<Integer, ?> corrupt, long seed, boolean mustDetect) {
    BlameVerifier verifier = Blames.verifier(run.committee());
    boolean detected = false;
    for (int i = 0; i < run.sessions().size(); i++) {
      if (corrupt.containsKey(i)) {
        continue;
      }
      Outcome<FieldElement[]> outcome = run.sessions().get(i).outcome().orElseThrow();
      String context = "seed " + seed + " member " + i + " outcome " + outcome;
      switch (outcome) {
        case Outcome.Completed<FieldElement[]> c -> {
          assertThat(c.value()[0].toSignedBigInteger().longValue()).as(context).isEqualTo(X * Y);
          assertThat(c.value()[1]).as(context).isEqualTo(FieldElement.ONE);
          assertThat(c.value()[2]).as(context).isEqualTo(FieldElement.ZERO);
        }
        case Outcome.Aborted<FieldElement[]> a -> {
          detected = true;
          switch (a.accusation()) {
            case Accusation.Proven p -> {
              assertThat(corrupt).as(context).containsKey(p.blame().accused());
              assertThat(verifier.verify(p.blame()).valid()).as(context).isTrue();
            }
            case Accusation.Timeout t -> assertThat(corrupt.keySet()).containsAll(t.silent());
            case Accusation.Unresolved u -> throw new AssertionError(context);
            case Accusation.InconsistentInput bad -> throw new AssertionError(context);
            case Accusation.InputOutOfRange bad -> throw new AssertionError(context);
          }
        }
      }
    }
    if (mustDetect) {
      assertThat(detected).as("seed %d: the deviation went unnoticed", seed).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void honestCommitteeComputesCorrectlyWithEqualTranscripts(int n) {
    Run run = run(n, Map.of(), SEED);
    assertSafe(run, Map.of(), SEED, false);
    Bytes32 first =
        ((Outcome.Completed<FieldElement[]>) run.sessions().get(0).outcome().orElseThrow())
            .transcript();
    for (OnlineSession<FieldElement[]> s : run.sessions()) {
      assertThat(((Outcome.Completed<FieldElement[]>) s.outcome().orElseThrow()).transcript())
          .isEqualTo(first);
    }
  }

  static void sweep(
      int n, Function<List<PrivateKey>, Map<Integer, Simulation.Adversary>> adversaries) {
    int rounds = rounds();
    for (long seed = SEED; seed < SEED + 3; seed++) {
      Map<Integer, Simulation.Adversary> corrupt = adversaries.apply(Fixtures.keys(n, seed));
      assertSafe(run(n, corrupt, seed), corrupt, seed, true);
    }
    assertThat(rounds).isGreaterThan(3);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void wrongShareInEveryRoundIsBlamedWithCheckableEvidence(int n) {
    for (int step = 0; step < rounds(); step++) {
      int s = step;
      sweep(n, keys -> Map.of(1, Adversaries.wrongShare(keys.get(1), s, 0)));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void inconsistentMessagesToDifferentMembersAreBlamed(int n) {
    sweep(n, keys -> Map.of(3, Adversaries.inconsistent(keys.get(3), 1, 0)));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void wrongOpeningOfTheOutputIsBlamed(int n) {
    int last = rounds() - 1;
    sweep(n, keys -> Map.of(0, Adversaries.wrongShare(keys.get(0), last, 2)));
  }

  @Test
  void twoCorruptMembersOfSevenAreBothCaughtNeverAnHonestOne() {
    int last = rounds() - 1;
    sweep(
        7,
        keys ->
            Map.of(
                2, Adversaries.wrongShare(keys.get(2), 2, 0),
                5, Adversaries.inconsistent(keys.get(5), last, 1)));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void silenceEndsInATimeoutNamingTheSilentMember(int n) {
    sweep(n, keys -> Map.of(2, Adversaries.silentFrom(3)));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void lateMessagesAreNotAcceptedAfterTheTimeout(int n) {
    sweep(n, keys -> Map.of(2, Adversaries.lateFrom(2)));
  }

  @Test
  void badlySignedMessagesCountAsSilence() {
    sweep(4, keys -> Map.of(1, Adversaries.forgedSignatures(keys.get(0))));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void offsetAdderNeverReceivesAnythingComputedFromItsOffset(int n) {
    // Brueggemann-Schneider late-check attack: member 1 adds an offset at step s and then waits
    // for the honest members' next messages, which would depend on it.
    for (int s = 0; s < rounds() - 1; s++) {
      List<PrivateKey> keys = Fixtures.keys(n, SEED);
      List<Envelope> seenByAttacker = new ArrayList<>();
      Simulation.Adversary offset = Adversaries.wrongShare(keys.get(1), s, 0);
      int attackStep = s;
      Run run = runRecording(n, Map.of(1, offset), seenByAttacker);
      assertSafe(run, Map.of(1, offset), SEED, true);
      assertThat(seenByAttacker)
          .as("step %d", attackStep)
          .allMatch(e -> e.step() <= attackStep || e.kind() != io.parley.zk.messages.Kind.OPEN);
    }
  }

  private static Run runRecording(
      int n, Map<Integer, Simulation.Adversary> corrupt, List<Envelope> seenByAttacker) {
    List<PrivateKey> keys = Fixtures.keys(n, SEED);
    Committee committee = Fixtures.committee(keys);
    TrustedDealer dealer = new TrustedDealer(n, SEED);
    SplittableRandom random = new SplittableRandom(SEED);
    FieldElement[] xs = Shamir.share(FieldElement.of(X), committee.threshold(), n, random);
    FieldElement[] ys = Shamir.share(FieldElement.of(Y), committee.threshold(), n, random);
    List<OnlineSession<FieldElement[]>> sessions = new ArrayList<>();
    List<io.parley.zk.session.ProtocolSession<FieldElement[]>> driven = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      OnlineSession<FieldElement[]> session =
          new OnlineSession<>(
              committee,
              i,
              Fixtures.id(SEED),
              program(new OnlineContext(i, n, dealer.forParty(i)), xs[i], ys[i]),
              Signer.with(keys.get(i)),
              OnlineSession.Mode.MALICIOUS);
      sessions.add(session);
      driven.add(
          corrupt.containsKey(i)
              ? new io.parley.zk.testing.RecordingSession<>(session, seenByAttacker)
              : session);
    }
    new Simulation<>(driven, corrupt, SEED).run();
    return new Run(sessions, committee);
  }
}
