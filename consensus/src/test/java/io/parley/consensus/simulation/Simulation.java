package io.parley.consensus.simulation;

import io.parley.base.block.BlockHeader;
import io.parley.consensus.messages.BlockRequest;
import io.parley.consensus.messages.BlockResponse;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.MessageCodec;
import io.parley.consensus.protocol.ConsensusAction.RequestBlocks;
import io.parley.consensus.protocol.ConsensusEvent.BlocksReceived;
import io.parley.consensus.protocol.ConsensusEvent.MessageReceived;
import io.parley.consensus.tendermint.TendermintConfig;
import io.parley.consensus.validation.CertificateChecker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes;

/**
 * A deterministic run of n validators (plus twins) on a fake clock and a faulty in-memory network,
 * every message going through its canonical bytes. Everything random comes from one seed, so a
 * failing seed replays exactly: {@code SimulationReplayTest} with {@code -Dparley.sim.seed=...}.
 */
final class Simulation {
  final long seed;
  final Scenario scenario;
  final Scheduler scheduler = new Scheduler();
  final SplittableRandom random;
  final SafetyMonitor monitor;
  private final TestChain chain;
  private final SimNetwork network;
  private final MessageCodec codec = new MessageCodec(TestChain.MAX_TRANSACTION_SIZE);
  private final List<SimNode> nodes = new ArrayList<>();

  /** The honest validator whose crashes damage its database (at most one: at most f). */
  private Optional<SimNode> damagedDisk = Optional.empty();

  Simulation(long seed, Scenario scenario) {
    this.seed = seed;
    this.scenario = scenario;
    this.random = new SplittableRandom(seed);
    this.chain = TestChain.of(scenario.validators());
    this.network = new SimNetwork(scheduler, random.split(), scenario);
    this.monitor = new SafetyMonitor(new CertificateChecker(TestChain.CHAIN_ID, chain.validators));
    for (int index = 0; index < scenario.validators(); index++) {
      addNode(index);
      if (scenario.twins().contains(index)) {
        addNode(index);
      }
    }
  }

  private void addNode(int index) {
    var config =
        new TendermintConfig(
            TestChain.CHAIN_ID, chain.validators, chain.keys.get(index), scenario.pacemaker());
    var adversary =
        new Adversary(scenario.behaviourOf(index), chain.keys.get(index), index, random.split());
    nodes.add(
        new SimNode(
            this,
            nodes.size(),
            index,
            !scenario.isFaulty(index),
            config,
            new SimStorage(chain.genesis),
            adversary,
            0.5 + random.nextDouble() * 1.5));
  }

  SimulationResult run() {
    nodes.forEach(SimNode::start);
    scheduleFaults();
    long heal = scenario.healAtMillis();
    scheduler.runUntil(heal, () -> monitor.violation().isPresent());
    network.heal();
    for (SimNode node : nodes) {
      if (!node.isUp()) {
        node.start();
      }
    }
    long heightAtHeal = honest().stream().mapToLong(n -> n.storage.height()).max().orElse(0);
    long target = heightAtHeal + 2;
    scheduler.runUntil(
        heal + scenario.livenessWindowMillis(),
        () -> monitor.violation().isPresent() || minHonestHeight() >= target);
    return new SimulationResult(
        seed,
        scenario,
        heightAtHeal,
        minHonestHeight(),
        monitor.violation(),
        minHonestHeight() >= target,
        monitor.trace() * 31 + scheduler.executed(),
        scheduler.executed(),
        scheduler.now(),
        network.sent(),
        monitor.commits(),
        nodes.stream().map(SimNode::toString).toList());
  }

  /** The committed headers of the honest validator with the longest chain, from height 1. */
  List<BlockHeader> longestHonestChain() {
    SimNode best =
        honest().stream().max(Comparator.comparingLong(n -> n.storage.height())).orElseThrow();
    List<BlockHeader> out = new ArrayList<>();
    for (long h = 1; h <= best.storage.height(); h++) {
      out.add(best.storage.at(h).orElseThrow().block().header());
    }
    return out;
  }

  private List<SimNode> honest() {
    return nodes.stream().filter(n -> n.honest).toList();
  }

  private long minHonestHeight() {
    return honest().stream().mapToLong(n -> n.storage.height()).min().orElse(0);
  }

  private void scheduleFaults() {
    long heal = scenario.healAtMillis();
    for (int i = 0; i < scenario.partitions(); i++) {
      long start = random.nextLong(heal);
      long duration = 200 + random.nextLong(3_000);
      scheduler.at(
          start,
          () -> {
            int id = network.partition(nodes.size());
            scheduler.after(duration, () -> network.endPartition(id));
          });
    }
    List<SimNode> honest = honest();
    List<SimNode> candidates = new ArrayList<>(honest);
    for (int i = 0; i < scenario.longOutages(); i++) {
      SimNode node = candidates.remove(random.nextInt(candidates.size()));
      scheduler.at(100, () -> crashFor(node, heal));
    }
    if (scenario.storageLoss() != Scenario.StorageLoss.NONE) {
      damagedDisk = Optional.of(honest.get(random.nextInt(honest.size())));
    }
    for (int i = 0; i < scenario.crashes(); i++) {
      SimNode node =
          damagedDisk.isPresent() && random.nextBoolean()
              ? damagedDisk.get()
              : honest.get(random.nextInt(honest.size()));
      long at = random.nextLong(heal);
      long down = 100 + random.nextLong(4_000);
      scheduler.at(at, () -> crashFor(node, down));
    }
  }

  private void crashFor(SimNode node, long downMillis) {
    if (!node.isUp() || !network.isFaulty()) {
      return;
    }
    node.crash();
    if (damagedDisk.equals(Optional.of(node))) {
      node.storage.loseRecentWrites(
          random.nextInt(12),
          scenario.storageLoss() == Scenario.StorageLoss.DATABASE_WAL_AND_RECORD);
    }
    long restartAt = Math.min(scheduler.now() + downMillis, scenario.healAtMillis());
    int incarnation = node.incarnation();
    scheduler.at(
        restartAt,
        () -> {
          if (node.incarnation() == incarnation) {
            node.start();
          }
        });
  }

  /**
   * Called just before and just after each persist: sometimes the node dies right there, so
   * whatever followed in the action list (the send of that vote) never happens. Returns whether it
   * died.
   */
  boolean crashesAroundPersist(SimNode node) {
    if (node.honest
        && network.isFaulty()
        && random.nextDouble() < scenario.crashAtPersistRate() / 40) {
      crashFor(node, 50 + random.nextLong(1_500));
      return true;
    }
    return false;
  }

  void broadcast(SimNode from, ConsensusMessage message) {
    List<ConsensusMessage> versions = from.adversary.versions(message);
    for (SimNode to : nodes) {
      if (to.validatorIndex != from.validatorIndex && !versions.isEmpty()) {
        send(from, to, versions.get(random.nextInt(versions.size())));
      }
    }
  }

  void sendTo(SimNode from, int validatorIndex, ConsensusMessage message) {
    List<ConsensusMessage> versions = from.adversary.versions(message);
    for (SimNode to : nodes) {
      if (to.validatorIndex == validatorIndex && !versions.isEmpty()) {
        send(from, to, versions.get(random.nextInt(versions.size())));
      }
    }
  }

  private void send(SimNode from, SimNode to, ConsensusMessage message) {
    monitor.onSend(from, message);
    Bytes bytes = MessageCodec.encode(message);
    int incarnation = to.incarnation();
    int fromIndex = from.validatorIndex;
    network.send(
        from,
        to,
        () -> {
          if (to.isUp() && to.incarnation() == incarnation) {
            ConsensusMessage decoded = codec.decode(bytes);
            to.adversary.observe(decoded);
            to.handle(new MessageReceived(fromIndex, decoded));
          }
        });
  }

  void requestBlocks(SimNode requester, RequestBlocks request) {
    Bytes requestBytes = new BlockRequest(request.fromHeight(), request.toHeight()).encode();
    int incarnation = requester.incarnation();
    for (SimNode server : nodes) {
      if (server.validatorIndex != request.validatorIndex()) {
        continue;
      }
      network.send(
          requester,
          server,
          () -> {
            if (!server.isUp() || !server.adversary.servesBlocks()) {
              return;
            }
            BlockRequest asked = BlockRequest.decode(requestBytes);
            Bytes answer =
                new BlockResponse(server.storage.range(asked.fromHeight(), asked.toHeight()))
                    .encode();
            network.send(
                server,
                requester,
                () -> {
                  if (requester.isUp() && requester.incarnation() == incarnation) {
                    var blocks =
                        BlockResponse.decode(answer, TestChain.MAX_TRANSACTION_SIZE).blocks();
                    requester.handle(new BlocksReceived(server.validatorIndex, blocks));
                  }
                });
          });
    }
  }
}
