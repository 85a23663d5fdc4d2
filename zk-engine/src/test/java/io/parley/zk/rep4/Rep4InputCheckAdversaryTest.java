package io.parley.zk.rep4;

import static io.parley.zk.rep4.InputCheckRuns.assertHonestAgree;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.OpeningBlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.Signer;
import io.parley.zk.session.Action;
import io.parley.zk.testing.Adversaries;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * One corrupt member in the wallet-dealt input check, honest wallet: the honest members reach the
 * same outcome, blame only the corrupt member and only with evidence a third party accepts.
 */
class Rep4InputCheckAdversaryTest {
  private static final long[] VALUES = {17, -3, Long.MAX_VALUE};

  private static List<Outcome<Boolean>> run(
      int cheater, Simulation.Adversary adversary, long seed) {
    long[][] x = InputCheckRuns.deal(VALUES, new SplittableRandom(seed));
    return InputCheckRuns.run(InputCheckRuns.handOut(x), Map.of(cheater, adversary), seed);
  }

  private static PrivateKey key(int member) {
    return Rep4Net.KEYS.get(member);
  }

  private static boolean statement(Envelope e) {
    return e.kind() == Kind.INPUT_DIGESTS;
  }

  /** Re-signed statement with one bit of the digest of {@code component} flipped. */
  private static UnaryOperator<Envelope> flipDigest(int component, int bit) {
    return e -> {
      byte[] data = e.data().clone();
      data[InputDigests.position(e.sender(), component) * 32 + bit / 8] ^= 1 << (bit % 8);
      return e.withData(data);
    };
  }

  private static Simulation.Adversary rewrite(
      int cheater, BiPredicate<Integer, Envelope> which, UnaryOperator<Envelope> change) {
    return Adversaries.rewrite(key(cheater), which, change);
  }

  @Test
  void memberLyingAboutADigestToEveryoneIsNamedAsOddHolder() {
    long seed = 100;
    for (int liar = 0; liar < 4; liar++) {
      for (int j = 0; j < 4; j++) {
        if (j == liar) {
          continue;
        }
        Simulation.Adversary lie = rewrite(liar, (to, e) -> statement(e), flipDigest(j, 77));
        Outcome<Boolean> agreed = assertHonestAgree(run(liar, lie, seed++), List.of(liar));
        assertThat(InputCheckRuns.accusation(agreed))
            .as("liar %d on component %d", liar, j)
            .isEqualTo(new Accusation.InconsistentInput(1, List.of(liar)));
      }
    }
  }

  @Test
  void memberSendingDifferentStatementsIsBlamedWithAVerifiableEquivocation() {
    long seed = 200;
    for (int cheater = 0; cheater < 4; cheater++) {
      for (int victim = 0; victim < 4; victim++) {
        if (victim == cheater) {
          continue;
        }
        int v = victim;
        int component = (cheater + 1) % 4;
        Simulation.Adversary equivocate =
            rewrite(cheater, (to, e) -> to == v && statement(e), flipDigest(component, 3));
        assertEquivocationBlamed(run(cheater, equivocate, seed), cheater, seed++);
      }
    }
  }

  @Test
  void memberSendingThreeDifferentStatementsIsBlamed() {
    for (long seed = 300; seed < 304; seed++) {
      int cheater = (int) (seed % 4);
      Simulation.Adversary threeWays =
          (member, actions, sim) -> {
            List<Action> out = new ArrayList<>();
            for (Action a : actions) {
              if (a instanceof Action.Send s && statement(s.envelope())) {
                Envelope changed = flipDigest((cheater + 1) % 4, s.to()).apply(s.envelope());
                out.add(new Action.Send(s.to(), resign(changed, cheater)));
              } else {
                out.add(a);
              }
            }
            return out;
          };
      assertEquivocationBlamed(run(cheater, threeWays, seed), cheater, seed);
    }
  }

  private static void assertEquivocationBlamed(
      List<Outcome<Boolean>> outcomes, int cheater, long seed) {
    Outcome<Boolean> agreed = assertHonestAgree(outcomes, List.of(cheater));
    Accusation accusation = InputCheckRuns.accusation(agreed);
    assertThat(accusation).as("seed %d", seed).isInstanceOf(Accusation.Proven.class);
    Blame blame = ((Accusation.Proven) accusation).blame();
    assertThat(blame).isInstanceOf(Blame.Equivocation.class);
    assertThat(blame.accused()).isEqualTo(cheater);
    assertThat(blame.computation()).isEqualTo(Fixtures.id(seed));
    assertThat(Blames.verifier(Rep4Net.COMMITTEE).verify(blame).valid()).isTrue();
    assertThat(new OpeningBlameVerifier(Rep4Net.COMMITTEE).verify(blame).valid()).isTrue();
    Blame decoded = Blames.decode(Blames.encode(blame));
    assertThat(decoded).isEqualTo(blame);
    assertThat(Blames.verifier(Rep4Net.COMMITTEE).verify(decoded).valid()).isTrue();
  }

  @Test
  void twoStatementsToOneMemberLeaveHonestMembersAgreeing() {
    for (long seed = 400; seed < 412; seed++) {
      int cheater = (int) (seed % 4);
      int victim = (cheater + 1 + (int) (seed % 3)) % 4;
      Simulation.Adversary twice =
          (member, actions, sim) -> {
            List<Action> out = new ArrayList<>(actions);
            for (Action a : actions) {
              if (a instanceof Action.Send s && s.to() == victim && statement(s.envelope())) {
                Envelope other = flipDigest((cheater + 1) % 4, 9).apply(s.envelope());
                out.add(new Action.Send(victim, resign(other, cheater)));
              }
            }
            return out;
          };
      Outcome<Boolean> agreed = assertHonestAgree(run(cheater, twice, seed), List.of(cheater));
      if (agreed instanceof Outcome.Aborted<Boolean> aborted) {
        assertThat(aborted.accusation()).isInstanceOf(Accusation.Proven.class);
      } else {
        assertThat(((Outcome.Completed<Boolean>) agreed).value()).isTrue();
      }
    }
  }

  @Test
  void statementWithheldFromTwoMembersReachesThemThroughAnEcho() {
    for (long seed = 500; seed < 504; seed++) {
      int cheater = (int) (seed % 4);
      int told = (cheater + 2) % 4;
      Simulation.Adversary withhold =
          (member, actions, sim) ->
              actions.stream()
                  .filter(
                      a ->
                          !(a instanceof Action.Send s
                              && statement(s.envelope())
                              && s.to() != told))
                  .toList();
      Outcome<Boolean> agreed = assertHonestAgree(run(cheater, withhold, seed), List.of(cheater));
      assertThat(agreed).isInstanceOf(Outcome.Completed.class);
      assertThat(((Outcome.Completed<Boolean>) agreed).value()).isTrue();
    }
  }

  @Test
  void silentMemberIsNamedByATimeout() {
    for (int silent = 0; silent < 4; silent++) {
      for (int step = 0; step <= 1; step++) {
        Outcome<Boolean> agreed =
            assertHonestAgree(
                run(silent, Adversaries.silentFrom(step), 600 + silent), List.of(silent));
        assertThat(InputCheckRuns.accusation(agreed))
            .as("member %d silent from step %d", silent, step)
            .isEqualTo(new Accusation.Timeout(step, List.of(silent)));
      }
    }
  }

  @Test
  void forgedSignaturesCountAsSilence() {
    Outcome<Boolean> agreed =
        assertHonestAgree(run(2, Adversaries.forgedSignatures(key(3)), 700), List.of(2));
    assertThat(InputCheckRuns.accusation(agreed)).isEqualTo(new Accusation.Timeout(0, List.of(2)));
  }

  /**
   * Before each real envelope the corrupt member sends broken variants of it: unsigned, tampered
   * after signing, wrong shape, other computation, malformed echo contents (signed by the member).
   * Honest members ignore them all and pass the input.
   */
  @Test
  void tamperedUnsignedAndMalformedEnvelopesAreIgnored() {
    for (long seed = 800; seed < 808; seed++) {
      int cheater = (int) (seed % 4);
      SplittableRandom noise = new SplittableRandom(seed);
      Simulation.Adversary broken =
          (member, actions, sim) -> {
            List<Action> out = new ArrayList<>();
            for (Action a : actions) {
              if (a instanceof Action.Send s) {
                for (Envelope bad : brokenVariants(s.envelope(), cheater, noise)) {
                  out.add(new Action.Send(s.to(), bad));
                }
              }
              out.add(a);
            }
            return out;
          };
      Outcome<Boolean> agreed = assertHonestAgree(run(cheater, broken, seed), List.of(cheater));
      assertThat(agreed).as("seed %d", seed).isInstanceOf(Outcome.Completed.class);
    }
  }

  private static List<Envelope> brokenVariants(Envelope e, int cheater, SplittableRandom noise) {
    List<Envelope> bad = new ArrayList<>();
    byte[] flipped = e.data().clone();
    flipped[noise.nextInt(flipped.length)] ^= 0x10;
    bad.add(e.withData(flipped));
    bad.add(
        new Envelope(
            e.computation(),
            e.step(),
            e.sender(),
            e.recipient(),
            e.kind(),
            e.values(),
            flipped,
            Optional.empty()));
    bad.add(resign(e.withData(Arrays.copyOf(e.data(), e.data().length - 1)), cheater));
    bad.add(resign(e.withData(Arrays.copyOf(e.data(), e.data().length + 32)), cheater));
    bad.add(resign(reshaped(e, e.step(), 0), cheater));
    bad.add(resign(reshaped(e, 1 - e.step(), e.recipient()), cheater));
    bad.add(resign(otherComputation(e), cheater));
    if (e.kind() == Kind.ECHO) {
      byte[] random = new byte[e.data().length];
      noise.nextBytes(random);
      bad.add(resign(e.withData(random), cheater));
      bad.add(resign(e.withData(forwardedSwapped(e.data())), cheater));
      byte[] innerTampered = e.data().clone();
      innerTampered[4 + 4 + 53 + 10] ^= 1; // a digest byte of the first forwarded statement
      bad.add(resign(e.withData(innerTampered), cheater));
      byte[] wrongCount = e.data().clone();
      wrongCount[3] = 2;
      bad.add(resign(e.withData(wrongCount), cheater));
    }
    return bad;
  }

  /** Echo data with its first two forwarded statements in the other order. */
  private static byte[] forwardedSwapped(byte[] data) {
    int size = 4 + InputDigests.STATEMENT_ENVELOPE_BYTES;
    byte[] out = data.clone();
    System.arraycopy(data, 4 + size, out, 4, size);
    System.arraycopy(data, 4, out, 4 + size, size);
    return out;
  }

  private static Envelope reshaped(Envelope e, int step, int recipient) {
    return new Envelope(
        e.computation(),
        step,
        e.sender(),
        recipient,
        e.kind(),
        e.values(),
        e.data(),
        e.signature());
  }

  private static Envelope otherComputation(Envelope e) {
    return new Envelope(
        Fixtures.id(-1),
        e.step(),
        e.sender(),
        e.recipient(),
        e.kind(),
        e.values(),
        e.data(),
        e.signature());
  }

  private static Envelope resign(Envelope e, int signer) {
    Envelope unsigned =
        new Envelope(
            e.computation(),
            e.step(),
            e.sender(),
            e.recipient(),
            e.kind(),
            e.values(),
            e.data(),
            Optional.empty());
    return Signer.with(key(signer)).sign(unsigned);
  }
}
