package io.parley.zk.computation;

import io.parley.zk.circuit.Circuit;
import java.math.BigInteger;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A computation as every member of the committee sees it (the same at all of them): its id, unique
 * per run (every session id derives from it), the workload, the public arguments, the accounts that
 * receive outputs ({@code recipients}: circuit recipient name to account, as the chain names it)
 * and the threat model.
 */
public record ComputationRequest(
    Bytes32 id,
    Workload workload,
    Map<String, BigInteger[]> publicValues,
    Map<String, String> recipients,
    Security security) {

  public ComputationRequest {
    publicValues = Map.copyOf(publicValues);
    recipients = Map.copyOf(recipients);
    if (workload instanceof Workload.CircuitWorkload c) {
      check(c, publicValues, recipients);
    }
  }

  /** A malicious-secure run. */
  public ComputationRequest(
      Bytes32 id,
      Workload workload,
      Map<String, BigInteger[]> publicValues,
      Map<String, String> recipients) {
    this(id, workload, publicValues, recipients, Security.MALICIOUS);
  }

  private static void check(
      Workload.CircuitWorkload c,
      Map<String, BigInteger[]> publicValues,
      Map<String, String> recipients) {
    for (Circuit.Input in : c.circuit().circuit().inputs()) {
      if (in.kind() != Circuit.InputKind.PUBLIC) {
        continue;
      }
      BigInteger[] values = publicValues.get(in.name());
      if (values == null) {
        throw new IllegalArgumentException("public argument '" + in.name() + "' is missing");
      }
      if (values.length != in.type().length()) {
        throw new IllegalArgumentException(
            "public argument '" + in.name() + "' needs " + in.type().length() + " value(s)");
      }
    }
    for (String name : c.circuit().circuit().recipients()) {
      if (!recipients.containsKey(name)) {
        throw new IllegalArgumentException("recipient '" + name + "' is missing");
      }
    }
  }
}
