package io.parley.zk.prss;

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
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.Signer;
import io.parley.zk.session.Action;
import io.parley.zk.sharing.ReedSolomon;
import io.parley.zk.testing.Adversaries;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrssKeySessionTest {
  private static final Bytes32 ID = Fixtures.id(2026);

  private record Run(List<Optional<Outcome<PrssKeys>>> outcomes, Committee committee) {
    Outcome<PrssKeys> of(int member) {
      return outcomes.get(member).orElseThrow();
    }
  }

  private static List<PrivateKey> keys(int n) {
    return Fixtures.keys(n, 11);
  }

  private static Run run(int n, Map<Integer, Simulation.Adversary> corrupt, long seed) {
    Committee committee = Fixtures.committee(keys(n));
    List<PrssKeySession> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sessions.add(
          new PrssKeySession(
              committee, i, ID, Signer.with(keys(n).get(i)), new SplittableRandom(seed * 31 + i)));
    }
    new Simulation<>(sessions, corrupt, seed).run();
    return new Run(sessions.stream().map(PrssKeySession::outcome).toList(), committee);
  }

  private static Envelope withData(Envelope e, byte[] data, PrivateKey key) {
    return Signer.with(key)
        .sign(
            new Envelope(
                e.computation(),
                e.step(),
                e.sender(),
                e.recipient(),
                e.kind(),
                e.values(),
                data,
                Optional.empty()));
  }

  /** Rewrites the corrupt member's envelopes of one kind and step sent to {@code to}. */
  private static Simulation.Adversary rewrite(
      PrivateKey key,
      Kind kind,
      int step,
      Set<Integer> to,
      java.util.function.UnaryOperator<byte[]> change) {
    return (member, actions, sim) -> {
      List<Action> out = new ArrayList<>();
      for (Action a : actions) {
        if (a instanceof Action.Send s
            && s.envelope().kind() == kind
            && s.envelope().step() == step
            && to.contains(s.to())) {
          out.add(
              new Action.Send(
                  s.to(), withData(s.envelope(), change.apply(s.envelope().data().clone()), key)));
        } else {
          out.add(a);
        }
      }
      return out;
    };
  }

  private static byte[] flip(byte[] data, int index) {
    data[index] ^= 1;
    return data;
  }

  /**
   * Offset in the cheater's statement data of the digest of a key held by it but not the victim.
   */
  private static int digestOffsetOfAKeyNotHeldBy(int n, int cheater, int victim) {
    int t = (n - 1) / 3;
    List<Integer> held = Subsets.heldBy(n, t, cheater);
    int position = 0;
    while (!Subsets.contains(Subsets.of(n, t).get(held.get(position)), victim)) {
      position++;
    }
    return 4 + 36 * position + 4;
  }

  /** Every honest member ends with a proven blame of {@code cheater}, valid to a third party. */
  private static List<Blame> assertAllBlame(Run run, int cheater) {
    BlameVerifier verifier = Blames.verifier(run.committee());
    List<Blame> blames = new ArrayList<>();
    for (int i = 0; i < run.outcomes().size(); i++) {
      if (i == cheater) {
        continue;
      }
      assertThat(run.of(i)).as("member %d", i).isInstanceOf(Outcome.Aborted.class);
      Accusation a = ((Outcome.Aborted<PrssKeys>) run.of(i)).accusation();
      assertThat(a).as("member %d", i).isInstanceOf(Accusation.Proven.class);
      Blame blame = ((Accusation.Proven) a).blame();
      assertThat(blame.accused()).isEqualTo(cheater);
      assertThat(verifier.verify(blame).valid()).isTrue();
      assertThat(verifier.verify(Blames.decode(BlameCodec.encode(blame))).valid()).isTrue();
      blames.add(blame);
    }
    return blames;
  }

  @ParameterizedTest
  @CsvSource({"4,1", "4,2", "7,3", "7,4"})
  void honestMembersAgreeOnEveryKeyTheyHold(int n, long seed) {
    Run run = run(n, Map.of(), seed);
    int t = (n - 1) / 3;
    PrssKeys[] keys = new PrssKeys[n];
    for (int i = 0; i < n; i++) {
      assertThat(run.of(i)).isInstanceOf(Outcome.Completed.class);
      keys[i] = ((Outcome.Completed<PrssKeys>) run.of(i)).value();
      assertThat(keys[i].keys().keySet()).containsExactlyElementsOf(Subsets.heldBy(n, t, i));
      assertThat(((Outcome.Completed<PrssKeys>) run.of(i)).transcript())
          .isEqualTo(((Outcome.Completed<PrssKeys>) run.of(0)).transcript());
    }
    Set<String> distinct = new HashSet<>();
    List<int[]> subsets = Subsets.of(n, t);
    for (int a = 0; a < subsets.size(); a++) {
      int[] holders = Subsets.holders(n, subsets.get(a));
      byte[] first = keys[holders[0]].key(a);
      for (int h : holders) {
        assertThat(keys[h].key(a)).isEqualTo(first);
      }
      for (int m : subsets.get(a)) {
        assertThat(keys[m].keys()).doesNotContainKey(a);
      }
      distinct.add(Arrays.toString(first));
    }
    assertThat(distinct).hasSize(subsets.size());
    // the agreed keys drive PRSS: the members' shares lie on one degree-t polynomial
    FieldElement[] column = new FieldElement[n];
    for (int i = 0; i < n; i++) {
      column[i] = new Prss(keys[i].forBatch(ID)).random(0, 1)[0];
    }
    assertThat(new ReedSolomon(n, t).isCodeword(column)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"4,2,0", "7,5,3"})
  void aContributionOffItsStatementIsBlamedOnItsAuthor(int n, int cheater, int victim) {
    PrivateKey key = keys(n).get(cheater);
    // the first contribution of the DEAL to the victim: data = count i32 | subset i32 | 32 bytes
    Run run =
        run(n, Map.of(cheater, rewrite(key, Kind.DEAL, 0, Set.of(victim), d -> flip(d, 8))), 5);
    List<Blame> blames = assertAllBlame(run, cheater);
    Blame.PrssKeys proof =
        blames.stream()
            .filter(b -> b instanceof Blame.PrssKeys)
            .map(b -> (Blame.PrssKeys) b)
            .findFirst()
            .orElseThrow();
    assertForgeriesRejected(run.committee(), proof, cheater);
  }

  @ParameterizedTest
  @CsvSource({"4,2,0", "7,2,0", "7,6,1"})
  void aStatementSentInTwoVersionsIsBlamedAsEquivocation(int n, int cheater, int victim) {
    // change the digest of a key the victim does not hold, so its own contributions still match
    int offset = digestOffsetOfAKeyNotHeldBy(n, cheater, victim);
    PrivateKey key = keys(n).get(cheater);
    Run run =
        run(
            n,
            Map.of(cheater, rewrite(key, Kind.COIN, 0, Set.of(victim), d -> flip(d, offset))),
            9);
    for (Blame b : assertAllBlame(run, cheater)) {
      assertThat(b).isInstanceOf(Blame.Equivocation.class);
    }
  }

  @ParameterizedTest
  @CsvSource({"4,1", "7,4"})
  void twoStatementsToOneMemberAreEquivocation(int n, int cheater) {
    PrivateKey key = keys(n).get(cheater);
    int offset = digestOffsetOfAKeyNotHeldBy(n, cheater, 0);
    Simulation.Adversary twice =
        (member, actions, sim) -> {
          List<Action> out = new ArrayList<>(actions);
          for (Action a : actions) {
            if (a instanceof Action.Send s && s.envelope().kind() == Kind.COIN && s.to() == 0) {
              byte[] other = flip(s.envelope().data().clone(), offset);
              out.add(new Action.Send(0, withData(s.envelope(), other, key)));
            }
          }
          return out;
        };
    Run run = run(n, Map.of(cheater, twice), 3);
    BlameVerifier verifier = Blames.verifier(run.committee());
    Accusation a = ((Outcome.Aborted<PrssKeys>) run.of(0)).accusation();
    Blame blame = ((Accusation.Proven) a).blame();
    assertThat(blame).isInstanceOf(Blame.Equivocation.class);
    assertThat(blame.accused()).isEqualTo(cheater);
    assertThat(verifier.verify(blame).valid()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"4,3", "7,6"})
  void aMalformedStatementIsBlamedOnItsAuthor(int n, int cheater) {
    PrivateKey key = keys(n).get(cheater);
    Run run =
        run(
            n,
            Map.of(
                cheater,
                rewrite(
                    key,
                    Kind.COIN,
                    0,
                    Set.of(0, 1, 2, 3, 4, 5, 6),
                    d -> Arrays.copyOf(d, d.length - 1))),
            4);
    for (Blame b : assertAllBlame(run, cheater)) {
      assertThat(b).isInstanceOf(Blame.PrssKeys.class);
    }
  }

  @ParameterizedTest
  @CsvSource({"4,1,0", "4,1,1", "7,5,0", "7,5,1"})
  void silenceEndsInATimeoutNamingTheSilentMember(int n, int silent, int fromStep) {
    Run run = run(n, Map.of(silent, Adversaries.silentFrom(fromStep)), 8);
    for (int i = 0; i < n; i++) {
      if (i == silent) {
        continue;
      }
      Accusation a = ((Outcome.Aborted<PrssKeys>) run.of(i)).accusation();
      assertThat(a).isEqualTo(new Accusation.Timeout(fromStep, List.of(silent)));
    }
  }

  @ParameterizedTest
  @CsvSource({"4,3", "7,1"})
  void aForwardedStatementWithABadSignatureIsIgnored(int n, int forwarder) {
    // the forwarder alters every statement it forwards but cannot re-sign them for their authors
    Simulation.Adversary forge =
        (member, actions, sim) -> {
          List<Action> out = new ArrayList<>();
          for (Action a : actions) {
            if (a instanceof Action.Send s && s.envelope().kind() == Kind.ECHO) {
              List<Envelope> forged = new ArrayList<>();
              for (Envelope f : KeyMessages.decodeEcho(s.envelope().data(), n).orElseThrow()) {
                forged.add(
                    new Envelope(
                        f.computation(),
                        f.step(),
                        f.sender(),
                        f.recipient(),
                        f.kind(),
                        f.values(),
                        flip(f.data().clone(), 12),
                        f.signature()));
              }
              out.add(
                  new Action.Send(
                      s.to(),
                      withData(s.envelope(), KeyMessages.encodeEcho(forged), keys(n).get(member))));
            } else {
              out.add(a);
            }
          }
          return out;
        };
    Run run = run(n, Map.of(forwarder, forge), 6);
    for (int i = 0; i < n; i++) {
      assertThat(run.of(i)).isInstanceOf(Outcome.Completed.class);
    }
  }

  @org.junit.jupiter.api.Test
  void seededSweepOfCheatersAlwaysEndsInAValidBlameOfTheCheater() {
    for (long seed = 1; seed <= 24; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      int n = r.nextBoolean() ? 4 : 7;
      int cheater = r.nextInt(n);
      int victim = (cheater + 1 + r.nextInt(n - 1)) % n;
      PrivateKey key = keys(n).get(cheater);
      int attack = r.nextInt(3);
      Simulation.Adversary adversary =
          switch (attack) {
            case 0 -> rewrite(key, Kind.DEAL, 0, Set.of(victim), d -> flip(d, 8 + r.nextInt(32)));
            case 1 -> {
              int offset = digestOffsetOfAKeyNotHeldBy(n, cheater, victim);
              yield rewrite(key, Kind.COIN, 0, Set.of(victim), d -> flip(d, offset));
            }
            default -> rewrite(key, Kind.DEAL, 0, Set.of(victim), d -> Arrays.copyOf(d, 3));
          };
      Run run = run(n, Map.of(cheater, adversary), seed);
      assertAllBlame(run, cheater);
    }
  }

  @org.junit.jupiter.api.Test
  void aBlameNoticeThatDoesNotVerifyIsIgnored() {
    int n = 4;
    Committee committee = Fixtures.committee(keys(n));
    PrssKeySession session =
        new PrssKeySession(committee, 0, ID, Signer.with(keys(n).get(0)), new SplittableRandom(3));
    session.start();
    Envelope garbage =
        Envelope.unsigned(ID, 0, 1, Envelope.BROADCAST, Kind.BLAME, new FieldElement[0])
            .withData(new byte[] {5, 0, 0, 0, 1, 9, 9});
    assertThat(session.onMessage(garbage)).isEmpty();
    PrssEvidence empty = new PrssEvidence(1, ID, Optional.empty(), Optional.empty());
    Envelope unproven =
        Envelope.unsigned(ID, 0, 1, Envelope.BROADCAST, Kind.BLAME, new FieldElement[0])
            .withData(BlameCodec.encode(PrssBlameVerifier.blame(empty)));
    assertThat(session.onMessage(unproven)).isEmpty();
    assertThat(session.outcome()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void envelopesArrivingBeforeStartWaitForIt() {
    int n = 4;
    Committee committee = Fixtures.committee(keys(n));
    List<PrssKeySession> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sessions.add(
          new PrssKeySession(
              committee, i, ID, Signer.with(keys(n).get(i)), new SplittableRandom(40 + i)));
    }
    java.util.ArrayDeque<Action.Send> queue = new java.util.ArrayDeque<>();
    for (int i = 0; i < n - 1; i++) {
      sessions
          .get(i)
          .start()
          .forEach(
              a -> {
                if (a instanceof Action.Send s) queue.add(s);
              });
    }
    // member 3 receives everything addressed to it before it starts
    List<Action.Send> later = new ArrayList<>();
    for (Action.Send s : queue) {
      if (s.to() == 3) {
        assertThat(sessions.get(3).onMessage(s.envelope())).isEmpty();
      } else {
        later.add(s);
      }
    }
    assertThat(sessions.get(3).outcome()).isEmpty();
    queue.clear();
    queue.addAll(later);
    sessions
        .get(3)
        .start()
        .forEach(
            a -> {
              if (a instanceof Action.Send s) queue.add(s);
            });
    while (!queue.isEmpty()) {
      Action.Send s = queue.poll();
      sessions
          .get(s.to())
          .onMessage(s.envelope())
          .forEach(
              a -> {
                if (a instanceof Action.Send x) queue.add(x);
              });
    }
    for (PrssKeySession session : sessions) {
      assertThat(session.outcome().orElseThrow()).isInstanceOf(Outcome.Completed.class);
    }
  }

  /** Altered or misdirected evidence is rejected; so is evidence against an honest member. */
  private static void assertForgeriesRejected(
      Committee committee, Blame.PrssKeys proof, int cheater) {
    BlameVerifier verifier = Blames.verifier(committee);
    int n = committee.size();
    int honest = (cheater + 1) % n;
    assertThat(verifier.verify(proof).valid()).isTrue();
    assertThat(
            verifier
                .verify(new Blame.PrssKeys(honest, proof.computation(), proof.evidence()))
                .valid())
        .isFalse();
    PrssEvidence e = PrssEvidence.decode(proof.evidence());
    PrssEvidence renamed = new PrssEvidence(honest, e.computation(), e.statement(), e.deal());
    assertThat(verifier.verify(PrssBlameVerifier.blame(renamed)).valid()).isFalse();
    // a contribution set back to a matching value no longer carries the accused's signature
    Envelope deal = e.deal().orElseThrow();
    Envelope unsignedFix =
        new Envelope(
            deal.computation(),
            deal.step(),
            deal.sender(),
            deal.recipient(),
            deal.kind(),
            deal.values(),
            flip(deal.data().clone(), 8),
            deal.signature());
    PrssEvidence altered =
        new PrssEvidence(cheater, e.computation(), e.statement(), Optional.of(unsignedFix));
    assertThat(verifier.verify(PrssBlameVerifier.blame(altered)).valid()).isFalse();
    PrssEvidence statementOnly =
        new PrssEvidence(cheater, e.computation(), e.statement(), Optional.empty());
    assertThat(verifier.verify(PrssBlameVerifier.blame(statementOnly)).valid()).isFalse();
    PrssEvidence otherComputation =
        new PrssEvidence(cheater, Fixtures.id(1), e.statement(), e.deal());
    assertThat(verifier.verify(PrssBlameVerifier.blame(otherComputation)).valid()).isFalse();
    byte[] truncated = Arrays.copyOf(proof.evidence(), proof.evidence().length - 3);
    assertThat(verifier.verify(new Blame.PrssKeys(cheater, proof.computation(), truncated)).valid())
        .isFalse();
    // an honest member's genuine statement and contributions prove nothing against it
    PrssKeySession session =
        new PrssKeySession(
            committee, honest, ID, Signer.with(keys(n).get(honest)), new SplittableRandom(1));
    Envelope statement = null;
    Envelope honestDeal = null;
    for (Action a : session.start()) {
      if (a instanceof Action.Send s && s.envelope().kind() == Kind.COIN) {
        statement = s.envelope();
      } else if (a instanceof Action.Send s && s.envelope().kind() == Kind.DEAL) {
        honestDeal = s.envelope();
      }
    }
    PrssEvidence innocent =
        new PrssEvidence(honest, ID, Optional.of(statement), Optional.of(honestDeal));
    assertThat(PrssBlameVerifier.reject(committee, innocent))
        .contains("contributions match the statement");
    assertThat(verifier.verify(PrssBlameVerifier.blame(innocent)).valid()).isFalse();
  }
}
