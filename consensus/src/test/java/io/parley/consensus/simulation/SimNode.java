package io.parley.consensus.simulation;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.crypto.KeyPair;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.protocol.ConsensusAction;
import io.parley.consensus.protocol.ConsensusEvent;
import io.parley.consensus.protocol.ConsensusEvent.BlockBuilt;
import io.parley.consensus.protocol.ConsensusEvent.BlockCommitted;
import io.parley.consensus.protocol.ConsensusEvent.BlockValidated;
import io.parley.consensus.protocol.ConsensusEvent.Started;
import io.parley.consensus.protocol.ConsensusEvent.TimeoutExpired;
import io.parley.consensus.protocol.ConsensusEvent.TransactionsAvailable;
import io.parley.consensus.tendermint.Tendermint;
import io.parley.consensus.tendermint.TendermintConfig;
import java.util.List;
import java.util.Optional;

/**
 * One simulated validator process: the protocol core plus a fake host that performs its actions
 * (timers on the fake clock, block building and validation by {@link TestChain}, durable storage,
 * sends through the simulated network). Its timers run at {@code clockRate} times real time, so
 * validators disagree on how long a timeout lasts. A crash drops the core, its timers and its
 * in-flight messages; a restart builds a new core from what {@link SimStorage} kept.
 */
final class SimNode {
  final int id;
  final int validatorIndex;
  final boolean honest;
  final KeyPair key;
  final SimStorage storage;
  final Adversary adversary;
  private final Simulation world;
  private final TendermintConfig config;
  private final double clockRate;
  private Optional<Tendermint> core = Optional.empty();
  private int incarnation;

  SimNode(
      Simulation world,
      int id,
      int validatorIndex,
      boolean honest,
      TendermintConfig config,
      SimStorage storage,
      Adversary adversary,
      double clockRate) {
    this.world = world;
    this.id = id;
    this.validatorIndex = validatorIndex;
    this.honest = honest;
    this.config = config;
    this.key = config.key();
    this.storage = storage;
    this.adversary = adversary;
    this.clockRate = clockRate;
  }

  @Override
  public String toString() {
    return "node "
        + id
        + " (validator "
        + validatorIndex
        + ", height "
        + storage.height()
        + core.map(c -> ", core " + c).orElse(", down")
        + ")";
  }

  boolean isUp() {
    return core.isPresent();
  }

  int incarnation() {
    return incarnation;
  }

  void start() {
    incarnation++;
    core = Optional.of(new Tendermint(config));
    BlockHeader head = storage.head();
    System.err.println(
        "START node "
            + id
            + " t="
            + world.scheduler.now()
            + " head "
            + head.height()
            + " record "
            + storage.lastSigned()
            + " persisted "
            + storage.persistedAbove(head.height()));
    handle(
        new Started(
            head,
            storage.headCertificate(),
            storage.persistedAbove(head.height()),
            storage.lastSigned(),
            storage.history()));
    handle(new TransactionsAvailable());
  }

  void crash() {
    incarnation++;
    core = Optional.empty();
  }

  void handle(ConsensusEvent event) {
    if (core.isEmpty()) {
      return;
    }
    List<ConsensusAction> actions = core.get().handle(event);
    int current = incarnation;
    for (ConsensusAction action : actions) {
      if (incarnation != current) {
        return; // crashed part-way through the list
      }
      perform(action, current);
    }
  }

  /** Runs {@code event} later unless this node crashed meanwhile. */
  private void later(long delayMillis, int forIncarnation, ConsensusEvent event) {
    world.scheduler.after(
        delayMillis,
        () -> {
          if (incarnation == forIncarnation) {
            handle(event);
          }
        });
  }

  private void perform(ConsensusAction action, int current) {
    switch (action) {
      case ConsensusAction.ScheduleTimeout t ->
          later(
              Math.round(t.delayMillis() * clockRate),
              current,
              new TimeoutExpired(t.height(), t.round(), t.kind()));
      case ConsensusAction.BuildBlock b -> {
        BlockHeader head = storage.head();
        if (!b.parentHash().equals(head.hash())) {
          throw new IllegalStateException("asked to build on " + b.parentHash() + " not the head");
        }
        Block block =
            TestChain.block(
                head,
                key.address(),
                world.scheduler.now(),
                world.random.nextInt(),
                b.consensusData());
        later(1, current, new BlockBuilt(b.height(), b.round(), block));
      }
      case ConsensusAction.ValidateBlock v -> {
        boolean valid = TestChain.executes(storage.head(), v.block());
        later(1, current, new BlockValidated(v.block().hash(), valid, valid ? "" : "bad state"));
      }
      case ConsensusAction.CommitBlock c -> {
        BlockHeader parent = storage.head();
        CertifiedBlock certified = new CertifiedBlock(c.block(), c.certificate());
        world.monitor.onCommit(this, parent, certified, world.scheduler.now());
        storage.commit(certified);
        later(1, current, new BlockCommitted(c.block().header()));
        later(2, current, new TransactionsAvailable());
      }
      case ConsensusAction.Broadcast b -> world.broadcast(this, b.message());
      case ConsensusAction.SendTo s -> world.sendTo(this, s.validatorIndex(), s.message());
      case ConsensusAction.PersistVote p -> persisted(p.vote());
      case ConsensusAction.PersistProposal p -> persisted(p.proposal());
      case ConsensusAction.RequestBlocks r -> world.requestBlocks(this, r);
    }
  }

  /** Persists {@code message}; the process may die just before or just after the write. */
  private void persisted(ConsensusMessage message) {
    if (world.crashesAroundPersist(this)) {
      return; // died before the write reached the disk
    }
    if (isOwn(message)) {
      System.err.println(
          "SIGN node "
              + id
              + " t="
              + world.scheduler.now()
              + " "
              + message.getClass().getSimpleName()
              + " "
              + message.height()
              + "/"
              + message.round()
              + " "
              + (message instanceof Vote v ? v.type() + " " + v.blockHash() : ""));
      storage.recordSigned(message); // the signing-state record first, as the node does
    }
    storage.persist(message);
    world.crashesAroundPersist(this);
  }

  private boolean isOwn(ConsensusMessage message) {
    return switch (message) {
      case Proposal p -> p.proposerIndex() == validatorIndex;
      case Vote v -> v.validatorIndex() == validatorIndex;
      default -> false;
    };
  }
}
