package io.parley.zk.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Signer;
import io.parley.zk.online.OnlineSession;
import io.parley.zk.protocol.InputCheck;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.SecureArithmetic;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import io.parley.zk.testing.TrustedDealer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Shamir consistency check with the wallet's mask, and the disclosure that attributes its
 * failure (secret-inputs.md section 6.1): a located member that was dealt an inconsistent share
 * shows the sender's fault, one that lied shows its own, and nobody can use a disclosure to frame
 * an honest sender or to learn an honest member's shares.
 */
class DisclosureTest {
  private static final int M = 3;

  /** What each member was dealt (M values, then the mask) and the sessions after the check. */
  private record Run(
      Committee committee, Bytes32 session, FieldElement[][] dealt, List<OnlineSession<?>> ended) {
    Accusation.InconsistentInput inconsistent(int member) {
      Outcome<?> o = ended.get(member).outcome().orElseThrow();
      return (Accusation.InconsistentInput) ((Outcome.Aborted<?>) o).accusation();
    }
  }

  /**
   * Runs the check; {@code badDealing} gives that member an inconsistent share of value 1 (or the
   * mask, {@code value} = M), {@code liar} makes that member open a w computed from another mask.
   */
  private static Run run(int n, int badDealing, int value, int liar) {
    List<PrivateKey> keys = Fixtures.keys(n, 11);
    Committee committee = Fixtures.committee(keys);
    TrustedDealer dealer = new TrustedDealer(n, 11);
    SplittableRandom random = new SplittableRandom(11);
    FieldElement[][] dealt = new FieldElement[n][M + 1];
    for (int k = 0; k <= M; k++) {
      FieldElement v = k < M ? FieldElement.of(500 + k) : FieldElement.of(random.nextLong() >>> 1);
      FieldElement[] s = Shamir.share(v, committee.threshold(), n, random);
      for (int i = 0; i < n; i++) {
        dealt[i][k] = s[i];
      }
    }
    if (badDealing >= 0) {
      dealt[badDealing][value] = dealt[badDealing][value].add(FieldElement.of(7));
    }
    Bytes32 session = Bytes32.repeat((byte) 0x5e);
    List<OnlineSession<Boolean>> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SecureArithmetic a = new SecureArithmetic(new OnlineContext(i, n, dealer.forParty(i)));
      FieldElement mask = dealt[i][M].add(i == liar ? FieldElement.ONE : FieldElement.ZERO);
      sessions.add(
          new OnlineSession<>(
              committee,
              i,
              session,
              InputCheck.program(a, java.util.Arrays.copyOf(dealt[i], M), Optional.of(mask)),
              Signer.with(keys.get(i)),
              OnlineSession.Mode.MALICIOUS,
              false));
    }
    new Simulation<>(sessions, Map.of(), 11).run();
    return new Run(committee, session, dealt, List.copyOf(sessions));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void aConsistentDealingPassesWithTheWalletsMaskAndUsesOneRandom(int n) {
    Run r = run(n, -1, 0, -1);
    for (OnlineSession<?> s : r.ended()) {
      assertThat(s.outcome().orElseThrow()).isInstanceOf(Outcome.Completed.class);
    }
    assertThat(InputCheck.randoms(true)).isEqualTo(1);
    assertThat(InputCheck.randoms(false)).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void aLocatedMemberDealtAnInconsistentShareShowsTheSendersFault(int n) {
    for (int value : new int[] {1, M}) { // a value's share, then the mask's
      Run r = run(n, 2, value, -1);
      for (int i = 0; i < n; i++) {
        assertThat(r.inconsistent(i).members()).containsExactly(2);
      }
      Accusation.InconsistentInput own = r.inconsistent(2);
      assertThat(Disclosure.judge(r.committee(), r.session(), 2, r.dealt()[2], own.openings()))
          .isEqualTo(Disclosure.Verdict.SENDER);
      // the openings as the chain receives them
      List<Envelope> decoded = Disclosure.decode(Disclosure.encode(own.openings()));
      assertThat(Disclosure.judge(r.committee(), r.session(), 2, r.dealt()[2], decoded))
          .isEqualTo(Disclosure.Verdict.SENDER);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void aMemberThatLiedInTheCheckShowsItsOwnFault(int n) {
    Run r = run(n, -1, 0, 1);
    Accusation.InconsistentInput seen = r.inconsistent(0);
    assertThat(seen.members()).containsExactly(1);
    // what member 1 was really dealt does not give the w it signed
    assertThat(Disclosure.judge(r.committee(), r.session(), 1, r.dealt()[1], seen.openings()))
        .isEqualTo(Disclosure.Verdict.MEMBER);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void nobodyFramesAnHonestSenderOrMakesAnHonestMemberDisclose(int n) {
    Run r = run(n, -1, 0, 1); // honest sender, member 1 lies
    List<Envelope> openings = r.inconsistent(0).openings();
    // an honest member is never located, so its shares can never be asked for or shown
    for (int honest : new int[] {0, 2, 3}) {
      assertThatThrownBy(
              () ->
                  Disclosure.judge(r.committee(), r.session(), honest, r.dealt()[honest], openings))
          .isInstanceOf(SecretInputException.class)
          .hasMessageContaining("do not locate member " + honest);
    }
    // the liar cannot claim other shares to turn its lie into the sender's fault: only shares that
    // give its signed w would, and the caller checks the shares against the sender's commitment c_j
    FieldElement[] claimed = r.dealt()[1].clone();
    claimed[M] = claimed[M].add(FieldElement.ONE);
    assertThat(Disclosure.judge(r.committee(), r.session(), 1, claimed, openings))
        .isEqualTo(Disclosure.Verdict.SENDER);
  }

  @Test
  void openingsThatAreNotTheChecksAreRefused() {
    Run r = run(4, 2, 1, -1);
    List<Envelope> openings = r.inconsistent(2).openings();
    FieldElement[] dealt = r.dealt()[2];
    assertThatThrownBy(() -> Disclosure.judge(r.committee(), Bytes32.ZERO, 2, dealt, openings))
        .hasMessageContaining("another session");
    List<Envelope> fewer = openings.subList(0, 7);
    assertThatThrownBy(() -> Disclosure.judge(r.committee(), r.session(), 2, dealt, fewer))
        .hasMessageContaining("the 8 openings");
    List<Envelope> tampered = new ArrayList<>(openings);
    Envelope w3 = tampered.get(7);
    tampered.set(
        7,
        w3.withValues(new FieldElement[] {w3.values()[0].add(FieldElement.ONE)})
            .withSignature(w3.signature().orElseThrow()));
    assertThatThrownBy(() -> Disclosure.judge(r.committee(), r.session(), 2, dealt, tampered))
        .hasMessageContaining("not signed by member 3");
    List<Envelope> swapped = new ArrayList<>(openings);
    swapped.set(0, openings.get(1));
    assertThatThrownBy(() -> Disclosure.judge(r.committee(), r.session(), 2, dealt, swapped))
        .hasMessageContaining("expected step 0 of member 0");
    byte[] encoded = Disclosure.encode(openings);
    byte[] trailing = java.util.Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> Disclosure.decode(trailing)).hasMessageContaining("trailing");
    assertThatThrownBy(() -> Disclosure.decode(java.util.Arrays.copyOf(encoded, 9)))
        .isInstanceOf(SecretInputException.class);
  }

  @Test
  void theCombinationIsTheMaskPlusTheValuesWeightedByPowersOfRho() {
    BigInteger p = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
    FieldElement[] x = {FieldElement.of(3), FieldElement.of(5), FieldElement.of(11)};
    FieldElement rho = FieldElement.of(BigInteger.TWO.pow(100).add(BigInteger.valueOf(9)));
    BigInteger r = rho.toBigInteger();
    BigInteger expected =
        BigInteger.valueOf(1000)
            .add(BigInteger.valueOf(3).multiply(r))
            .add(BigInteger.valueOf(5).multiply(r.pow(2)))
            .add(BigInteger.valueOf(11).multiply(r.pow(3)))
            .mod(p);
    assertThat(InputCheck.combination(x, FieldElement.of(1000), rho).toBigInteger())
        .isEqualTo(expected);
  }
}
