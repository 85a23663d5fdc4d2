package io.parley.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.node.execution.ComputationRegistry.AbortReport;
import io.parley.zk.computation.Protocols;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decision rule of attestation.md section 6, "Odd holders (rep4)", over every order in which
 * t+1 = 2 of 4 members' reports can arrive: a liar cannot pre-empt the honest reports, t corrupt
 * reports alone decide nothing, and Shamir keeps the unattributed rule.
 */
class OddHoldersTest {
  private static final int T = 1;

  private static AbortReport six(int member, long seats) {
    return new AbortReport(member, 0, ComputationVotes.INCONSISTENT, seats);
  }

  @Test
  void tPlusOneReportsNamingOneSeatExcludeIt() {
    assertThat(OddHolders.decide(List.of(six(0, 1L << 2), six(1, 1L << 2)), 0, T, Protocols.REP4))
        .isEqualTo(new OddHolders.Exclude(2));
  }

  @Test
  void theLiarsOwnReportMakesTheOthersWaitForTheThirdReport() {
    List<AbortReport> two = List.of(six(2, 1L), six(0, 1L << 2));
    assertThat(OddHolders.decide(two, 0, T, Protocols.REP4)).isEqualTo(new OddHolders.Wait());
    List<AbortReport> three = List.of(six(2, 1L), six(0, 1L << 2), six(1, 1L << 2));
    assertThat(OddHolders.decide(three, 0, T, Protocols.REP4)).isEqualTo(new OddHolders.Exclude(2));
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
  void otherAttemptsOtherReasonsAndShamirLeaveTheGenericRule() {
    assertThat(
            OddHolders.decide(
                List.of(new AbortReport(0, 0, 1, 4), new AbortReport(1, 0, 2, 0)),
                0,
                T,
                Protocols.REP4))
        .isEqualTo(new OddHolders.Generic());
    assertThat(OddHolders.decide(List.of(six(0, 4), six(1, 4)), 1, T, Protocols.REP4))
        .isEqualTo(new OddHolders.Generic());
    assertThat(OddHolders.decide(List.of(six(0, 4), six(1, 4)), 0, T, Protocols.SHAMIR_KING))
        .isEqualTo(new OddHolders.Generic());
    assertThat(OddHolders.inputVerdict(List.of(six(0, 4), six(1, 4)), 0, T))
        .isEqualTo(ComputationVotes.INCONSISTENT);
  }
}
