package io.parley.consensus.simulation;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/** Runs many seeds of one scenario kind and fails with every bad seed, each replayable. */
final class SimulationSweep {
  private SimulationSweep() {}

  /** Runs seeds {@code first..first+count-1}; returns the runs for figures. */
  static List<SimulationResult> check(String kind, long first, int count) {
    List<SimulationResult> results = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (long seed = first; seed < first + count; seed++) {
      SimulationResult result = Scenarios.run(kind, seed);
      results.add(result);
      if (result.safetyViolation().isPresent() || !result.live()) {
        failures.add(result.describe().replace("kind=...", "kind=" + kind));
        if (result.safetyViolation().isPresent()) {
          break;
        }
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " failing run(s) of '" + kind + "':\n" + String.join("\n", failures));
    }
    return results;
  }
}
