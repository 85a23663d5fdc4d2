package io.parley.contracts.runtime;

import io.parley.base.types.Address;
import java.util.Objects;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Who calls which contract with what, in which block, with how much gas. {@code readOnly} calls
 * (views) may not write storage, emit events or transfer value.
 */
public record CallContext(
    Address caller,
    Address contract,
    UInt256 value,
    long blockHeight,
    long blockTimeMillis,
    long gasLimit,
    boolean readOnly) {
  public CallContext {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(value, "value");
    if (gasLimit < 0) {
      throw new IllegalArgumentException("gas limit must be non-negative");
    }
  }

  public static CallContext view(
      Address caller, Address contract, long height, long time, long gasLimit) {
    return new CallContext(caller, contract, UInt256.ZERO, height, time, gasLimit, true);
  }
}
