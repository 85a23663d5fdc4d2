package io.parley.consensus.simulation;

import java.util.SplittableRandom;

/**
 * The simulated links between nodes. While faults are on it drops, duplicates and delays messages
 * at random (random delays reorder them) and drops everything that crosses the current partition;
 * once healed, every message arrives within 10 ms.
 */
final class SimNetwork {
  private final Scheduler scheduler;
  private final SplittableRandom random;
  private final Scenario scenario;
  private boolean faulty = true;
  private int[] partition;
  private int partitionId;
  private long sent;
  private long dropped;

  SimNetwork(Scheduler scheduler, SplittableRandom random, Scenario scenario) {
    this.scheduler = scheduler;
    this.random = random;
    this.scenario = scenario;
  }

  void send(SimNode from, SimNode to, Runnable delivery) {
    sent++;
    if (!faulty) {
      scheduler.after(1 + random.nextLong(10), delivery);
      return;
    }
    if ((partition != null && partition[from.id] != partition[to.id])
        || random.nextDouble() < scenario.dropRate()) {
      dropped++;
      return;
    }
    int copies = random.nextDouble() < scenario.duplicateRate() ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      scheduler.after(1 + random.nextLong(scenario.maxDelayMillis()), delivery);
    }
  }

  /** Splits the nodes in two random non-empty sides; returns an id to end this partition. */
  int partition(int nodeCount) {
    int[] sides = new int[nodeCount];
    int first = random.nextInt(nodeCount);
    int second = (first + 1 + random.nextInt(nodeCount - 1)) % nodeCount;
    for (int i = 0; i < nodeCount; i++) {
      sides[i] = random.nextInt(2);
    }
    sides[first] = 0;
    sides[second] = 1;
    partition = sides;
    return ++partitionId;
  }

  void endPartition(int id) {
    if (id == partitionId) {
      partition = null;
    }
  }

  void heal() {
    faulty = false;
    partition = null;
  }

  boolean isFaulty() {
    return faulty;
  }

  long sent() {
    return sent;
  }

  long dropped() {
    return dropped;
  }
}
