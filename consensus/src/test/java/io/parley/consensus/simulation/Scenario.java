package io.parley.consensus.simulation;

import io.parley.consensus.tendermint.Pacemaker;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One simulated run's setting. Before {@code healAtMillis} the network drops, duplicates, delays
 * (and so reorders) messages, partitions the nodes, and honest nodes crash and restart; after it
 * every honest node is up and messages arrive within 10 ms; by the end of {@code
 * livenessWindowMillis} every honest node must have committed two blocks beyond the best height at
 * heal (long enough for every proposer to take a turn at the largest timeouts).
 *
 * @param byzantine validator index to misbehaviour (absent: honest)
 * @param twins validator indexes run by two nodes sharing one key (counted as faulty)
 * @param longOutages how many honest validators are down from 100 ms until the heal
 * @param storageLoss what an honest validator's disk loses when it crashes
 */
record Scenario(
    int validators,
    Map<Integer, Behaviour> byzantine,
    Set<Integer> twins,
    double dropRate,
    double duplicateRate,
    long maxDelayMillis,
    int partitions,
    int crashes,
    double crashAtPersistRate,
    int longOutages,
    StorageLoss storageLoss,
    long healAtMillis,
    long livenessWindowMillis,
    Pacemaker pacemaker) {

  /** What a crash takes from a validator's disk besides its memory. */
  enum StorageLoss {
    /** Nothing: every synced write survives. */
    NONE,
    /**
     * The database's write-ahead log: the persisted messages and the latest committed blocks. The
     * signing-state record, a file of its own, survives.
     */
    DATABASE_WAL,
    /** As {@link #DATABASE_WAL}, and the signing-state record too (what the record prevents). */
    DATABASE_WAL_AND_RECORD
  }

  Scenario {
    byzantine = new TreeMap<>(byzantine);
    twins = new TreeSet<>(twins);
  }

  static Pacemaker simulationPacemaker() {
    return new Pacemaker(100, 60, 60, 300, 400, 20, 300, 4);
  }

  /** A random fault schedule over {@code validators} with the given faulty validators. */
  static Scenario random(
      SplittableRandom random,
      int validators,
      Map<Integer, Behaviour> byzantine,
      Set<Integer> twins) {
    return new Scenario(
        validators,
        byzantine,
        twins,
        random.nextDouble() * 0.3,
        random.nextDouble() * 0.2,
        5 + random.nextLong(250),
        random.nextInt(4),
        random.nextInt(4),
        random.nextDouble() * 0.2,
        0,
        StorageLoss.NONE,
        2_000 + random.nextLong(6_000),
        120_000,
        simulationPacemaker());
  }

  /** The same scenario with {@code crashes} crashes and the given crash-after-persist rate. */
  Scenario withRestarts(int crashCount, double afterPersistRate) {
    return new Scenario(
        validators,
        byzantine,
        twins,
        dropRate,
        duplicateRate,
        maxDelayMillis,
        partitions,
        crashCount,
        afterPersistRate,
        longOutages,
        storageLoss,
        healAtMillis,
        livenessWindowMillis,
        pacemaker);
  }

  /** The same scenario where each crash of an honest validator also loses {@code loss}. */
  Scenario withStorageLoss(StorageLoss loss) {
    return new Scenario(
        validators,
        byzantine,
        twins,
        dropRate,
        duplicateRate,
        maxDelayMillis,
        partitions,
        crashes,
        crashAtPersistRate,
        longOutages,
        loss,
        healAtMillis,
        livenessWindowMillis,
        pacemaker);
  }

  /**
   * A clean network (no loss, 1-5 ms delays) for {@code healAtMillis}, during which one validator
   * is down from the start: it comes back about a hundred blocks behind and must sync in batches.
   */
  static Scenario longOutage(int validators, long healAtMillis) {
    return longOutage(validators, 1, healAtMillis);
  }

  /** As {@link #longOutage(int, long)} with {@code down} validators down. */
  static Scenario longOutage(int validators, int down, long healAtMillis) {
    return new Scenario(
        validators,
        Map.of(),
        Set.of(),
        0,
        0,
        5,
        0,
        0,
        0,
        down,
        StorageLoss.NONE,
        healAtMillis,
        120_000,
        simulationPacemaker());
  }

  boolean isFaulty(int validatorIndex) {
    return byzantine.containsKey(validatorIndex) || twins.contains(validatorIndex);
  }

  Behaviour behaviourOf(int validatorIndex) {
    return byzantine.getOrDefault(validatorIndex, Behaviour.HONEST);
  }
}
