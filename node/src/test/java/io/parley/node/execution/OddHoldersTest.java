package io.parley.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.node.execution.ComputationRegistry.AbortReport;
import io.parley.zk.computation.Protocols;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decision rule of attestation.md section 6, "Odd holders (rep4)", over every order in which
 * t+1 = 2 of 4 members' reports can arrive: a liar cannot pre-empt the honest reports, t corrupt
 * reports alone decide nothing; and "Located holders (Shamir)": a located member is excluded only
 * once its own report shows it saw what the others saw, or when it was named in two attempts.
 */
class OddHoldersTest {
  private static final int T = 1;

  private static AbortReport six(int member, long seats) {
    return new AbortReport(member, 0, ComputationVotes.INCONSISTENT, seats);
  }

  @Test
  void tPlusOneReportsNamingOneSeatExcludeIt() {
    assertThat(OddHolders.decide(List.of(six(0, 1L << 2), six(1, 1L << 2)), 0, T, Protocols.REP4))
        .isEqualTo(new OddHolders.Exclude(List.of(2)));
  }

  @Test
  void theLiarsOwnReportMakesTheOthersWaitForTheThirdReport() {
    List<AbortReport> two = List.of(six(2, 1L), six(0, 1L << 2));
    assertThat(OddHolders.decide(two, 0, T, Protocols.REP4)).isEqualTo(new OddHolders.Wait());
    List<AbortReport> three = List.of(six(2, 1L), six(0, 1L << 2), six(1, 1L << 2));
    assertThat(OddHolders.decide(three, 0, T, Protocols.REP4))
        .isEqualTo(new OddHolders.Exclude(List.of(2)));
    // a timeout from an honest member instead: 2t+1 reports without agreement, the generic rule
    List<AbortReport> split = List.of(six(2, 1L), six(0, 1L << 2), new AbortReport(1, 0, 1, 0));
    assertThat(OddHolders.decide(split, 0, T, Protocols.REP4)).isEqualTo(new OddHolders.Generic());
  }

  @Test
  void agreementOnNoSingleSeatIsUnattributed() {
    assertThat(OddHolders.decide(List.of(six(0, 0), six(1, 0)), 0, T, Protocols.REP4))
        .isEqualTo(new OddHolders.Unattributed());
    assertThat(OddHolders.decide(List.of(six(0, 6), six(1, 6)), 0, T, Protocols.REP4))
        .isEqualTo(new OddHolders.Unattributed());
  }

  @Test
  void otherAttemptsAndOtherReasonsLeaveTheGenericRule() {
    assertThat(
            OddHolders.decide(
                List.of(new AbortReport(0, 0, 1, 4), new AbortReport(1, 0, 2, 0)),
                0,
                T,
                Protocols.REP4))
        .isEqualTo(new OddHolders.Generic());
    assertThat(OddHolders.decide(List.of(six(0, 4), six(1, 4)), 1, T, Protocols.REP4))
        .isEqualTo(new OddHolders.Generic());
    assertThat(OddHolders.inputVerdict(List.of(six(0, 4), six(1, 4)), 0, T))
        .isEqualTo(ComputationVotes.INCONSISTENT);
  }

  private static AbortReport six(int member, int attempt, long seats) {
    return new AbortReport(member, attempt, ComputationVotes.INCONSISTENT, seats);
  }

  @Test
  void shamirExcludesALocatedMemberWhoseOwnReportAgreesWithoutADisclosure() {
    // members 0 and 1 located member 2; member 2 saw the same (it names 0 and 1's view without
    // itself: nothing) and did not disclose, which an honest member dealt a bad share would have
    List<AbortReport> agreed = List.of(six(0, 1L << 2), six(1, 1L << 2), six(2, 0));
    assertThat(OddHolders.decide(agreed, 0, T, Protocols.SHAMIR_KING))
        .isEqualTo(new OddHolders.Exclude(List.of(2)));
  }

  @Test
  void shamirWaitsForTheLocatedMemberThenRetriesAndExcludesOnlyIfNamedAgain() {
    List<AbortReport> two = List.of(six(0, 1L << 2), six(1, 1L << 2));
    assertThat(OddHolders.decide(two, 0, T, Protocols.SHAMIR_KING))
        .isEqualTo(new OddHolders.Wait());
    // 2t+1 reports without member 2's: retry the check, the input kept, nobody excluded
    List<AbortReport> three = List.of(six(0, 1L << 2), six(1, 1L << 2), six(3, 1L << 2));
    assertThat(OddHolders.decide(three, 0, T, Protocols.SHAMIR_KING))
        .isEqualTo(new OddHolders.Retry());
    // member 2 saw something else (a member equivocated): not settled either
    List<AbortReport> other = List.of(six(0, 1L << 2), six(1, 1L << 2), six(2, 1L << 3));
    assertThat(OddHolders.decide(other, 0, T, Protocols.SHAMIR_KING))
        .isEqualTo(new OddHolders.Retry());
    // named by t+1 again in the next attempt, still without a disclosure: excluded
    List<AbortReport> again = new java.util.ArrayList<>(three);
    again.add(six(0, 1, 1L << 2));
    again.add(six(1, 1, 1L << 2));
    assertThat(OddHolders.decide(again, 1, T, Protocols.SHAMIR_KING))
        .isEqualTo(new OddHolders.Exclude(List.of(2)));
  }

  @Test
  void shamirWithNoLocatedSeatOrMoreThanTIsUnattributedAndTCorruptReportsDecideNothing() {
    assertThat(OddHolders.decide(List.of(six(0, 0), six(1, 0)), 0, T, Protocols.SHAMIR_KING))
        .isEqualTo(new OddHolders.Unattributed());
    assertThat(OddHolders.decide(List.of(six(0, 6), six(1, 6)), 0, T, Protocols.SHAMIR_KING))
        .isEqualTo(new OddHolders.Unattributed());
    // one corrupt member's report naming an honest one, then the honest reports naming it
    List<AbortReport> liar = List.of(six(3, 1L), six(0, 1L << 3));
    assertThat(OddHolders.decide(liar, 0, T, Protocols.SHAMIR_KING))
        .isEqualTo(new OddHolders.Wait());
    List<AbortReport> honest = List.of(six(3, 1L), six(0, 1L << 3), six(1, 1L << 3));
    assertThat(OddHolders.decide(honest, 0, T, Protocols.SHAMIR_KING))
        .isEqualTo(new OddHolders.Retry());
  }
}
