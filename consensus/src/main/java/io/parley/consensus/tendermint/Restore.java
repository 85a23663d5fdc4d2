package io.parley.consensus.tendermint;

import io.parley.base.block.ValidatorSet;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import java.util.List;
import java.util.Optional;

/**
 * Rebuilds the current height's state from the messages persisted before a restart. Round and step
 * are those of this validator's last signed message; its lock is its highest precommit for a block.
 * The lock must survive a restart, or a restarted validator could prevote against the block it
 * locked on, which Tendermint's safety argument rules out for honest validators. The proposal and
 * prevotes persisted with the lock restore validValue = lockedValue with its polka, so this
 * validator can propose that block again and unlock others: without them, validators locked before
 * a crash could wait forever for a polka nobody remembers.
 */
final class Restore {
  private Restore() {}

  static HeightState height(
      long height, int self, ValidatorSet validators, List<ConsensusMessage> persisted) {
    HeightState hs = new HeightState(height, validators.size());
    long round = 0;
    for (ConsensusMessage message : persisted) {
      if (message.height() != height) {
        continue;
      }
      switch (message) {
        case Proposal p -> {
          hs.addProposal(p);
          round = p.proposerIndex() == self ? Math.max(round, p.round()) : round;
        }
        case Vote v -> {
          hs.addVote(v);
          if (v.validatorIndex() == self) {
            round = Math.max(round, v.round());
            lockIfHigher(hs, v);
          }
        }
        default -> {}
      }
    }
    hs.round = round;
    hs.step = stepAt(hs, self, round);
    restoreValidValue(hs, validators.quorum());
    return hs;
  }

  private static void lockIfHigher(HeightState hs, Vote own) {
    if (own.type() == VoteType.PRECOMMIT && !own.isNil() && own.round() > hs.lockedRound) {
      hs.lockedRound = own.round();
      hs.lockedHash = own.blockHash();
    }
  }

  private static void restoreValidValue(HeightState hs, int quorum) {
    if (hs.lockedHash.isEmpty()) {
      return;
    }
    var block = Optional.ofNullable(hs.blocks.get(hs.lockedHash.get()));
    if (block.isPresent()
        && hs.votes(hs.lockedRound).count(VoteType.PREVOTE, hs.lockedHash) >= quorum) {
      hs.validRound = hs.lockedRound;
      hs.validBlock = block;
      hs.polkaHandled.add(hs.lockedRound);
    }
  }

  private static Step stepAt(HeightState hs, int self, long round) {
    RoundVotes votes = hs.votes(round);
    if (votes.of(VoteType.PRECOMMIT, self).isPresent()) {
      return Step.PRECOMMIT;
    }
    return votes.of(VoteType.PREVOTE, self).isPresent() ? Step.PREVOTE : Step.PROPOSE;
  }
}
