package io.parley.contracts.runtime;

import io.parley.base.types.Address;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Who calls which contract with what, in which block, with how much gas. {@code readOnly} calls
 * (views) may not write storage, emit events or transfer value. A {@code deadline} ({@link
 * System#nanoTime} value) stops a call that runs past it; only views and estimates served to a
 * client set one, never a transaction in a block, whose outcome must not depend on a clock (ADR
 * 0045).
 */
public record CallContext(
    Address caller,
    Address contract,
    UInt256 value,
    long blockHeight,
    long blockTimeMillis,
    long gasLimit,
    boolean readOnly,
    OptionalLong deadline) {
  public CallContext {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(deadline, "deadline");
    if (gasLimit < 0) {
      throw new IllegalArgumentException("gas limit must be non-negative");
    }
  }

  /** A context without a deadline, as every call inside a block has. */
  public CallContext(
      Address caller,
      Address contract,
      UInt256 value,
      long blockHeight,
      long blockTimeMillis,
      long gasLimit,
      boolean readOnly) {
    this(
        caller,
        contract,
        value,
        blockHeight,
        blockTimeMillis,
        gasLimit,
        readOnly,
        OptionalLong.empty());
  }

  public static CallContext view(
      Address caller, Address contract, long height, long time, long gasLimit) {
    return new CallContext(caller, contract, UInt256.ZERO, height, time, gasLimit, true);
  }

  /** This context with a deadline, a {@link System#nanoTime} value. */
  public CallContext withDeadline(OptionalLong nanoTime) {
    return new CallContext(
        caller, contract, value, blockHeight, blockTimeMillis, gasLimit, readOnly, nanoTime);
  }
}
