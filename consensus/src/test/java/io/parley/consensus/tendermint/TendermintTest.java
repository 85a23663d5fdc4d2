package io.parley.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.base.block.Block;
import io.parley.consensus.messages.ConsensusData;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import io.parley.consensus.protocol.ConsensusAction;
import io.parley.consensus.protocol.ConsensusAction.Broadcast;
import io.parley.consensus.protocol.ConsensusAction.PersistVote;
import io.parley.consensus.protocol.ConsensusEvent.MessageReceived;
import io.parley.consensus.protocol.ConsensusEvent.Started;
import io.parley.consensus.protocol.ConsensusEvent.TimeoutExpired;
import io.parley.consensus.protocol.LastSigned;
import io.parley.consensus.protocol.TimeoutKind;
import io.parley.consensus.simulation.TestChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TendermintTest {

  @Test
  void commitsInThreeMessageDelaysOnTheHappyPath() {
    Cluster cluster = new Cluster(4);
    cluster.startAll();
    int delays = 0;
    while (cluster.committed.stream().anyMatch(List::isEmpty) && delays < 10) {
      cluster.deliver();
      delays++;
    }
    assertThat(delays).isEqualTo(3); // proposal, prevotes, precommits
    var hashes = cluster.committed.stream().map(c -> c.getFirst().block().hash()).distinct();
    assertThat(hashes).hasSize(1);
    var certificate = cluster.committed.getFirst().getFirst().certificate();
    assertThat(certificate.verify(TestChain.CHAIN_ID, cluster.chain.validators)).isEmpty();
  }

  @Test
  void keepsCommittingWithOneValidatorDown() {
    Cluster cluster = new Cluster(4);
    cluster.down = Set.of(3);
    cluster.startAll();
    for (int i = 0; i < 40 && cluster.committed.get(0).size() < 3; i++) {
      cluster.deliver();
      fireDueTimeouts(cluster);
    }
    assertThat(cluster.committed.get(0)).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void persistsEachOwnVoteBeforeSendingIt() {
    Cluster cluster = new Cluster(4);
    cluster.startAll();
    for (int i = 0; i < 3; i++) {
      cluster.deliver();
    }
    for (List<ConsensusAction> actions : cluster.actions) {
      for (int i = 0; i < actions.size(); i++) {
        if (actions.get(i) instanceof Broadcast b && b.message() instanceof Vote vote) {
          assertThat(actions.subList(0, i)).contains(new PersistVote(vote));
        }
      }
    }
  }

  @Test
  void restartedValidatorKeepsItsLock() {
    Cluster cluster = new Cluster(4);
    cluster.startAll();
    cluster.deliver(); // proposals
    cluster.deliver(); // prevotes: everyone locks and precommits
    int node = 3;
    Vote precommit = ownVote(cluster.persisted.get(node), node, VoteType.PRECOMMIT);
    assertThat(precommit.blockHash()).isPresent();

    Tendermint restarted = new Tendermint(cluster.config(node));
    restarted.handle(
        new Started(cluster.chain.genesis, Optional.empty(), cluster.persisted.get(node)));
    // Round 1's proposer offers another block with no polka: a locked validator prevotes nil.
    int proposer = (1 + 1) % 4;
    Block other =
        TestChain.block(
            cluster.chain.genesis,
            cluster.chain.keys.get(proposer).address(),
            99,
            7,
            new ConsensusData(1, Optional.empty()).encode());
    restarted.handle(new TimeoutExpired(1, 0, TimeoutKind.PRECOMMIT));
    Proposal fresh =
        Proposal.sign(
            TestChain.CHAIN_ID,
            1,
            1,
            other,
            Optional.empty(),
            proposer,
            cluster.chain.keys.get(proposer));
    List<ConsensusAction> out =
        new ArrayList<>(restarted.handle(new MessageReceived(proposer, fresh)));
    out.addAll(
        restarted.handle(
            new io.parley.consensus.protocol.ConsensusEvent.BlockValidated(
                other.hash(), true, "")));
    Vote prevote =
        out.stream()
            .filter(a -> a instanceof PersistVote)
            .map(a -> ((PersistVote) a).vote())
            .filter(v -> v.validatorIndex() == node && v.round() == 1)
            .findFirst()
            .orElseThrow();
    assertThat(prevote.type()).isEqualTo(VoteType.PREVOTE);
    assertThat(prevote.blockHash()).isEmpty();
  }

  /**
   * A validator signing a well-formed proposal for a round it does not propose (validator 2 at
   * height 1 round 0, whose proposer is 1): dropped before it touches state, no prevote for it, and
   * the round's real proposal is still taken.
   */
  @Test
  void aProposalFromAnotherThanTheRoundsProposerIsDropped() {
    Cluster cluster = new Cluster(4);
    Tendermint node = new Tendermint(cluster.config(0));
    node.handle(new Started(cluster.chain.genesis));
    List<Proposal> proposals = new ArrayList<>();
    for (int signer : new int[] {2, 1}) {
      Block block =
          TestChain.block(
              cluster.chain.genesis,
              cluster.chain.keys.get(signer).address(),
              signer,
              signer,
              new ConsensusData(0, Optional.empty()).encode());
      proposals.add(
          Proposal.sign(
              TestChain.CHAIN_ID,
              1,
              0,
              block,
              Optional.empty(),
              signer,
              cluster.chain.keys.get(signer)));
    }
    List<ConsensusAction> out =
        new ArrayList<>(node.handle(new MessageReceived(2, proposals.get(0))));
    assertThat(out).noneMatch(a -> a instanceof ConsensusAction.ValidateBlock);
    out.addAll(node.handle(new MessageReceived(1, proposals.get(1))));
    out.addAll(
        node.handle(
            new io.parley.consensus.protocol.ConsensusEvent.BlockValidated(
                proposals.get(1).blockHash(), true, "")));
    List<Vote> prevotes =
        out.stream()
            .filter(a -> a instanceof PersistVote)
            .map(a -> ((PersistVote) a).vote())
            .filter(v -> v.type() == VoteType.PREVOTE)
            .toList();
    assertThat(prevotes).hasSize(1);
    assertThat(prevotes.getFirst().blockHash()).contains(proposals.get(1).blockHash());
  }

  @Test
  void aProposalForTheNextHeightFromAnotherThanItsProposerIsDroppedWhenReplayed() {
    Cluster cluster = new Cluster(4);
    cluster.zeroBlockPeriod = true;
    cluster.startAll();
    // Validator 3 lags: the others decide height 1 while its messages are held back.
    List<Cluster.Envelope> held = new ArrayList<>();
    for (int i = 0; i < 40 && cluster.committed.get(0).isEmpty(); i++) {
      held.addAll(cluster.inFlight.stream().filter(e -> e.to() == 3).toList());
      cluster.inFlight.removeIf(e -> e.to() == 3);
      cluster.deliver();
    }
    Block first = cluster.committed.get(0).getFirst().block();
    // Validator 1 knows block 1 and, before validator 3 has decided it, sends it a proposal for
    // height 2 on top of it: not from height 2's proposer, and buffered as a future message.
    int impostor = 1;
    Block early =
        TestChain.block(
            first.header(),
            cluster.chain.keys.get(impostor).address(),
            first.header().timestamp() + 1,
            impostor,
            new ConsensusData(0, Optional.of(cluster.committed.get(0).getFirst().certificate()))
                .encode());
    Proposal bogus =
        Proposal.sign(
            TestChain.CHAIN_ID,
            2,
            0,
            early,
            Optional.empty(),
            impostor,
            cluster.chain.keys.get(impostor));
    cluster.handle(3, new MessageReceived(impostor, bogus));
    cluster.inFlight.addAll(held);
    for (int i = 0; i < 40 && cluster.committed.get(3).size() < 2; i++) {
      cluster.deliver();
    }
    assertThat(cluster.committed.get(3)).hasSizeGreaterThanOrEqualTo(2);
    Block second = cluster.committed.get(3).get(1).block();
    assertThat(second.header().proposer())
        .as("the test needs the impostor not to be height 2's proposer")
        .isNotEqualTo(cluster.chain.keys.get(impostor).address());
    assertThat(cluster.actions.get(3))
        .noneMatch(
            a ->
                a instanceof ConsensusAction.ValidateBlock v
                    && v.block().hash().equals(early.hash()));
    List<Vote> prevotes =
        cluster.actions.get(3).stream()
            .filter(a -> a instanceof PersistVote)
            .map(a -> ((PersistVote) a).vote())
            .filter(v -> v.type() == VoteType.PREVOTE && v.height() == 2 && v.validatorIndex() == 3)
            .toList();
    assertThat(prevotes).hasSize(1);
    assertThat(prevotes.getFirst().blockHash()).contains(second.hash());
  }

  @Test
  void aValidatorTwoHeightsBehindKeepsTheMessagesOfBothAndCatchesUpWithoutATimeout() {
    Cluster cluster = new Cluster(4);
    cluster.zeroBlockPeriod = true;
    cluster.startAll();
    // Validator 0 (no proposer of heights 1-3) has its inbox held while the others decide heights
    // 1 and 2 and start height 3.
    int lagging = 0;
    List<Cluster.Envelope> held = new ArrayList<>();
    for (int i = 0;
        i < 60
            && held.stream().noneMatch(e -> e.message() instanceof Proposal p && p.height() == 3);
        i++) {
      held.addAll(cluster.inFlight.stream().filter(e -> e.to() == lagging).toList());
      cluster.inFlight.removeIf(e -> e.to() == lagging);
      cluster.deliver();
    }
    assertThat(cluster.committed.get(lagging)).isEmpty();
    assertThat(held)
        .as("height 3's proposal reached validator 0 while it was at height 1")
        .anyMatch(e -> e.message() instanceof Proposal p && p.height() == 3);
    // Everything held reaches it at once, height 3's messages first (as when the others' messages
    // overtake its own commits); what it sends is lost, so nobody resends it anything and no
    // timeout fires in this cluster: it has only what it buffered.
    held.sort(java.util.Comparator.comparingLong(e -> -e.message().height()));
    cluster.inFlight.addAll(held);
    for (int i = 0; i < 40 && cluster.committed.get(lagging).size() < 3; i++) {
      cluster.inFlight.removeIf(e -> e.from() == lagging);
      cluster.deliver();
    }
    assertThat(cluster.committed.get(lagging)).hasSizeGreaterThanOrEqualTo(3);
    assertThat(cluster.committed.get(lagging).get(2).block())
        .isEqualTo(cluster.committed.get(1).get(2).block());
  }

  @Test
  void withNoBlockPeriodTheNextProposerBuildsAsSoonAsTheBlockCommitsWithoutATimer() {
    // Timers never fire in this cluster: with a block period, the proposer of height 2 waits for
    // its timer for ever; with none, heights follow each other.
    for (long period : new long[] {0, 5}) {
      Cluster cluster =
          new Cluster(4, new Pacemaker(1_000, 500, 500, 1_000, 2_000, period, 1_000, 6));
      cluster.startAll();
      for (int i = 0; i < 40; i++) {
        cluster.deliver();
      }
      if (period == 0) {
        assertThat(cluster.committed.get(0)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(cluster.actions.get(0))
            .noneMatch(
                a ->
                    a instanceof ConsensusAction.ScheduleTimeout t
                        && t.kind() == TimeoutKind.BLOCK_PERIOD);
      } else {
        assertThat(cluster.committed.get(0)).as("waiting for the period's timer").hasSize(1);
      }
    }
  }

  @Test
  void restartedValidatorResendsItsVotesInsteadOfSigningNewOnes() {
    Cluster cluster = new Cluster(4);
    cluster.startAll();
    cluster.deliver();
    int node = 0;
    Vote prevote = ownVote(cluster.persisted.get(node), node, VoteType.PREVOTE);
    Tendermint restarted = new Tendermint(cluster.config(node));
    List<ConsensusAction> out =
        restarted.handle(
            new Started(cluster.chain.genesis, Optional.empty(), cluster.persisted.get(node)));
    assertThat(out).contains(new Broadcast(prevote));
    assertThat(out).noneMatch(a -> a instanceof PersistVote);
    // Its propose timeout fires again after the restart: it must not prevote nil now.
    List<ConsensusAction> later = restarted.handle(new TimeoutExpired(1, 0, TimeoutKind.PROPOSE));
    assertThat(later).noneMatch(a -> a instanceof PersistVote);
  }

  @Test
  void validatorWhoseDatabaseLostItsVotesSignsNothingItsRecordForbids() {
    Cluster cluster = new Cluster(4);
    cluster.startAll();
    cluster.deliver(); // proposals
    cluster.deliver(); // prevotes: everyone locks on the block and precommits
    int node = 3;
    Optional<LastSigned> record = Optional.empty();
    for (ConsensusMessage own : cluster.persisted.get(node)) {
      if (own instanceof Vote v && v.validatorIndex() == node) {
        record = Optional.of(LastSigned.after(record, v, TestChain.CHAIN_ID));
      }
    }
    // Restarted with its persisted votes lost (a damaged write-ahead log), its record kept.
    Tendermint restarted = new Tendermint(cluster.config(node));
    List<ConsensusAction> out =
        new ArrayList<>(
            restarted.handle(
                new Started(cluster.chain.genesis, Optional.empty(), List.of(), record)));
    out.addAll(restarted.handle(new TimeoutExpired(1, 0, TimeoutKind.PROPOSE)));
    out.addAll(restarted.handle(new TimeoutExpired(1, 0, TimeoutKind.PREVOTE)));
    assertThat(out).noneMatch(a -> a instanceof PersistVote);
    // Its lock came back from the record: in round 1 it prevotes nil on another block.
    out = new ArrayList<>(restarted.handle(new TimeoutExpired(1, 0, TimeoutKind.PRECOMMIT)));
    int proposer = (1 + 1) % 4;
    Block other =
        TestChain.block(
            cluster.chain.genesis,
            cluster.chain.keys.get(proposer).address(),
            99,
            7,
            new ConsensusData(1, Optional.empty()).encode());
    Proposal fresh =
        Proposal.sign(
            TestChain.CHAIN_ID,
            1,
            1,
            other,
            Optional.empty(),
            proposer,
            cluster.chain.keys.get(proposer));
    out.addAll(restarted.handle(new MessageReceived(proposer, fresh)));
    out.addAll(
        restarted.handle(
            new io.parley.consensus.protocol.ConsensusEvent.BlockValidated(
                other.hash(), true, "")));
    List<Vote> signed =
        out.stream()
            .filter(a -> a instanceof PersistVote)
            .map(a -> ((PersistVote) a).vote())
            .toList();
    assertThat(signed).hasSize(1);
    assertThat(signed.getFirst().round()).isEqualTo(1);
    assertThat(signed.getFirst().blockHash()).isEmpty();
  }

  @Test
  void validatorBehindItsRecordSignsNothingBelowIt() {
    Cluster cluster = new Cluster(4);
    cluster.startAll();
    Vote later =
        Vote.sign(
            TestChain.CHAIN_ID,
            VoteType.PREVOTE,
            5,
            2,
            Optional.empty(),
            0,
            cluster.chain.keys.get(0));
    Tendermint behind = new Tendermint(cluster.config(0));
    List<ConsensusAction> out =
        new ArrayList<>(
            behind.handle(
                new Started(
                    cluster.chain.genesis,
                    Optional.empty(),
                    List.of(),
                    Optional.of(LastSigned.after(Optional.empty(), later, TestChain.CHAIN_ID)))));
    out.addAll(
        behind.handle(new io.parley.consensus.protocol.ConsensusEvent.TransactionsAvailable()));
    out.addAll(behind.handle(new TimeoutExpired(1, 0, TimeoutKind.BLOCK_INTERVAL)));
    out.addAll(behind.handle(new TimeoutExpired(1, 0, TimeoutKind.PROPOSE)));
    out.addAll(behind.handle(new TimeoutExpired(1, 0, TimeoutKind.PREVOTE)));
    assertThat(out)
        .noneMatch(
            a ->
                a instanceof PersistVote
                    || a instanceof ConsensusAction.PersistProposal
                    || a instanceof ConsensusAction.BuildBlock);
  }

  @Test
  void reportsAValidatorThatSignsTwoDifferentVotesForOneStep() {
    Cluster cluster = new Cluster(4);
    cluster.startAll();
    var key = cluster.chain.keys.get(2);
    Vote nil = Vote.sign(TestChain.CHAIN_ID, VoteType.PREVOTE, 1, 0, Optional.empty(), 2, key);
    Vote forBlock =
        Vote.sign(TestChain.CHAIN_ID, VoteType.PREVOTE, 1, 0, Optional.of(Bytes32.ZERO), 2, key);
    Vote sameContentOtherEncoding =
        new Vote(
            nil.type(),
            nil.height(),
            nil.round(),
            nil.blockHash(),
            2,
            new io.parley.base.crypto.Signature(
                nil.signature().r(), nil.signature().s(), nil.signature().recoveryId() ^ 1));
    Logger logger = (Logger) LoggerFactory.getLogger(Tendermint.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    Level level = logger.getLevel();
    logger.setLevel(Level.WARN);
    logger.addAppender(logged);
    try {
      Tendermint node = cluster.nodes.get(0);
      node.handle(new MessageReceived(2, nil));
      node.handle(new MessageReceived(2, sameContentOtherEncoding));
      assertThat(logged.list).isEmpty();
      node.handle(new MessageReceived(2, forBlock));
      node.handle(new MessageReceived(2, forBlock));
    } finally {
      logger.detachAppender(logged);
      logger.setLevel(level);
    }
    assertThat(logged.list)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage)
        .asString()
        .startsWith("Validator 2 signed two different messages at height 1 round 0");
  }

  @Test
  void dropsStaleTimeouts() {
    Cluster cluster = new Cluster(4);
    cluster.startAll();
    for (int i = 0; i < 3; i++) {
      cluster.deliver();
    }
    Tendermint node = cluster.nodes.get(0);
    assertThat(node.height()).isEqualTo(2);
    assertThat(node.handle(new TimeoutExpired(1, 0, TimeoutKind.PROPOSE))).isEmpty();
    assertThat(node.handle(new TimeoutExpired(2, 5, TimeoutKind.PRECOMMIT))).isEmpty();
    assertThat(node.round()).isZero();
  }

  @Test
  void validatorThatMissedBlocksCatchesUpByBlockSync() {
    Cluster cluster = new Cluster(4);
    cluster.down = Set.of(3);
    cluster.startAll();
    for (int i = 0; i < 60 && cluster.committed.get(0).size() < 4; i++) {
      cluster.deliver();
      fireDueTimeouts(cluster);
    }
    assertThat(cluster.committed.get(3)).isEmpty();
    cluster.down = Set.of();
    List<ConsensusAction> requests = new ArrayList<>();
    for (int i = 0; i < 6 && requests.isEmpty(); i++) {
      int before = cluster.actions.get(3).size();
      cluster.deliver();
      fireDueTimeouts(cluster);
      cluster.actions.get(3).subList(before, cluster.actions.get(3).size()).stream()
          .filter(a -> a instanceof ConsensusAction.RequestBlocks)
          .forEach(requests::add);
    }
    assertThat(requests).isNotEmpty();
    var request = (ConsensusAction.RequestBlocks) requests.getFirst();
    var served =
        cluster.committed.get(request.validatorIndex()).stream()
            .filter(b -> b.height() >= request.fromHeight() && b.height() <= request.toHeight())
            .toList();
    cluster.handle(
        3,
        new io.parley.consensus.protocol.ConsensusEvent.BlocksReceived(
            request.validatorIndex(), served));
    assertThat(cluster.committed.get(3)).hasSize(served.size());
    assertThat(cluster.committed.get(3).getLast().block().hash())
        .isEqualTo(served.getLast().block().hash());
  }

  @Test
  void refusesSyncedBlocksWithoutAValidCertificate() {
    Cluster cluster = new Cluster(4);
    cluster.startAll();
    for (int i = 0; i < 3; i++) {
      cluster.deliver();
    }
    var good = cluster.committed.get(0).getFirst();
    var forged =
        new io.parley.consensus.messages.CertifiedBlock(
            good.block(),
            new io.parley.base.block.CommitCertificate(
                1, 0, good.block().hash(), good.certificate().votes().subList(0, 2)));
    Tendermint fresh = new Tendermint(cluster.config(1));
    fresh.handle(new Started(cluster.chain.genesis));
    List<ConsensusAction> out =
        fresh.handle(
            new io.parley.consensus.protocol.ConsensusEvent.BlocksReceived(0, List.of(forged)));
    assertThat(out).noneMatch(a -> a instanceof ConsensusAction.CommitBlock);
  }

  @Test
  void ignoresMessagesWithBadSignatures() {
    Cluster cluster = new Cluster(4);
    cluster.startAll();
    cluster.deliver();
    Vote real = ownVote(cluster.persisted.get(1), 1, VoteType.PREVOTE);
    Vote forged =
        new Vote(
            real.type(),
            real.height(),
            real.round(),
            Optional.of(Bytes32.ZERO),
            real.validatorIndex(),
            real.signature());
    Tendermint fresh = new Tendermint(cluster.config(0));
    fresh.handle(new Started(cluster.chain.genesis));
    assertThat(fresh.handle(new MessageReceived(1, forged))).isEmpty();
  }

  private static Vote ownVote(List<ConsensusMessage> persisted, int node, VoteType type) {
    return persisted.stream()
        .filter(m -> m instanceof Vote v && v.validatorIndex() == node && v.type() == type)
        .map(Vote.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** Fires every round timer recorded so far once (the lock-step harness has no clock). */
  private static void fireDueTimeouts(Cluster cluster) {
    for (int node = 0; node < cluster.nodes.size(); node++) {
      if (cluster.down.contains(node)) {
        continue;
      }
      List<ConsensusAction> recorded = new ArrayList<>(cluster.actions.get(node));
      cluster.actions.get(node).removeIf(a -> a instanceof ConsensusAction.ScheduleTimeout);
      for (ConsensusAction action : recorded) {
        if (action instanceof ConsensusAction.ScheduleTimeout t) {
          cluster.handle(node, new TimeoutExpired(t.height(), t.round(), t.kind()));
        }
      }
    }
  }
}
