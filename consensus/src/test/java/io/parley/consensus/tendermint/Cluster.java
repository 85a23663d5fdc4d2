package io.parley.consensus.tendermint;

import io.parley.base.block.BlockHeader;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.protocol.ConsensusAction;
import io.parley.consensus.protocol.ConsensusEvent;
import io.parley.consensus.protocol.ConsensusEvent.BlockBuilt;
import io.parley.consensus.protocol.ConsensusEvent.BlockCommitted;
import io.parley.consensus.protocol.ConsensusEvent.BlockValidated;
import io.parley.consensus.protocol.ConsensusEvent.MessageReceived;
import io.parley.consensus.protocol.ConsensusEvent.Started;
import io.parley.consensus.protocol.ConsensusEvent.TimeoutExpired;
import io.parley.consensus.protocol.ConsensusEvent.TransactionsAvailable;
import io.parley.consensus.protocol.TimeoutKind;
import io.parley.consensus.simulation.TestChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A lock-step harness for unit tests: the host's work (build, validate, commit) completes at once,
 * and messages move one "message delay" per {@link #deliver()} call, so tests can count delays.
 * Timers are recorded, not fired; nodes listed in {@code down} neither receive nor send.
 */
final class Cluster {
  record Envelope(int from, int to, ConsensusMessage message) {}

  final TestChain chain;
  final List<Tendermint> nodes = new ArrayList<>();
  final List<List<ConsensusMessage>> persisted = new ArrayList<>();
  final List<List<CertifiedBlock>> committed = new ArrayList<>();
  final List<List<ConsensusAction>> actions = new ArrayList<>();
  List<Envelope> inFlight = new ArrayList<>();
  Set<Integer> down = Set.of();

  /** Deliver BLOCK_PERIOD timeouts at once (a zero block period), so heights follow each other. */
  boolean zeroBlockPeriod;

  /** The validators' timeouts. */
  final Pacemaker pacemaker;

  Cluster(int n) {
    this(n, Pacemaker.defaults());
  }

  Cluster(int n, Pacemaker pacemaker) {
    this.pacemaker = pacemaker;
    chain = TestChain.of(n);
    for (int i = 0; i < n; i++) {
      nodes.add(new Tendermint(config(i)));
      persisted.add(new ArrayList<>());
      committed.add(new ArrayList<>());
      actions.add(new ArrayList<>());
    }
  }

  TendermintConfig config(int index) {
    return new TendermintConfig(
        TestChain.CHAIN_ID, chain.validators, chain.keys.get(index), pacemaker);
  }

  void startAll() {
    for (int i = 0; i < nodes.size(); i++) {
      handle(i, new Started(chain.genesis));
      handle(i, new TransactionsAvailable());
    }
  }

  BlockHeader head(int node) {
    List<CertifiedBlock> blocks = committed.get(node);
    return blocks.isEmpty() ? chain.genesis : blocks.getLast().block().header();
  }

  /** One message delay: everything in flight arrives; what it triggers is in flight next. */
  void deliver() {
    List<Envelope> now = inFlight;
    inFlight = new ArrayList<>();
    for (Envelope e : now) {
      if (!down.contains(e.to())) {
        handle(e.to(), new MessageReceived(e.from(), e.message()));
      }
    }
  }

  void handle(int node, ConsensusEvent event) {
    for (ConsensusAction action : nodes.get(node).handle(event)) {
      actions.get(node).add(action);
      perform(node, action);
    }
  }

  private void perform(int node, ConsensusAction action) {
    switch (action) {
      case ConsensusAction.BuildBlock b ->
          handle(
              node,
              new BlockBuilt(
                  b.height(),
                  b.round(),
                  TestChain.block(
                      head(node),
                      chain.keys.get(node).address(),
                      b.height(),
                      node,
                      b.consensusData())));
      case ConsensusAction.ValidateBlock v -> {
        boolean valid = TestChain.executes(head(node), v.block());
        handle(node, new BlockValidated(v.block().hash(), valid, valid ? "" : "bad state"));
      }
      case ConsensusAction.CommitBlock c -> {
        committed.get(node).add(new CertifiedBlock(c.block(), c.certificate()));
        handle(node, new BlockCommitted(c.block().header()));
      }
      case ConsensusAction.Broadcast b -> {
        for (int to = 0; to < nodes.size(); to++) {
          if (to != node && !down.contains(node)) {
            inFlight.add(new Envelope(node, to, b.message()));
          }
        }
      }
      case ConsensusAction.SendTo s -> {
        if (!down.contains(node)) {
          inFlight.add(new Envelope(node, s.validatorIndex(), s.message()));
        }
      }
      case ConsensusAction.PersistVote p -> persisted.get(node).add(p.vote());
      case ConsensusAction.PersistProposal p -> persisted.get(node).add(p.proposal());
      case ConsensusAction.ScheduleTimeout t -> {
        if (zeroBlockPeriod && t.kind() == TimeoutKind.BLOCK_PERIOD) {
          handle(node, new TimeoutExpired(t.height(), t.round(), t.kind()));
        }
      }
      case ConsensusAction.RequestBlocks r -> {}
    }
  }
}
