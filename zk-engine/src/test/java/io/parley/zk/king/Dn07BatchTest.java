package io.parley.zk.king;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameCodec;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Kind;
import io.parley.zk.prss.Prss;
import io.parley.zk.prss.PrssKeys;
import io.parley.zk.prss.Subsets;
import io.parley.zk.sharing.ReedSolomon;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PRSS + one degree-2t king opening make correct triples, randoms and bits, or name a cheater. */
class Dn07BatchTest {
  private static final long SEED = 77L;
  private static final Dn07Batch.Plan PLAN = new Dn07Batch.Plan(300, 20, 200);

  /** Test keys for every t-subset (the key session agrees them in production). */
  static List<Prss> prss(int n, long seed) {
    return keys(n, seed).stream().map(Prss::new).toList();
  }

  static List<PrssKeys> keys(int n, long seed) {
    int t = (n - 1) / 3;
    SplittableRandom random = new SplittableRandom(seed);
    Map<Integer, byte[]> all = new HashMap<>();
    for (int s = 0; s < Subsets.count(n, t); s++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      all.put(s, key);
    }
    List<PrssKeys> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<Integer, byte[]> mine = new TreeMap<>();
      for (int s : Subsets.heldBy(n, t, i)) {
        mine.put(s, all.get(s));
      }
      out.add(new PrssKeys(n, t, i, mine));
    }
    return out;
  }

  static List<Dn07Session> run(
      int n, Map<Integer, Simulation.Adversary> corrupt, long seed, boolean malicious) {
    List<PrivateKey> keys = Fixtures.keys(n, seed);
    Committee committee = Fixtures.committee(keys);
    Bytes32 id = Fixtures.id(seed);
    List<PrssKeys> prss = keys(n, seed);
    List<Dn07Session> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sessions.add(
          Dn07Batch.session(
              committee,
              i,
              id,
              prss.get(i),
              PLAN,
              malicious ? Optional.of(keys.get(i)) : Optional.empty()));
    }
    new Simulation<>(sessions, corrupt, seed).run();
    return sessions;
  }

  static FieldElement open(List<FieldElement[]> shares, int index, int degree) {
    int n = shares.size();
    FieldElement[] column = new FieldElement[n];
    for (int i = 0; i < n; i++) {
      column[i] = shares.get(i)[index];
    }
    ReedSolomon code = new ReedSolomon(n, degree);
    assertThat(code.isCodeword(column))
        .as("value %d is a degree-%d sharing", index, degree)
        .isTrue();
    return code.interpolateZero(column);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void triplesRandomsAndBitsAreConsistentAndCorrect(int n) {
    for (boolean malicious : new boolean[] {true, false}) {
      List<Dn07Batch.Output> outputs = new ArrayList<>();
      for (Dn07Session s : run(n, Map.of(), SEED, malicious)) {
        outputs.add(((Outcome.Completed<Dn07Batch.Output>) s.outcome().orElseThrow()).value());
      }
      int t = (n - 1) / 3;
      int ones = 0;
      for (int j = 0; j < PLAN.triples(); j++) {
        int index = j;
        FieldElement a = open(outputs.stream().map(o -> o.batch().a()).toList(), index, t);
        FieldElement b = open(outputs.stream().map(o -> o.batch().b()).toList(), index, t);
        FieldElement c = open(outputs.stream().map(o -> o.batch().c()).toList(), index, t);
        assertThat(c).isEqualTo(a.multiply(b));
      }
      for (int j = 0; j < PLAN.randoms(); j++) {
        open(outputs.stream().map(o -> o.batch().randoms()).toList(), j, t);
      }
      for (int j = 0; j < PLAN.bits(); j++) {
        FieldElement bit = open(outputs.stream().map(Dn07Batch.Output::bits).toList(), j, t);
        assertThat(bit).isIn(FieldElement.ZERO, FieldElement.ONE);
        ones += bit.equals(FieldElement.ONE) ? 1 : 0;
      }
      assertThat(ones).isBetween(PLAN.bits() / 4, 3 * PLAN.bits() / 4);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void aWrongProductShareIsCaughtBeforeAnyOutputAndAKingsLieIsBlamed(int n) {
    for (long seed = SEED; seed < SEED + 2; seed++) {
      List<PrivateKey> keys = Fixtures.keys(n, seed);
      Map<Integer, Simulation.Adversary> wrongShare =
          Map.of(
              1,
              KingSessionTest.tamper(
                  keys.get(1),
                  Kind.KING_SHARES,
                  0,
                  -1,
                  e -> KingSessionTest.withValues(e, KingSessionTest.bump(e.values(), 3))));
      List<Dn07Session> replayed = run(n, wrongShare, seed, true);
      BlameVerifier replayVerifier = Blames.verifier(Fixtures.committee(keys));
      for (int i = 0; i < n; i++) {
        if (i == 1) {
          continue;
        }
        Outcome<Dn07Batch.Output> outcome = replayed.get(i).outcome().orElseThrow();
        // detected at degree 2t, then the disclosed batch keys name the sender
        assertThat(outcome).as("member %d", i).isInstanceOf(Outcome.Aborted.class);
        Accusation accusation = ((Outcome.Aborted<Dn07Batch.Output>) outcome).accusation();
        assertThat(accusation).as("member %d", i).isInstanceOf(Accusation.Proven.class);
        Blame blame = ((Accusation.Proven) accusation).blame();
        assertThat(blame).isInstanceOf(Blame.Replay.class);
        assertThat(blame.accused()).isEqualTo(1);
        assertThat(replayVerifier.verify(blame).valid()).isTrue();
        assertThat(replayVerifier.verify(Blames.decode(BlameCodec.encode(blame))).valid()).isTrue();
        // the same disclosures do not convict an honest member
        Blame.Replay r = (Blame.Replay) blame;
        assertThat(replayVerifier.verify(new Blame.Replay(0, r.envelopes())).valid()).isFalse();
      }
      Map<Integer, Simulation.Adversary> lyingKing =
          Map.of(
              2,
              KingSessionTest.tamper(
                  keys.get(2),
                  Kind.KING_VALUES,
                  0,
                  -1,
                  e -> KingSessionTest.lyingValues(e, keys.get(2))));
      List<Dn07Session> sessions = run(n, lyingKing, seed, true);
      BlameVerifier verifier = Blames.verifier(Fixtures.committee(keys));
      for (int i = 0; i < n; i++) {
        if (i == 2) {
          continue;
        }
        Outcome<Dn07Batch.Output> outcome = sessions.get(i).outcome().orElseThrow();
        assertThat(outcome).isInstanceOf(Outcome.Aborted.class);
        Accusation accusation = ((Outcome.Aborted<Dn07Batch.Output>) outcome).accusation();
        assertThat(accusation).isInstanceOf(Accusation.Proven.class);
        assertThat(((Accusation.Proven) accusation).blame().accused()).isEqualTo(2);
        assertThat(verifier.verify(((Accusation.Proven) accusation).blame()).valid()).isTrue();
      }
    }
  }

  @org.junit.jupiter.api.Test
  void aDisclosureContradictingTheOtherHoldersIsBlamedNeverAnHonestMember() {
    int n = 7;
    for (long seed = SEED; seed < SEED + 2; seed++) {
      List<PrivateKey> keys = Fixtures.keys(n, seed);
      Map<Integer, Simulation.Adversary> corrupt =
          Map.of(
              1,
              KingSessionTest.tamper(
                  keys.get(1),
                  Kind.KING_SHARES,
                  0,
                  -1,
                  e -> KingSessionTest.withValues(e, KingSessionTest.bump(e.values(), 0))),
              4,
              KingSessionTest.tamper(
                  keys.get(4),
                  Kind.DISCLOSE,
                  1,
                  -1,
                  e -> {
                    byte[] data = e.data().clone();
                    data[52] ^= 1; // first disclosed key
                    return e.withData(data);
                  }));
      List<Dn07Session> sessions = run(n, corrupt, seed, true);
      BlameVerifier verifier = Blames.verifier(Fixtures.committee(keys));
      for (int i = 0; i < n; i++) {
        if (corrupt.containsKey(i)) {
          continue;
        }
        Outcome<Dn07Batch.Output> outcome = sessions.get(i).outcome().orElseThrow();
        Accusation accusation = ((Outcome.Aborted<Dn07Batch.Output>) outcome).accusation();
        Blame blame = ((Accusation.Proven) accusation).blame();
        assertThat(blame.accused()).isIn(1, 4);
        assertThat(verifier.verify(blame).valid()).isTrue();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void aWrongCheckShareIsReplayedToItsSender(int n) {
    for (long seed = SEED; seed < SEED + 2; seed++) {
      List<PrivateKey> keys = Fixtures.keys(n, seed);
      BlameVerifier verifier = Blames.verifier(Fixtures.committee(keys));
      // to everyone: every honest member detects, discloses, and the replay names member 3
      Map<Integer, Simulation.Adversary> toAll =
          Map.of(
              3,
              KingSessionTest.tamper(
                  keys.get(3),
                  Kind.KING_CONFIRM,
                  0,
                  -1,
                  e -> KingSessionTest.withValues(e, KingSessionTest.bump(e.values(), 0))));
      List<Dn07Session> sessions = run(n, toAll, seed, true);
      for (int i = 0; i < n; i++) {
        if (i == 3) {
          continue;
        }
        Outcome<Dn07Batch.Output> outcome = sessions.get(i).outcome().orElseThrow();
        Accusation accusation = ((Outcome.Aborted<Dn07Batch.Output>) outcome).accusation();
        Blame blame = ((Accusation.Proven) accusation).blame();
        assertThat(blame).isInstanceOf(Blame.Replay.class);
        assertThat(blame.accused()).isEqualTo(3);
        assertThat(verifier.verify(blame).valid()).isTrue();
        assertThat(verifier.verify(new Blame.Replay(1, ((Blame.Replay) blame).envelopes())).valid())
            .isFalse();
      }
      // to one member only: the others already said OK and must not disclose; nobody uses the
      // batch, no honest member is blamed
      Map<Integer, Simulation.Adversary> toOne =
          Map.of(
              3,
              KingSessionTest.tamper(
                  keys.get(3),
                  Kind.KING_CONFIRM,
                  0,
                  0,
                  e -> KingSessionTest.withValues(e, KingSessionTest.bump(e.values(), 0))));
      List<Dn07Session> selective = run(n, toOne, seed, true);
      for (int i = 0; i < n; i++) {
        if (i == 3) {
          continue;
        }
        Outcome<Dn07Batch.Output> outcome = selective.get(i).outcome().orElseThrow();
        assertThat(outcome).as("member %d", i).isInstanceOf(Outcome.Aborted.class);
        Accusation accusation = ((Outcome.Aborted<Dn07Batch.Output>) outcome).accusation();
        if (accusation instanceof Accusation.Proven p) {
          assertThat(p.blame().accused()).isEqualTo(3);
        }
      }
    }
  }
}
