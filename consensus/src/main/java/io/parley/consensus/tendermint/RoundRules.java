package io.parley.consensus.tendermint;

import io.parley.base.block.Block;
import io.parley.base.block.CommitCertificate;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.consensus.messages.ConsensusData;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.PolkaCertificate;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.SigningHashes;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import io.parley.consensus.protocol.ConsensusAction;
import io.parley.consensus.protocol.ConsensusAction.Broadcast;
import io.parley.consensus.protocol.ConsensusAction.BuildBlock;
import io.parley.consensus.protocol.ConsensusAction.CommitBlock;
import io.parley.consensus.protocol.ConsensusAction.PersistProposal;
import io.parley.consensus.protocol.ConsensusAction.PersistVote;
import io.parley.consensus.protocol.ConsensusAction.ScheduleTimeout;
import io.parley.consensus.protocol.ConsensusAction.ValidateBlock;
import io.parley.consensus.protocol.LastSigned;
import io.parley.consensus.protocol.TimeoutKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upon-rules of Tendermint's Algorithm 1 for the current height, line by line: StartRound,
 * prevoting on a proposal (with or without a polka from an earlier round), locking and
 * precommitting on a polka, precommitting nil, the prevote and precommit timeouts, deciding, and
 * skipping to a round that f+1 validators have reached.
 */
final class RoundRules {
  private static final Logger LOG = LoggerFactory.getLogger(RoundRules.class);
  private final TendermintConfig config;
  private final LocalState local;
  private final SigningGuard guard;
  private final int self;
  private final int quorum;
  private final int maxFaulty;

  RoundRules(TendermintConfig config, LocalState local, SigningGuard guard) {
    this.config = config;
    this.local = local;
    this.guard = guard;
    this.self = config.validatorIndex();
    this.quorum = config.validators().quorum();
    this.maxFaulty = config.validators().maxFaulty();
  }

  boolean isProposer(long height, long round) {
    return local.reputation.proposer(height, round).orElse(-1) == self;
  }

  /** StartRound(round): step propose, timers, and the proposal if this validator proposes. */
  void startRound(long round, List<ConsensusAction> out) {
    HeightState hs = local.current;
    hs.round = round;
    hs.step = Step.PROPOSE;
    enterRound(out);
  }

  /** Timers and proposal for the round and step already set in the height state. */
  void enterRound(List<ConsensusAction> out) {
    HeightState hs = local.current;
    hs.awaitingBlock = false;
    Pacemaker pacemaker = config.pacemaker();
    out.add(timer(TimeoutKind.ROUND, pacemaker.rebroadcastMillis()));
    if (hs.step == Step.PROPOSE) {
      out.add(timer(TimeoutKind.PROPOSE, pacemaker.propose(hs.round)));
      proposeIfReady(out);
    }
  }

  /** The proposer's part of StartRound; in round 0 it waits for transactions or the interval. */
  void proposeIfReady(List<ConsensusAction> out) {
    HeightState hs = local.current;
    if (hs.decided
        || hs.step != Step.PROPOSE
        || hs.awaitingBlock
        || !isProposer(hs.height, hs.round)
        || hs.proposal(hs.round).isPresent()
        || !guard.mayPropose(hs.height, hs.round)) {
      return;
    }
    if (hs.validBlock.isPresent()) {
      Block block = hs.validBlock.get();
      var prevotes = hs.votes(hs.validRound).signatures(VoteType.PREVOTE, block.hash());
      propose(block, Optional.of(new PolkaCertificate(hs.validRound, prevotes)), out);
      return;
    }
    boolean roundZero = hs.round == 0;
    if (roundZero
        && !local.intervalElapsed
        && !(local.periodElapsed && local.transactionsWaiting)) {
      return;
    }
    hs.awaitingBlock = true;
    ConsensusData data = new ConsensusData(hs.round, local.headCertificate);
    boolean allowEmpty = !roundZero || local.intervalElapsed;
    out.add(new BuildBlock(hs.height, hs.round, local.head.hash(), allowEmpty, data.encode()));
  }

  /** The host built the block asked for; propose it unless the round moved on. */
  void onBlockBuilt(long height, long round, Block block, List<ConsensusAction> out) {
    HeightState hs = local.current;
    if (height != hs.height
        || round != hs.round
        || !hs.awaitingBlock
        || hs.step != Step.PROPOSE
        || hs.decided) {
      return;
    }
    hs.awaitingBlock = false;
    if (block.transactions().isEmpty() && round == 0 && !local.intervalElapsed) {
      local.transactionsWaiting = false; // the transactions went elsewhere; wait for more
      return;
    }
    if (block.height() != height || !block.header().parentHash().equals(local.head.hash())) {
      throw new IllegalStateException("host built block " + block.height() + " off the head");
    }
    hs.validity.put(block.hash(), Boolean.TRUE);
    propose(block, Optional.empty(), out);
  }

  private void propose(Block block, Optional<PolkaCertificate> polka, List<ConsensusAction> out) {
    HeightState hs = local.current;
    OptionalLong validRound =
        polka.map(p -> OptionalLong.of(p.round())).orElse(OptionalLong.empty());
    Bytes32 signingHash =
        SigningHashes.proposal(config.chainId(), hs.height, hs.round, block.hash(), validRound);
    if (!guard.checkProposal(hs.height, hs.round, signingHash)) {
      refused("a proposal");
      return;
    }
    Proposal proposal =
        Proposal.sign(config.chainId(), hs.height, hs.round, block, polka, self, config.key());
    out.add(new PersistProposal(proposal));
    out.add(new Broadcast(proposal));
    hs.proposals.put(hs.round, proposal);
    hs.addBlock(block);
    hs.noteSigner(self, hs.round);
  }

  private void castVote(VoteType type, Optional<Bytes32> hash, List<ConsensusAction> out) {
    HeightState hs = local.current;
    Bytes32 signingHash = SigningHashes.vote(type, config.chainId(), hs.height, hs.round, hash);
    if (!guard.checkVote(hs.height, hs.round, type, signingHash)) {
      refused("a " + type.name().toLowerCase(Locale.ROOT));
      return;
    }
    Vote vote = Vote.sign(config.chainId(), type, hs.height, hs.round, hash, self, config.key());
    out.add(new PersistVote(vote));
    out.add(new Broadcast(vote));
    hs.addVote(vote);
  }

  /**
   * A signature the host's signing-state record refuses: this validator signed at or beyond this
   * point before its database lost it. The step goes on without the message (as if the network had
   * lost it), which never endangers safety; the validator signs again once it passes the record.
   */
  private void refused(String what) {
    HeightState hs = local.current;
    LastSigned last = guard.floor().orElseThrow();
    LOG.warn(
        "Not signing {} at height {} round {}: this validator already signed up to height {} round {} ({}) before its database lost those messages",
        what,
        hs.height,
        hs.round,
        last.height(),
        last.round(),
        last.step());
  }

  /** Applies the upon-rules until none fires. */
  void evaluate(List<ConsensusAction> out) {
    HeightState hs = local.current;
    boolean fired = true;
    while (fired && !hs.decided) {
      fired =
          tryDecide(out)
              || tryPrevoteOnProposal(out)
              || tryLockOnPolka(out)
              || tryPrecommitNil(out)
              || trySkipRound(out);
      scheduleVoteTimeouts(out);
    }
  }

  private boolean tryDecide(List<ConsensusAction> out) {
    HeightState hs = local.current;
    for (var entry : hs.votes.entrySet()) {
      for (Bytes32 hash : entry.getValue().hashesWithQuorum(VoteType.PRECOMMIT, quorum)) {
        Block block = hs.blocks.get(hash);
        if (block == null || !isValid(hash, out)) {
          continue;
        }
        var signatures = entry.getValue().signatures(VoteType.PRECOMMIT, hash);
        decide(
            new CertifiedBlock(
                block, new CommitCertificate(hs.height, entry.getKey(), hash, signatures)),
            out);
        return true;
      }
    }
    return false;
  }

  /** Commits {@code certified} at the current height: the host answers BlockCommitted. */
  void decide(CertifiedBlock certified, List<ConsensusAction> out) {
    local.current.decided = true;
    local.committing = Optional.of(certified);
    out.add(new CommitBlock(certified.block(), certified.certificate()));
  }

  private boolean tryPrevoteOnProposal(List<ConsensusAction> out) {
    HeightState hs = local.current;
    Optional<Proposal> proposal = hs.proposal(hs.round);
    if (hs.step != Step.PROPOSE || proposal.isEmpty()) {
      return false;
    }
    Bytes32 hash = proposal.get().blockHash();
    Optional<Boolean> valid = validity(hash, out);
    if (valid.isEmpty()) {
      return false;
    }
    long validRound = proposal.get().validRound();
    boolean lockAllows =
        validRound < 0
            ? hs.lockedRound == -1 || hs.lockedHash.equals(Optional.of(hash))
            : hs.lockedRound <= validRound || hs.lockedHash.equals(Optional.of(hash));
    castVote(
        VoteType.PREVOTE, valid.get() && lockAllows ? Optional.of(hash) : Optional.empty(), out);
    hs.step = Step.PREVOTE;
    return true;
  }

  private boolean tryLockOnPolka(List<ConsensusAction> out) {
    HeightState hs = local.current;
    long round = hs.round;
    Optional<Proposal> proposal = hs.proposal(round);
    if (hs.step == Step.PROPOSE || hs.polkaHandled.contains(round) || proposal.isEmpty()) {
      return false;
    }
    Bytes32 hash = proposal.get().blockHash();
    if (hs.votes(round).count(VoteType.PREVOTE, Optional.of(hash)) < quorum
        || !isValid(hash, out)) {
      return false;
    }
    hs.polkaHandled.add(round);
    if (hs.step == Step.PREVOTE) {
      persistLockJustification(proposal.get(), out);
      hs.lockedRound = round;
      hs.lockedHash = Optional.of(hash);
      castVote(VoteType.PRECOMMIT, Optional.of(hash), out);
      hs.step = Step.PRECOMMIT;
    }
    hs.validRound = round;
    hs.validBlock = Optional.of(hs.blocks.get(hash));
    return true;
  }

  /**
   * Persists the proposal and the polka prevotes of the block this validator is about to lock on,
   * so that after a restart it can still propose the block with its polka (see {@link Restore}).
   */
  private void persistLockJustification(Proposal proposal, List<ConsensusAction> out) {
    HeightState hs = local.current;
    if (proposal.proposerIndex() != self) {
      out.add(new PersistProposal(proposal));
    }
    RoundVotes votes = hs.votes(hs.round);
    for (int index = 0; index < config.validators().size(); index++) {
      if (index != self) {
        votes
            .of(VoteType.PREVOTE, index)
            .filter(v -> v.blockHash().equals(Optional.of(proposal.blockHash())))
            .ifPresent(v -> out.add(new PersistVote(v)));
      }
    }
  }

  private boolean tryPrecommitNil(List<ConsensusAction> out) {
    HeightState hs = local.current;
    if (hs.step != Step.PREVOTE
        || hs.votes(hs.round).count(VoteType.PREVOTE, Optional.empty()) < quorum) {
      return false;
    }
    castVote(VoteType.PRECOMMIT, Optional.empty(), out);
    hs.step = Step.PRECOMMIT;
    return true;
  }

  private boolean trySkipRound(List<ConsensusAction> out) {
    HeightState hs = local.current;
    long[] rounds = hs.highestRoundBySigner.clone();
    Arrays.sort(rounds);
    long reachedByFPlusOne = rounds[rounds.length - 1 - maxFaulty];
    if (reachedByFPlusOne <= hs.round) {
      return false;
    }
    startRound(reachedByFPlusOne, out);
    return true;
  }

  private void scheduleVoteTimeouts(List<ConsensusAction> out) {
    HeightState hs = local.current;
    RoundVotes votes = hs.votes(hs.round);
    Pacemaker pacemaker = config.pacemaker();
    if (hs.step == Step.PREVOTE
        && votes.total(VoteType.PREVOTE) >= quorum
        && hs.prevoteTimeoutScheduled.add(hs.round)) {
      out.add(timer(TimeoutKind.PREVOTE, pacemaker.prevote(hs.round)));
    }
    if (votes.total(VoteType.PRECOMMIT) >= quorum && hs.precommitTimeoutScheduled.add(hs.round)) {
      out.add(timer(TimeoutKind.PRECOMMIT, pacemaker.precommit(hs.round)));
    }
  }

  /** OnTimeoutPropose, OnTimeoutPrevote, OnTimeoutPrecommit for the current height. */
  void onRoundTimeout(TimeoutKind kind, long round, List<ConsensusAction> out) {
    HeightState hs = local.current;
    if (round != hs.round || hs.decided) {
      return; // stale
    }
    switch (kind) {
      case PROPOSE -> {
        if (hs.step == Step.PROPOSE) {
          castVote(VoteType.PREVOTE, Optional.empty(), out);
          hs.step = Step.PREVOTE;
        }
      }
      case PREVOTE -> {
        if (hs.step == Step.PREVOTE) {
          castVote(VoteType.PRECOMMIT, Optional.empty(), out);
          hs.step = Step.PRECOMMIT;
        }
      }
      case PRECOMMIT -> startRound(round + 1, out);
      default -> throw new IllegalArgumentException("not a round timeout: " + kind);
    }
  }

  /** Re-sends this validator's own messages of the current round (eventual delivery). */
  void rebroadcast(List<ConsensusAction> out) {
    ownMessages(local.current.round).forEach(m -> out.add(new Broadcast(m)));
  }

  /** This validator's own proposal and votes of {@code round} at the current height. */
  List<ConsensusMessage> ownMessages(long round) {
    HeightState hs = local.current;
    List<ConsensusMessage> own = new ArrayList<>();
    hs.proposal(round).filter(p -> p.proposerIndex() == self).ifPresent(own::add);
    RoundVotes votes = hs.votes.get(round);
    if (votes != null) {
      for (VoteType type : VoteType.values()) {
        votes.of(type, self).ifPresent(own::add);
      }
    }
    return own;
  }

  private boolean isValid(Bytes32 hash, List<ConsensusAction> out) {
    return validity(hash, out).orElse(false);
  }

  /** valid(v): known, or asked of the host (once) and unknown until it answers. */
  Optional<Boolean> validity(Bytes32 hash, List<ConsensusAction> out) {
    HeightState hs = local.current;
    Optional<Boolean> known = hs.validity(hash);
    if (known.isEmpty() && hs.blocks.containsKey(hash) && hs.validationRequested.add(hash)) {
      out.add(new ValidateBlock(hs.blocks.get(hash)));
    }
    return known;
  }

  ScheduleTimeout timer(TimeoutKind kind, long delayMillis) {
    return new ScheduleTimeout(local.current.height, local.current.round, kind, delayMillis);
  }
}
