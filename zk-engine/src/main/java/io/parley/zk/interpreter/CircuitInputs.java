package io.parley.zk.interpreter;

import io.parley.zk.field.FieldElement;
import java.math.BigInteger;
import java.util.Map;

/**
 * One member's inputs to a circuit run: its shares of the secret inputs and of the secret state,
 * and the public arguments (the same at every member), each by input name.
 */
public record CircuitInputs(
    Map<String, FieldElement[]> secretShares,
    Map<String, FieldElement[]> stateShares,
    Map<String, BigInteger[]> publicValues) {
  public CircuitInputs {
    secretShares = Map.copyOf(secretShares);
    stateShares = Map.copyOf(stateShares);
    publicValues = Map.copyOf(publicValues);
  }
}
