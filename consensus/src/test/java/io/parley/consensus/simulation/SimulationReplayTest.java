package io.parley.consensus.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Replays one run exactly. With {@code -Dparley.sim.seed=S -Dparley.sim.kind=K} it replays the
 * failing run a sweep printed; without, it checks that two runs of one seed are identical.
 */
class SimulationReplayTest {
  @Test
  void sameSeedReplaysIdentically() {
    long seed = Long.getLong("parley.sim.seed", 42L);
    String kind = System.getProperty("parley.sim.kind", "crash");
    SimulationResult first = Scenarios.run(kind, seed);
    SimulationResult second = Scenarios.run(kind, seed);
    assertThat(second.trace()).as(first.describe()).isEqualTo(first.trace());
    assertThat(second.tasks()).isEqualTo(first.tasks());
    assertThat(first.safetyViolation()).as(first.describe()).isEmpty();
    assertThat(first.live()).as(first.describe()).isTrue();
  }
}
