package io.parley.consensus.simulation;

import java.util.Optional;

/** The outcome of one {@link Simulation} run; {@link #describe()} names the seed to replay. */
record SimulationResult(
    long seed,
    Scenario scenario,
    long heightAtHeal,
    long minHonestHeight,
    Optional<String> safetyViolation,
    boolean live,
    long trace,
    long tasks,
    long virtualMillis,
    long messagesSent,
    long commits,
    java.util.List<String> nodes) {

  String describe() {
    return "seed "
        + seed
        + " (replay: ./mvnw -pl consensus -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest=SimulationReplayTest -Dparley.sim.seed="
        + seed
        + " -Dparley.sim.kind=...)"
        + "\n  scenario "
        + scenario
        + "\n  height at heal "
        + heightAtHeal
        + ", lowest honest height at end "
        + minHonestHeight
        + ", virtual time "
        + virtualMillis
        + " ms, "
        + messagesSent
        + " messages, "
        + tasks
        + " tasks"
        + safetyViolation.map(v -> "\n  SAFETY VIOLATION: " + v).orElse("")
        + (live ? "" : "\n  NO PROGRESS after the network healed")
        + "\n  "
        + String.join("\n  ", nodes);
  }
}
