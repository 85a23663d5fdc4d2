package io.parley.consensus.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 1,000 seeded runs of 4 or 7 honest validators on a network that drops, duplicates, delays,
 * reorders and partitions, with crashes and restarts (some right after persisting a vote, before
 * sending it): never two different blocks at one height, never a conflicting signature, and every
 * validator progresses once the network heals.
 */
class CrashFaultSimulationTest {
  @Test
  void thousandSeedsAreSafeAndLiveAfterHealing() {
    List<SimulationResult> runs = SimulationSweep.check("crash", 1, 1_000);
    assertThat(runs).allSatisfy(r -> assertThat(r.commits()).isPositive());
  }

  /** Up to 12 crashes per run, many of them just before or after a vote reaches the disk. */
  @Test
  void frequentRestartsNeverMakeAnHonestValidatorContradictItself() {
    SimulationSweep.check("restarts-4", 1, 200);
  }

  /**
   * One validator misses about a hundred blocks, then catches up by block sync in batches of 64.
   */
  @Test
  void validatorDownForManyBlocksCatchesUpInBatches() {
    List<SimulationResult> runs = SimulationSweep.check("long-outage-4", 1, 5);
    assertThat(runs).allSatisfy(r -> assertThat(r.heightAtHeal()).isGreaterThan(64));
  }

  /**
   * One validator's crashes also lose its database's write-ahead log (its persisted votes and up to
   * 11 of its latest blocks), but not its signing-state record: it re-syncs and never contradicts a
   * message it signed before, nor forgets its lock.
   */
  @Test
  void aValidatorWhoseDatabaseLosesItsLatestWritesNeverContradictsItself() {
    List<SimulationResult> runs = SimulationSweep.check("storage-loss-4", 1, 200);
    assertThat(runs).allSatisfy(r -> assertThat(r.commits()).isPositive());
  }

  /** The same damage without the signing-state record: the sweep finds a double signature. */
  @Test
  void withoutTheSigningStateRecordTheSameDamageLeadsToADoubleSignature() {
    long violations = 0;
    for (long seed = 1; seed <= 200 && violations == 0; seed++) {
      violations +=
          Scenarios.run("storage-and-record-loss-4", seed).safetyViolation().stream()
              .filter(v -> v.contains("conflicting") || v.contains("against its lock"))
              .count();
    }
    assertThat(violations).isPositive();
  }

  @Test
  @Tag("long")
  void longSweep() {
    SimulationSweep.check("crash", 1_000_000, 20_000);
    SimulationSweep.check("restarts-4", 1_000_000, 5_000);
  }
}
