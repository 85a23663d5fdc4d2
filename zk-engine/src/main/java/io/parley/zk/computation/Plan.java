package io.parley.zk.computation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A protocol's plan for one member's computation: its phases in order (each builds its session only
 * when it runs, so a phase may use its predecessors' values), then the result.
 */
final class Plan {
  private final List<PlannedPhase<?>> steps = new ArrayList<>();
  private Supplier<ComputationResult> result;
  private int next;

  void add(PlannedPhase<?> step) {
    steps.add(step);
  }

  void result(Supplier<ComputationResult> result) {
    this.result = result;
  }

  /** The next phase, or empty after the last. */
  Optional<PlannedPhase<?>> next() {
    return next < steps.size() ? Optional.of(steps.get(next++)) : Optional.empty();
  }

  /** The member's result, once {@link #next} returned empty. */
  ComputationResult result() {
    return result.get();
  }
}
