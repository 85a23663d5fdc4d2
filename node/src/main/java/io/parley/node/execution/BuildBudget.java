package io.parley.node.execution;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How long a proposer's block builder may spend executing candidates (ADR 0045): once {@code nanos}
 * have passed on {@code clock} since the build started, it adds no further transaction. The first
 * candidate is always tried, so every build makes progress. Validation never reads a clock: the
 * budget only decides what the proposer includes, so blocks stay deterministic.
 *
 * @param nanos execution time after which the builder stops adding transactions
 * @param clock a clock of nanoseconds ({@link System#nanoTime} on a node, a fake one in tests)
 */
public record BuildBudget(long nanos, LongSupplier clock) {
  /**
   * 250 ms: a block built within it re-executes in about that time plus one transaction, whose gas
   * limit bounds it (ADR 0045).
   */
  public static final BuildBudget DEFAULT = new BuildBudget(250_000_000L, System::nanoTime);

  /** No budget, and no clock read: builds limited by transactions and gas only (tests, tools). */
  public static final BuildBudget UNBOUNDED = new BuildBudget(Long.MAX_VALUE, () -> 0L);

  public BuildBudget {
    if (nanos < 0) {
      throw new IllegalArgumentException("build budget must be non-negative");
    }
    Objects.requireNonNull(clock, "clock");
  }
}
