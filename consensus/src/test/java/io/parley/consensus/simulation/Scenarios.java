package io.parley.consensus.simulation;

import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The named families of simulated runs. A (kind, seed) pair determines a run completely, which is
 * what {@code SimulationReplayTest} needs to replay a failure.
 */
final class Scenarios {
  private Scenarios() {}

  static Scenario of(String kind, long seed) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1);
    return switch (kind) {
      case "crash" -> Scenario.random(random, random.nextInt(5) == 0 ? 7 : 4, Map.of(), Set.of());
      case "silent-4" ->
          Scenario.random(random, 4, Map.of(random.nextInt(4), Behaviour.SILENT), Set.of());
      case "equivocating-4" ->
          Scenario.random(
              random, 4, Map.of(random.nextInt(4), Behaviour.EQUIVOCATING_PROPOSER), Set.of());
      case "double-voter-4" ->
          Scenario.random(random, 4, Map.of(random.nextInt(4), Behaviour.DOUBLE_VOTER), Set.of());
      case "twins-4" -> Scenario.random(random, 4, Map.of(), Set.of(random.nextInt(4)));
      case "restarts-twins-4" ->
          Scenario.random(random, 4, Map.of(), Set.of(random.nextInt(4))).withRestarts(12, 1.0);
      case "long-outage-4" -> Scenario.longOutage(4, 20_000 + random.nextLong(10_000));
      case "restarts-4" -> Scenario.random(random, 4, Map.of(), Set.of()).withRestarts(12, 1.0);
      case "storage-loss-4" ->
          Scenario.random(random, 4, Map.of(), Set.of())
              .withRestarts(12, 1.0)
              .withStorageLoss(Scenario.StorageLoss.DATABASE_WAL);
      case "storage-and-record-loss-4" ->
          Scenario.random(random, 4, Map.of(), Set.of())
              .withRestarts(12, 1.0)
              .withStorageLoss(Scenario.StorageLoss.DATABASE_WAL_AND_RECORD);
      case "byzantine-7" -> {
        int a = random.nextInt(7);
        int b = (a + 1 + random.nextInt(6)) % 7;
        Behaviour[] kinds = {
          Behaviour.EQUIVOCATING_PROPOSER, Behaviour.DOUBLE_VOTER, Behaviour.SILENT
        };
        yield Scenario.random(
            random, 7, Map.of(a, kinds[random.nextInt(3)], b, kinds[random.nextInt(3)]), Set.of());
      }
      case "twins-7" -> {
        int a = random.nextInt(7);
        int b = (a + 1 + random.nextInt(6)) % 7;
        yield Scenario.random(random, 7, Map.of(), Set.of(a, b));
      }
      case "twins-equivocator-7" -> {
        int a = random.nextInt(7);
        int b = (a + 1 + random.nextInt(6)) % 7;
        yield Scenario.random(random, 7, Map.of(b, Behaviour.EQUIVOCATING_PROPOSER), Set.of(a));
      }
      default -> throw new IllegalArgumentException("unknown scenario kind " + kind);
    };
  }

  static SimulationResult run(String kind, long seed) {
    return new Simulation(seed, of(kind, seed)).run();
  }
}
