package io.parley.consensus.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.block.BlockHeader;
import io.parley.consensus.messages.ConsensusData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Validators down on a clean network (issue 17, failover): they leave the rotation
 * (ProposerReputation) within four heights of the crash, so only turns in those heights are missed
 * (one, for one validator of four), and every later block commits in round 0, with no gap between
 * blocks as long as a propose timeout. Under round robin the dead validator's turn came back every
 * n heights, each waiting out the timeout.
 */
class ProposerFailoverSimulationTest {
  private static final long CRASH_AT = 100;

  @Test
  void oneOfFourDownCostsOneMissedTurn() {
    for (long seed = 1; seed <= 5; seed++) {
      check(seed, Scenario.longOutage(4, 1, 15_000), 1);
    }
  }

  @Test
  void twoOfSevenDownCostOneMissedTurnEach() {
    for (long seed = 1; seed <= 3; seed++) {
      check(seed, Scenario.longOutage(7, 2, 15_000), 4);
    }
  }

  private static void check(long seed, Scenario scenario, int maxMissedRounds) {
    Simulation simulation = new Simulation(seed, scenario);
    SimulationResult result = simulation.run();
    assertThat(result.safetyViolation()).as(result.describe()).isEmpty();
    assertThat(result.live()).as(result.describe()).isTrue();
    List<BlockHeader> outage =
        simulation.longestHonestChain().stream()
            .filter(h -> h.timestamp() > CRASH_AT && h.timestamp() < scenario.healAtMillis())
            .toList();
    assertThat(outage.size()).as("blocks committed while down, seed %d", seed).isGreaterThan(100);
    long crashHeight = outage.getFirst().height();
    long missedRounds = outage.stream().mapToLong(h -> ConsensusData.of(h).round()).sum();
    assertThat(missedRounds)
        .as("rounds lost to dead proposers, seed %d", seed)
        .isLessThanOrEqualTo(maxMissedRounds);
    long lastMiss =
        outage.stream()
            .filter(h -> ConsensusData.of(h).round() > 0)
            .mapToLong(BlockHeader::height)
            .max()
            .orElse(0);
    assertThat(lastMiss).as("last missed turn, seed %d", seed).isLessThan(crashHeight + 4);
    long roundZeroTimeout = scenario.pacemaker().propose(0);
    for (int i = 1; i < outage.size(); i++) {
      if (outage.get(i - 1).height() >= lastMiss) {
        long gap = outage.get(i).timestamp() - outage.get(i - 1).timestamp();
        assertThat(gap)
            .as("gap before block %d, seed %d", outage.get(i).height(), seed)
            .isLessThan(roundZeroTimeout);
      }
    }
  }
}
