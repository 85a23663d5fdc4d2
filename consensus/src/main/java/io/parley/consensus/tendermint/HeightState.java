package io.parley.consensus.tendermint;

import io.parley.base.block.Block;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The variables of Tendermint (Buchman, Kwon, Milosevic 2018, Algorithm 1) for one height: round,
 * step, lockedValue/lockedRound, validValue/validRound, and what was received. Values are kept by
 * hash; the blocks themselves sit in {@link #blocks}. Holds only validated messages.
 */
final class HeightState {
  final long height;
  long round;
  Step step = Step.PROPOSE;
  long lockedRound = -1;
  Optional<Bytes32> lockedHash = Optional.empty();
  long validRound = -1;
  Optional<Block> validBlock = Optional.empty();

  /** The first valid proposal of each round (a second, different one is equivocation). */
  final Map<Long, Proposal> proposals = new HashMap<>();

  final Map<Bytes32, Block> blocks = new HashMap<>();
  final Map<Bytes32, Boolean> validity = new HashMap<>();
  final Set<Bytes32> validationRequested = new HashSet<>();
  final Map<Long, RoundVotes> votes = new HashMap<>();

  /** "for the first time" guards of Algorithm 1, by round. */
  final Set<Long> prevoteTimeoutScheduled = new HashSet<>();

  final Set<Long> precommitTimeoutScheduled = new HashSet<>();
  final Set<Long> polkaHandled = new HashSet<>();

  /** (signer, round, step) of equivocations already reported. */
  final Set<java.util.List<Long>> conflictsReported = new HashSet<>();

  /** Highest round each validator has signed a message for at this height (-1: none). */
  final long[] highestRoundBySigner;

  /** A BuildBlock for the current round is outstanding. */
  boolean awaitingBlock;

  /** A CommitBlock was emitted; the height is over once the host confirms it. */
  boolean decided;

  HeightState(long height, int validatorCount) {
    this.height = height;
    this.highestRoundBySigner = new long[validatorCount];
    Arrays.fill(highestRoundBySigner, -1);
  }

  RoundVotes votes(long round) {
    return votes.computeIfAbsent(round, r -> new RoundVotes());
  }

  Optional<Proposal> proposal(long round) {
    return Optional.ofNullable(proposals.get(round));
  }

  Optional<Boolean> validity(Bytes32 hash) {
    return Optional.ofNullable(validity.get(hash));
  }

  void noteSigner(int index, long round) {
    highestRoundBySigner[index] = Math.max(highestRoundBySigner[index], round);
  }

  void addBlock(Block block) {
    blocks.putIfAbsent(block.hash(), block);
  }

  /**
   * Adds a validated proposal (the first of its round wins), its block, and the prevotes of its
   * polka, which are genuine signed prevotes of the earlier round.
   */
  void addProposal(Proposal proposal) {
    noteSigner(proposal.proposerIndex(), proposal.round());
    proposals.putIfAbsent(proposal.round(), proposal);
    addBlock(proposal.block());
    proposal
        .polka()
        .ifPresent(
            polka -> {
              for (var signature : polka.prevotes()) {
                addVote(
                    new Vote(
                        VoteType.PREVOTE,
                        proposal.height(),
                        polka.round(),
                        Optional.of(proposal.blockHash()),
                        signature.validatorIndex(),
                        signature.signature()));
              }
            });
  }

  /** Adds a validated vote; returns false for a duplicate or a conflicting vote. */
  boolean addVote(Vote vote) {
    noteSigner(vote.validatorIndex(), vote.round());
    return votes(vote.round()).add(vote) == RoundVotes.Outcome.ADDED;
  }
}
