package io.parley.contracts.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * examples/SecretBallot.par: registered voters cast one secret ballot each while the ballot is
 * open; after it closes only the totals are revealed. On 4 and 7 members with seeded ballots
 * checked against {@link #reference}; the public rules (unregistered, second ballot, late ballot),
 * the committee's check (a ballot saying both), and a ballot with no voters.
 */
class SecretBallotExampleTest {
  private static final Path SOURCE = Path.of("examples/SecretBallot.par");
  private static final long CLOSES_AT = 1_700_000_100_000L;

  static Stream<Arguments> committees() {
    return Stream.of(Arguments.of(4), Arguments.of(7));
  }

  /** A ballot: yes, no, or neither (blank). */
  record Ballot(boolean yes, boolean no) {
    Map<String, Object> fields() {
      return Map.of("yes", yes, "no", no);
    }
  }

  /** The reference: {@link BallotReference}, as [yes, no, blank]. */
  static List<BigInteger> reference(List<Ballot> ballots) {
    BallotReference r =
        BallotReference.of(
            ballots.stream().map(b -> new BallotReference.Ballot(b.yes(), b.no())).toList());
    return List.of(
        BigInteger.valueOf(r.yes()), BigInteger.valueOf(r.no()), BigInteger.valueOf(r.blank()));
  }

  @ParameterizedTest(name = "{0} members")
  @MethodSource("committees")
  void onlyTheTallyOfTheBallotsIsRevealed(int members) {
    ContractTestKit kit = new ContractTestKit().useCommittee(members);
    Address organiser = kit.account("organiser");
    DeployedContract ballot = kit.deploy(SOURCE, organiser, CLOSES_AT);
    Random random = new Random(5_000L + members);
    List<Address> voters = new ArrayList<>();
    List<Ballot> cast = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Address voter = kit.account("voter " + i);
      assertThat(ballot.call(organiser, "register", voter).success()).isTrue();
      voters.add(voter);
      if (random.nextInt(10) < 9) {
        int choice = random.nextInt(5);
        Ballot b = new Ballot(choice < 2, choice >= 2 && choice < 4);
        assertThat(ballot.submit(voter, "ballots", b.fields()).accepted()).isTrue();
        cast.add(b);
      }
    }
    Address voted = voters.get(0);
    assertThat(ballot.query("has_voted", voted)).isEqualTo(true);
    assertThat(ballot.submit(voted, "ballots", Map.of("yes", true, "no", false)).reason())
        .hasValueSatisfying(r -> assertThat(r).contains("already voted"));
    assertThat(ballot.withdraw(voted, "ballots", -1).failureReason().orElseThrow())
        .contains("already voted");
    assertThat(
            ballot
                .submit(kit.account("stranger"), "ballots", Map.of("yes", true, "no", false))
                .reason())
        .hasValueSatisfying(r -> assertThat(r).contains("not a registered voter"));
    Address spoiler = kit.account("spoiler");
    ballot.call(organiser, "register", spoiler);
    DeployedContract.InputReceipt both =
        ballot.submit(spoiler, "ballots", Map.of("yes", true, "no", true));
    assertThat(both.accepted()).isFalse();
    assertThat(both.reason().orElseThrow()).contains("invalid");
    assertThat(ballot.inputs("ballots")).hasSize(cast.size());

    assertThat(ballot.call(organiser, "close").failureReason().orElseThrow())
        .contains("still open");
    kit.nextBlock(200_000);
    assertThat(ballot.submit(voters.get(39), "ballots", Map.of("yes", true, "no", false)).reason())
        .hasValueSatisfying(r -> assertThat(r).contains("closed"));
    CallResult close = ballot.call(voters.get(1), "close");
    assertThat(close.success()).isTrue();

    DeployedContract.Started run = ballot.lastStarted();
    assertThat(run.callback().orElseThrow().success()).isTrue();
    DeployedContract.Computation c = run.computation().orElseThrow();
    assertThat(c.outputs()).containsOnlyKeys("result");
    assertThat(c.deliveredTo()).isEmpty();
    assertThat(ballot.query("result")).isEqualTo(reference(cast));
    assertThat(ballot.eventNames(run.callback().get())).containsExactly("Tallied");

    CircuitCost cost = CircuitCost.of(SOURCE, "tally", members);
    System.out.println(
        "tally, " + cast.size() + " ballots, " + members + " members: " + c.report());
    System.out.println("tally circuit (1,024 voters): " + cost);
    assertThat(cost.multiplications()).isZero();
    assertThat(cost.onlineRounds()).isLessThanOrEqualTo(2);
  }

  @ParameterizedTest(name = "{0} members")
  @MethodSource("committees")
  void aBallotWithNoVotersTalliesZeroWithoutAComputation(int members) {
    ContractTestKit kit = new ContractTestKit().useCommittee(members);
    Address organiser = kit.account("organiser");
    DeployedContract ballot = kit.deploy(SOURCE, organiser, CLOSES_AT);
    ballot.call(organiser, "register", kit.account("absent voter"));
    kit.nextBlock(200_000);
    CallResult close = ballot.call(organiser, "close");
    assertThat(close.success()).isTrue();
    assertThat(ballot.started()).isEmpty();
    assertThat(ballot.eventNames(close)).containsExactly("Tallied");
    assertThat(ballot.query("is_decided")).isEqualTo(true);
    assertThat(ballot.query("result"))
        .isEqualTo(List.of(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO));
    assertThat(ballot.call(organiser, "close").failureReason().orElseThrow())
        .contains("already closed");
  }
}
