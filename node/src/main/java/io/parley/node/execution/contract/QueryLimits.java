package io.parley.node.execution.contract;

import java.util.OptionalLong;

/**
 * Bounds of one view or estimate served to a client (ADR 0045): at most {@code gas} for a view
 * ({@code contract_query}), and, for views and {@code tx_estimateGas} alike, a stop once {@code
 * timeoutMillis} of wall-clock time have passed, checked inside gas metering. Blocks never see
 * either: their transactions carry their own gas limits and no clock.
 *
 * @param gas the gas of one {@code contract_query} ({@code --rpc-query-gas})
 * @param timeoutMillis how long one view or estimate may run ({@code --rpc-query-timeout-millis});
 *     0 stops every call at its first reading of the clock, after 16,384 instructions
 */
public record QueryLimits(long gas, long timeoutMillis) {
  /** 100M gas (about half a block's execution budget) and 1 s. */
  public static final QueryLimits DEFAULTS = new QueryLimits(100_000_000L, 1_000);

  public QueryLimits {
    if (gas < 1 || timeoutMillis < 0) {
      throw new IllegalArgumentException(
          "query gas must be positive and the query timeout non-negative");
    }
  }

  /** The deadline of a call starting now, as a {@link System#nanoTime} value. */
  public OptionalLong deadlineFromNow() {
    return OptionalLong.of(System.nanoTime() + timeoutMillis * 1_000_000L);
  }
}
