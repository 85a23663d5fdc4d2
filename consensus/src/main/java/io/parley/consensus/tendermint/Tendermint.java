package io.parley.consensus.tendermint;

import io.parley.base.block.CommitCertificate;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.consensus.messages.CommitDecision;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import io.parley.consensus.protocol.ConsensusAction;
import io.parley.consensus.protocol.ConsensusAction.ScheduleTimeout;
import io.parley.consensus.protocol.ConsensusEvent;
import io.parley.consensus.protocol.ConsensusEvent.BlockBuilt;
import io.parley.consensus.protocol.ConsensusEvent.BlockCommitted;
import io.parley.consensus.protocol.ConsensusEvent.BlockValidated;
import io.parley.consensus.protocol.ConsensusEvent.BlocksReceived;
import io.parley.consensus.protocol.ConsensusEvent.MessageReceived;
import io.parley.consensus.protocol.ConsensusEvent.Started;
import io.parley.consensus.protocol.ConsensusEvent.TimeoutExpired;
import io.parley.consensus.protocol.ConsensusEvent.TransactionsAvailable;
import io.parley.consensus.protocol.ConsensusProtocol;
import io.parley.consensus.protocol.LastSigned;
import io.parley.consensus.protocol.TimeoutKind;
import io.parley.consensus.validation.CertificateChecker;
import io.parley.consensus.validation.CertifiedBlockVerifier;
import io.parley.consensus.validation.MessageValidator;
import io.parley.consensus.validation.Refusal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tendermint BFT (Buchman, Kwon, Milosevic: "The latest gossip on BFT consensus", 2018) as a pure
 * state machine for n = 3f+1 validators fixed at genesis. Safe under asynchrony with at most f
 * Byzantine validators; live after GST. One block per height, committed with 2f+1 precommits that
 * form its {@link CommitCertificate}; the happy path takes three message delays (propose, prevote,
 * precommit). See docs/adr/0010-consensus-protocol-tendermint.md.
 *
 * <p>This class takes events in: it validates every message before it touches state, routes it to
 * the current height, to the future buffer or to the catch-up logic, and runs {@link RoundRules}.
 */
public final class Tendermint implements ConsensusProtocol {
  private static final Logger LOG = LoggerFactory.getLogger(Tendermint.class);

  /** Rounds above the current one whose messages are tallied at once rather than buffered. */
  static final int ROUND_WINDOW = 2;

  static final int FUTURE_MESSAGES_PER_SIGNER = 32;

  /**
   * Heights above the current one whose messages are buffered until they become current. A
   * validator a little slower than the others can be two heights behind when heights take a few
   * milliseconds; with only the next one buffered it dropped the proposal of the one after and
   * waited out its propose timeout (3 s gaps on the devnet).
   */
  static final int FUTURE_HEIGHTS = 4;

  private final TendermintConfig config;
  private final int self;
  private final MessageValidator validator;
  private final LocalState local = new LocalState();
  private final SigningGuard guard = new SigningGuard();
  private final RoundRules rules;
  private final FutureMessages future = new FutureMessages(FUTURE_MESSAGES_PER_SIGNER);
  private final BlockSync sync;
  private final CatchUp catchUp;
  private boolean started;

  public Tendermint(TendermintConfig config) {
    this.config = config;
    this.self = config.validatorIndex();
    CertificateChecker certificates = new CertificateChecker(config.chainId(), config.validators());
    this.validator = new MessageValidator(certificates);
    this.local.reputation =
        new ProposerReputation(config.validators().size(), config.validators().maxFaulty());
    this.rules = new RoundRules(config, local, guard);
    this.sync = new BlockSync(self, config.validators().size(), config.validators().maxFaulty());
    this.catchUp =
        new CatchUp(config, local, rules, sync, new CertifiedBlockVerifier(certificates));
  }

  @Override
  public List<ConsensusAction> handle(ConsensusEvent event) {
    List<ConsensusAction> out = new ArrayList<>();
    if (event instanceof Started s) {
      onStarted(s, out);
      return out;
    }
    if (!started) {
      return out;
    }
    switch (event) {
      case MessageReceived m -> onMessage(m.fromValidatorIndex(), m.message(), out);
      case TimeoutExpired t -> onTimeout(t, out);
      case BlockBuilt b -> rules.onBlockBuilt(b.height(), b.round(), b.block(), out);
      case BlockValidated v -> onValidated(v);
      case BlockCommitted c -> onCommitted(c, out);
      case TransactionsAvailable t -> {
        local.transactionsWaiting = true;
        rules.proposeIfReady(out);
      }
      case BlocksReceived b -> sync.onResponse(b.blocks(), local.nextHeight());
      case Started s -> throw new IllegalStateException("unreachable");
    }
    settle(out);
    return out;
  }

  @Override
  public String toString() {
    HeightState hs = local.current;
    return "Tendermint[height="
        + hs.height
        + ", round="
        + hs.round
        + ", step="
        + hs.step
        + ", locked="
        + hs.lockedRound
        + ", valid="
        + hs.validRound
        + ", decided="
        + hs.decided
        + ", knownCommitted="
        + sync.knownCommitted()
        + ", buffered="
        + future.size()
        + "]";
  }

  /** The current height (the next to commit), for tests and status lines. */
  public long height() {
    return local.current.height;
  }

  public long round() {
    return local.current.round;
  }

  private void onStarted(Started s, List<ConsensusAction> out) {
    local.head = s.head();
    local.headCertificate = s.headCertificate();
    local.reputation.reset(s.history());
    restore(s);
    started = true;
    local.periodElapsed = true;
    rules.enterRound(out);
    rules.rebroadcast(out);
    scheduleRoundZeroTimers(out);
    settle(out);
  }

  /**
   * Resumes the next height from the persisted messages and the host's signing-state record. What
   * this validator signed above the next height (its database lost blocks it had committed) bounds
   * what it signs from now on (see {@link SigningGuard}), and resumes those heights (round and
   * lock) when block sync brings the validator back to them.
   */
  private void restore(Started s) {
    long next = local.nextHeight();
    List<ConsensusMessage> resumed = new ArrayList<>();
    List<LastSigned> floors = new ArrayList<>();
    List<ConsensusMessage> all = new ArrayList<>(s.persistedMessages());
    s.lastSigned().ifPresent(floors::add);
    s.lastSigned().ifPresent(last -> all.addAll(last.votes()));
    for (ConsensusMessage message : all) {
      if (message.height() <= next) {
        resumed.add(message);
      } else {
        local.signedAhead.computeIfAbsent(message.height(), h -> new ArrayList<>()).add(message);
        if (isOwn(message)) {
          floors.add(LastSigned.after(Optional.empty(), message, config.chainId()));
        }
      }
    }
    guard.load(self, resumed, floors);
    local.current = Restore.height(next, self, config.validators(), resumed);
  }

  private void onMessage(int from, ConsensusMessage message, List<ConsensusAction> out) {
    if (isOwn(message)) {
      return;
    }
    if (message instanceof Proposal p && !fromItsProposer(p)) {
      LOG.warn(
          "dropped proposal {}/{} from validator {}: not the proposer of that round",
          p.height(),
          p.round(),
          p.proposerIndex());
      return;
    }
    Optional<ConsensusMessage> held = held(message);
    if (held.isPresent()) {
      // Already counted (or a conflicting copy, which never counts): skip the signature check,
      // but a peer re-sending an earlier round's message is stuck there and may need our help.
      if (held.get().equals(message) && message.round() < local.current.round) {
        catchUp.helpLaggingRound(from, message.round(), out);
      } else if (!held.get().equals(message)) {
        reportConflict(held.get(), message);
      }
      return;
    }
    Optional<Refusal> rejection = validator.validate(message);
    if (rejection.isPresent()) {
      LOG.warn("dropped invalid message from validator {}: {}", from, rejection.get().reason());
      return;
    }
    route(from, message, out);
  }

  /**
   * A second, different message from one signer for one (height, round, step) never counts; when it
   * signs other content and its signature verifies, the signer equivocated and the operator should
   * know (once per step). The same content under another signature encoding is not.
   */
  private void reportConflict(ConsensusMessage held, ConsensusMessage conflicting) {
    if (held instanceof CommitDecision
        || LastSigned.signingHashOf(held, config.chainId())
            .equals(LastSigned.signingHashOf(conflicting, config.chainId()))) {
      return;
    }
    int signer =
        conflicting instanceof Vote v
            ? v.validatorIndex()
            : ((Proposal) conflicting).proposerIndex();
    long step = conflicting instanceof Vote v ? v.type().code() : 0;
    if (validator.validate(conflicting).isPresent()
        || !local.current.conflictsReported.add(
            List.of((long) signer, conflicting.round(), step))) {
      return;
    }
    LOG.warn(
        "Validator {} signed two different messages at height {} round {} (equivocation): {} and {}",
        signer,
        conflicting.height(),
        conflicting.round(),
        describe(held),
        describe(conflicting));
  }

  private static String describe(ConsensusMessage message) {
    return switch (message) {
      case Vote v ->
          v.type().name().toLowerCase(Locale.ROOT)
              + " for "
              + v.blockHash().map(Object::toString).orElse("nil");
      case Proposal p -> "proposal of block " + p.blockHash();
      case CommitDecision d -> "decision";
    };
  }

  /**
   * Whether a proposal of the next height comes from its round's proposer. Later heights cannot be
   * checked yet (their schedule depends on blocks not committed): they are checked again when they
   * are replayed at their height.
   */
  private boolean fromItsProposer(Proposal p) {
    var expected = local.reputation.proposer(p.height(), p.round());
    return expected.isEmpty() || expected.getAsInt() == p.proposerIndex();
  }

  /**
   * A precommit that arrived after the decision, for the decided block in its certificate's round,
   * joins the certificate the next proposer puts in its block: the chain then records every
   * validator that is up, which is what {@link ProposerReputation} reads.
   */
  private void addLatePrecommit(ConsensusMessage message) {
    if (!(message instanceof Vote vote)
        || vote.type() != VoteType.PRECOMMIT
        || vote.blockHash().isEmpty()) {
      return;
    }
    if (local.committing.isPresent() && local.committing.get().height() == vote.height()) {
      CertifiedBlock certified = local.committing.get();
      withVote(certified.certificate(), vote)
          .ifPresent(c -> local.committing = Optional.of(new CertifiedBlock(certified.block(), c)));
    } else if (vote.height() == local.head.height() && local.headCertificate.isPresent()) {
      withVote(local.headCertificate.get(), vote)
          .ifPresent(c -> local.headCertificate = Optional.of(c));
    }
  }

  private static Optional<CommitCertificate> withVote(CommitCertificate certificate, Vote vote) {
    if (certificate.round() != vote.round()
        || !certificate.blockHash().equals(vote.blockHash().get())
        || certificate.votes().stream()
            .anyMatch(v -> v.validatorIndex() == vote.validatorIndex())) {
      return Optional.empty();
    }
    List<CommitCertificate.CommitVote> votes = new ArrayList<>(certificate.votes());
    votes.add(new CommitCertificate.CommitVote(vote.validatorIndex(), vote.signature()));
    votes.sort(Comparator.comparingInt(CommitCertificate.CommitVote::validatorIndex));
    return Optional.of(
        new CommitCertificate(
            certificate.height(), certificate.round(), certificate.blockHash(), votes));
  }

  private boolean isOwn(ConsensusMessage message) {
    return switch (message) {
      case Vote v -> v.validatorIndex() == self;
      case Proposal p -> p.proposerIndex() == self;
      case CommitDecision d -> false;
    };
  }

  /** The validated message held at the current height in this one's slot, if any. */
  private Optional<ConsensusMessage> held(ConsensusMessage message) {
    HeightState hs = local.current;
    if (message.height() != hs.height) {
      return Optional.empty();
    }
    return switch (message) {
      case Vote v ->
          Optional.ofNullable(hs.votes.get(v.round())).flatMap(votes -> votes.existing(v));
      case Proposal p -> hs.proposal(p.round()).map(ConsensusMessage.class::cast);
      case CommitDecision d -> Optional.empty();
    };
  }

  private void route(int from, ConsensusMessage message, List<ConsensusAction> out) {
    HeightState hs = local.current;
    if (message instanceof CommitDecision decision) {
      catchUp.onCertificate(from, decision.certificate(), out);
      return;
    }
    int signer =
        message instanceof Vote v ? v.validatorIndex() : ((Proposal) message).proposerIndex();
    if (message.height() < hs.height) {
      addLatePrecommit(message);
      catchUp.helpLaggingPeer(from, out);
    } else if (message.height() > hs.height) {
      sync.noteHeight(signer, from, message.height());
      if (message instanceof Proposal p) {
        catchUp.onLaterProposal(from, p, out);
      }
      if (message.height() <= hs.height + FUTURE_HEIGHTS) {
        future.add(signer, from, message);
      }
    } else if (!hs.decided) {
      if (message.round() < hs.round) {
        catchUp.helpLaggingRound(from, message.round(), out);
      }
      hs.noteSigner(signer, message.round());
      if (message.round() > hs.round + ROUND_WINDOW) {
        future.add(signer, from, message);
      } else {
        apply(message);
      }
    } else {
      addLatePrecommit(message);
    }
  }

  /** Adds a validated message of the current height and round window to the state. */
  private void apply(ConsensusMessage message) {
    HeightState hs = local.current;
    switch (message) {
      case Vote v -> hs.addVote(v);
      case Proposal p -> {
        if (!fromItsProposer(p)) {
          // buffered while its height's schedule was unknown: checked now that it is known
          LOG.warn(
              "dropped proposal {}/{} from validator {}: not the proposer of that round",
              p.height(),
              p.round(),
              p.proposerIndex());
        } else if (p.block().header().parentHash().equals(local.head.hash())) {
          hs.addProposal(p);
        } else {
          LOG.warn(
              "proposal {}/{} does not extend our head {}",
              p.height(),
              p.round(),
              local.head.hash());
        }
      }
      case CommitDecision d -> throw new IllegalArgumentException("decisions are not tallied");
    }
  }

  private void onTimeout(TimeoutExpired t, List<ConsensusAction> out) {
    HeightState hs = local.current;
    if (t.kind() == TimeoutKind.SYNC) {
      sync.onTimeout((int) t.round()); // a request outlives the height it was sent at
      return;
    }
    if (t.height() != hs.height) {
      return; // stale: the height is over
    }
    switch (t.kind()) {
      case PROPOSE, PREVOTE, PRECOMMIT -> rules.onRoundTimeout(t.kind(), t.round(), out);
      case ROUND -> {
        if (t.round() == hs.round && !hs.decided) {
          local.helped.clear();
          rules.rebroadcast(out);
          out.add(rules.timer(TimeoutKind.ROUND, config.pacemaker().rebroadcastMillis()));
        }
      }
      case BLOCK_PERIOD -> {
        local.periodElapsed = true;
        rules.proposeIfReady(out);
      }
      case BLOCK_INTERVAL -> {
        local.intervalElapsed = true;
        rules.proposeIfReady(out);
      }
      case SYNC -> throw new IllegalStateException("handled above");
    }
  }

  private void onValidated(BlockValidated v) {
    HeightState hs = local.current;
    if (hs.blocks.containsKey(v.blockHash())) {
      hs.validity.putIfAbsent(v.blockHash(), v.valid());
      if (!v.valid()) {
        LOG.warn("block {} at height {} is invalid: {}", v.blockHash(), hs.height, v.reason());
      }
    }
  }

  private void onCommitted(BlockCommitted c, List<ConsensusAction> out) {
    Optional<CertifiedBlock> committing = local.committing;
    if (committing.isEmpty() || !committing.get().block().hash().equals(c.header().hash())) {
      return;
    }
    local.committing = Optional.empty();
    local.head = c.header();
    local.reputation.committed(c.header());
    local.headCertificate = Optional.of(committing.get().certificate());
    local.helped.clear();
    local.periodElapsed = false;
    local.intervalElapsed = false;
    List<ConsensusMessage> ahead = local.signedAhead.remove(local.nextHeight());
    if (ahead == null) {
      local.current = new HeightState(local.nextHeight(), config.validators().size());
      scheduleRoundZeroTimers(out);
      rules.startRound(0, out);
    } else {
      // Back at a height this validator signed at before its database lost it: resume there.
      local.current = Restore.height(local.nextHeight(), self, config.validators(), ahead);
      scheduleRoundZeroTimers(out);
      rules.enterRound(out);
    }
  }

  private void scheduleRoundZeroTimers(List<ConsensusAction> out) {
    HeightState hs = local.current;
    if (hs.round == 0 && rules.isProposer(hs.height, 0)) {
      Pacemaker pacemaker = config.pacemaker();
      if (pacemaker.blockPeriodMillis() == 0) {
        // no period: propose as soon as transactions wait (a timer of 0 still costs a hand-off)
        local.periodElapsed = true;
      } else {
        out.add(
            new ScheduleTimeout(
                hs.height, 0, TimeoutKind.BLOCK_PERIOD, pacemaker.blockPeriodMillis()));
      }
      out.add(
          new ScheduleTimeout(
              hs.height, 0, TimeoutKind.BLOCK_INTERVAL, pacemaker.emptyBlockIntervalMillis()));
    }
  }

  /**
   * Runs the rules to a fixed point, replaying buffered messages whenever the height or the round
   * window moves, then commits a synced block or asks for blocks if this validator is behind.
   */
  private void settle(List<ConsensusAction> out) {
    boolean moved = true;
    while (moved) {
      HeightState before = local.current;
      long beforeRound = before.round;
      replayFuture();
      rules.evaluate(out);
      catchUp.commitSyncedBlock(out);
      moved = local.current != before || local.current.round != beforeRound;
    }
    catchUp.requestBlocksIfBehind(out);
  }

  private void replayFuture() {
    HeightState hs = local.current;
    var ready =
        future.drain(
            m -> m.height() == hs.height && m.round() <= hs.round + ROUND_WINDOW,
            m -> m.height() < hs.height);
    for (FutureMessages.Entry entry : ready) {
      if (!hs.decided) {
        apply(entry.message());
      }
    }
  }
}
