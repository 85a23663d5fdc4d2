package io.parley.consensus.tendermint;

import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import java.util.List;

/**
 * The last line against double signing (CometBFT's priv-validator state): this validator signs only
 * at a (height, round, step) strictly above everything it signed before, including what it signed
 * before a restart. Tendermint never needs to sign twice at one step, so a refusal is a bug and
 * fails fast.
 */
final class SigningGuard {
  private long height;
  private long round = -1;
  private int step = -1;

  /**
   * Raises the guard above every message of {@code persisted} that validator {@code self} signed.
   */
  void load(int self, List<ConsensusMessage> persisted) {
    for (ConsensusMessage message : persisted) {
      switch (message) {
        case Proposal p when p.proposerIndex() == self -> raise(p.height(), p.round(), 0);
        case Vote v when v.validatorIndex() == self -> raise(v.height(), v.round(), rank(v.type()));
        default -> {}
      }
    }
  }

  void checkProposal(long h, long r) {
    check(h, r, 0);
  }

  void checkVote(long h, long r, VoteType type) {
    check(h, r, rank(type));
  }

  private void check(long h, long r, int s) {
    if (!isAbove(h, r, s)) {
      throw new IllegalStateException(
          "refusing to sign at height "
              + h
              + " round "
              + r
              + " step "
              + s
              + ": already signed at height "
              + height
              + " round "
              + round
              + " step "
              + step);
    }
    height = h;
    round = r;
    step = s;
  }

  private void raise(long h, long r, int s) {
    if (isAbove(h, r, s)) {
      height = h;
      round = r;
      step = s;
    }
  }

  private boolean isAbove(long h, long r, int s) {
    if (h != height) {
      return h > height;
    }
    if (r != round) {
      return r > round;
    }
    return s > step;
  }

  private static int rank(VoteType type) {
    return type == VoteType.PREVOTE ? 1 : 2;
  }
}
