package io.parley.zk.computation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Kind;
import io.parley.zk.testing.Adversaries;
import io.parley.zk.testing.Simulation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact range check of dealt inputs on Shamir shares (secret-inputs.md section 6 (b)): a wallet
 * can deal any element of GF(2^127 - 1) for an {@code i32} secret input, and every value outside
 * [-2^31, 2^31), however far, stops every member with {@link Accusation.InputOutOfRange} (nobody
 * blamed) before the circuit reads it; the values at the ends of the range run; a member rebuilt
 * after the check replays what it consumed, so the shares it draws later still match; and a member
 * that disturbs the check is blamed verifiably rather than getting an honest input rejected.
 */
class RangeCheckTest {
  static Stream<Arguments> shamir() {
    return Stream.of(
        Arguments.of(4, Protocols.SHAMIR_KING),
        Arguments.of(4, Protocols.SHAMIR_BROADCAST),
        Arguments.of(7, Protocols.SHAMIR_KING),
        Arguments.of(7, Protocols.SHAMIR_BROADCAST));
  }

  private static final BigInteger P = FieldElement.MODULUS;

  @ParameterizedTest
  @MethodSource("shamir")
  void aValueOutsideItsTypeStopsEveryMemberAndBlamesNone(int n, Protocol protocol) {
    DoorTest.Members m = DoorTest.Members.of(n, protocol);
    BigInteger two31 = BigInteger.ONE.shiftLeft(31);
    BigInteger[] outside = {
      two31, // one past the top
      two31.negate().subtract(BigInteger.ONE), // one below the bottom
      BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(5)), // 5 once wrapped to 64 bits
      BigInteger.ONE.shiftLeft(100), // 0 modulo 2^64
      P.subtract(two31).subtract(BigInteger.ONE), // -2^31 - 1 as a field element
      P.shiftRight(1) // about 2^126
    };
    for (int i = 0; i < outside.length; i++) {
      List<Outcome<ComputationResult>> outcomes =
          CommitteeRuns.run(m.start(m.request(100 + i), dealt(m, outside[i], i), null), 7 + i);
      for (Outcome<ComputationResult> o : outcomes) {
        assertThat(o).as("bid %s", outside[i]).isInstanceOf(Outcome.Aborted.class);
        assertThat(((Outcome.Aborted<ComputationResult>) o).accusation())
            .isInstanceOf(Accusation.InputOutOfRange.class);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("shamir")
  void theEndsOfTheRangeRun(int n, Protocol protocol) {
    DoorTest.Members m = DoorTest.Members.of(n, protocol);
    BigInteger two31 = BigInteger.ONE.shiftLeft(31);
    BigInteger[] ends = {two31.subtract(BigInteger.ONE), two31.negate(), BigInteger.ZERO};
    for (int i = 0; i < ends.length; i++) {
      List<ComputationResult> results =
          DoorTest.completed(
              CommitteeRuns.run(m.start(m.request(200 + i), dealt(m, ends[i], i), null), 3 + i));
      assertThat(protocol.inputFormat().reconstruct(DoorTest.column(results, "best")))
          .containsExactly(ends[i].max(BigInteger.ZERO)); // best starts at 0
    }
  }

  /** Rebuilt before the online phase, a member restores the kept check and replays its draws. */
  @ParameterizedTest
  @MethodSource("shamir")
  void aMemberRebuiltAfterTheCheckDrawsTheSameSharesAsTheOthers(int n, Protocol protocol) {
    DoorTest.Members m = DoorTest.Members.of(n, protocol);
    ComputationRequest request = m.request(300);
    List<ShareVector> bid = dealt(m, BigInteger.valueOf(-17), 9);
    List<MemberComputation> members = m.start(request, bid, null);
    int online = phases(m, request, bid) - 1;
    List<ComputationResult> results =
        DoorTest.completed(
            CommitteeRuns.run(
                members,
                43,
                Map.of(),
                phase ->
                    phase == online ? Map.of(1, m.start(1, request, bid.get(1), null)) : null));
    for (ComputationResult r : results) {
      assertThat(r.publicOutputs().get("higher")).containsExactly(BigInteger.ZERO);
    }
  }

  /**
   * A member that sends a wrong share in the range check's first opening is blamed verifiably: by
   * then the consistency check has shown the sharing to be of degree t, so the error is its own,
   * and it cannot get an honest input rejected without being proven to cheat.
   */
  @ParameterizedTest
  @MethodSource("shamir")
  void aMemberThatDisturbsTheCheckIsBlamedVerifiably(int n, Protocol protocol) {
    DoorTest.Members m = DoorTest.Members.of(n, protocol);
    ComputationRequest request = m.request(400);
    Bytes32 range = SessionIds.derive(request.id(), "range");
    int cheater = n - 1;
    Simulation.Adversary adversary =
        Adversaries.offset(
            m.keys().get(cheater),
            e -> e.computation().equals(range),
            Kind.OPEN,
            0,
            0,
            FieldElement.ONE,
            to -> true);
    List<Outcome<ComputationResult>> outcomes =
        CommitteeRuns.run(
            m.start(request, dealt(m, BigInteger.valueOf(5), 11), null),
            47,
            Map.of(cheater, adversary),
            phase -> null);
    List<Blame> blames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i != cheater && outcomes.get(i) instanceof Outcome.Aborted<ComputationResult> a) {
        assertThat(a.accusation())
            .as("member %d", i)
            .isNotInstanceOf(Accusation.InputOutOfRange.class)
            .isNotInstanceOf(Accusation.InconsistentInput.class);
        if (a.accusation() instanceof Accusation.Proven p) {
          blames.add(p.blame());
        }
      }
    }
    assertThat(blames).as("some honest member holds evidence").isNotEmpty();
    for (Blame blame : blames) {
      assertThat(blame.accused()).isEqualTo(cheater);
      assertThat(blame.computation()).isEqualTo(range);
      assertThat(protocol.verifier(m.committee()).verify(blame).valid()).isTrue();
    }
  }

  private static List<ShareVector> dealt(DoorTest.Members m, BigInteger value, long seed) {
    return m.protocol().inputFormat().deal(new BigInteger[] {value}, m.size(), random(seed));
  }

  private static SplittableRandom random(long seed) {
    return new SplittableRandom(seed);
  }

  /** The number of phases of a computation (the range check is the one before the last). */
  private static int phases(DoorTest.Members m, ComputationRequest request, List<ShareVector> bid) {
    DoorTest.Members copy = DoorTest.Members.of(m.size(), m.protocol());
    List<String> names = new ArrayList<>();
    List<MemberComputation> members = copy.start(request, bid, null);
    CommitteeRuns.run(
        members,
        1,
        Map.of(),
        phase -> {
          names.add("phase " + phase);
          return null;
        });
    return names.size() - 1;
  }
}
