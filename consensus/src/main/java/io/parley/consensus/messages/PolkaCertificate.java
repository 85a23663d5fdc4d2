package io.parley.consensus.messages;

import io.parley.base.block.CommitCertificate.CommitVote;
import java.util.List;

/**
 * The justification a proposal carries when it re-proposes a block that already gathered 2f+1
 * prevotes (a "polka") in an earlier round {@code round} of the same height: those prevotes'
 * signatures, by strictly increasing validator index. Height and block hash are the proposal's.
 * Shipping it with the proposal lets a validator that missed those prevotes still unlock.
 */
public record PolkaCertificate(long round, List<CommitVote> prevotes) {
  public PolkaCertificate {
    prevotes = List.copyOf(prevotes);
    if (round < 0) {
      throw new IllegalArgumentException("polka round must be >= 0");
    }
  }
}
