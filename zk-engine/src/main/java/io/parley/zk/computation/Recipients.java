package io.parley.zk.computation;

import io.parley.zk.circuit.Circuit;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A circuit's outputs as a {@link ComputationResult}, whatever the protocol's share type. */
final class Recipients {
  private Recipients() {}

  /** The account an address output goes to: fixed in the circuit, or named at the start. */
  static String of(Circuit.Output output, ComputationRequest request) {
    return output
        .address()
        .orElseGet(() -> request.recipients().get(output.recipient().orElseThrow()));
  }

  static <S> ComputationResult result(
      Workload.CircuitWorkload workload,
      ComputationRequest request,
      Map<String, BigInteger[]> publicOutputs,
      Map<String, S> addressShares,
      Map<String, S> stateShares,
      Function<S, ShareVector> vector) {
    Map<String, ComputationResult.RecipientShares> toRecipients = new LinkedHashMap<>();
    Map<String, ShareVector> state = new LinkedHashMap<>();
    for (Circuit.Output o : workload.circuit().circuit().outputs()) {
      switch (o.to()) {
        case PUBLIC -> {}
        case ADDRESS ->
            toRecipients.put(
                o.name(),
                new ComputationResult.RecipientShares(
                    of(o, request), vector.apply(addressShares.get(o.name()))));
        case STATE -> state.put(o.name(), vector.apply(stateShares.get(o.name())));
      }
    }
    return new ComputationResult(publicOutputs, toRecipients, state);
  }
}
