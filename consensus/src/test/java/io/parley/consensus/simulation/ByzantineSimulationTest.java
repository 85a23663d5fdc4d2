package io.parley.consensus.simulation;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Byzantine validators inside the faulty simulated network, at the largest f the validator count
 * allows: f = 1 of 4 and f = 2 of 7. Each run checks that no two honest validators commit different
 * blocks, no honest validator signs conflicting messages, and honest validators progress after the
 * network heals. Twins are two nodes running the honest protocol with one key (and separate disks),
 * which to everyone else is one validator equivocating in every way the protocol allows.
 */
class ByzantineSimulationTest {
  private static final int SEEDS_4 = 100;
  private static final int SEEDS_7 = 40;

  @Test
  void equivocatingProposerCannotSplitFourValidators() {
    SimulationSweep.check("equivocating-4", 1, SEEDS_4);
  }

  @Test
  void doubleVoterCannotSplitFourValidators() {
    SimulationSweep.check("double-voter-4", 1, SEEDS_4);
  }

  @Test
  void silentValidatorNeitherSplitsNorStallsFourValidators() {
    SimulationSweep.check("silent-4", 1, SEEDS_4);
  }

  @Test
  void twinsCannotSplitFourValidators() {
    SimulationSweep.check("twins-4", 1, SEEDS_4);
  }

  @Test
  void twoByzantineOfSevenCannotSplitTheRest() {
    SimulationSweep.check("byzantine-7", 1, SEEDS_7);
  }

  @Test
  void twoPairsOfTwinsOfSevenCannotSplitTheRest() {
    SimulationSweep.check("twins-7", 1, SEEDS_7);
  }

  @Test
  void twinsWithAnEquivocatingProposerOfSevenCannotSplitTheRest() {
    SimulationSweep.check("twins-equivocator-7", 1, SEEDS_7);
  }

  @Test
  @Tag("long")
  void longByzantineSweep() {
    for (String kind :
        new String[] {
          "equivocating-4",
          "double-voter-4",
          "silent-4",
          "twins-4",
          "byzantine-7",
          "twins-7",
          "twins-equivocator-7"
        }) {
      SimulationSweep.check(kind, 1_000_000, 2_000);
    }
  }
}
