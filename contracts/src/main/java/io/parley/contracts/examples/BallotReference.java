package io.parley.contracts.examples;

import java.util.List;

/** What examples/SecretBallot.par reveals, computed in the clear: the yes, no and blank totals. */
public record BallotReference(long yes, long no, long blank) {
  /** A ballot: yes, no, or neither (blank); never both. */
  public record Ballot(boolean yes, boolean no) {}

  public static BallotReference of(List<Ballot> ballots) {
    long yes = ballots.stream().filter(Ballot::yes).count();
    long no = ballots.stream().filter(Ballot::no).count();
    return new BallotReference(yes, no, ballots.size() - yes - no);
  }
}
