package io.parley.contracts.runtime;

import io.parley.base.block.Event;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * The outcome of a contract call: gas used, the returned value (decoded and RLP-encoded), events,
 * and on failure the reason. A failed call's state changes were not applied.
 */
public record CallResult(
    boolean success,
    long gasUsed,
    Optional<Object> returnValue,
    Bytes returnData,
    List<Event> events,
    Optional<String> failureReason) {
  public CallResult {
    Objects.requireNonNull(returnValue, "returnValue");
    Objects.requireNonNull(returnData, "returnData");
    events = List.copyOf(events);
    Objects.requireNonNull(failureReason, "failureReason");
  }

  public static CallResult failure(long gasUsed, String reason) {
    return new CallResult(
        false, gasUsed, Optional.empty(), Bytes.EMPTY, List.of(), Optional.of(reason));
  }
}
