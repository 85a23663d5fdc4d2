package io.parley.zk.circuit;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a validated circuit in the clear: the reference semantics the MPC interpreter must
 * match, and a way for contract authors to test circuits without a committee.
 */
public final class PlaintextEvaluator {
  private PlaintextEvaluator() {}

  /** All inputs by name (secret, state and public alike); returns every output by name. */
  public static Map<String, BigInteger[]> evaluate(
      ValidatedCircuit circuit, Map<String, BigInteger[]> inputs) {
    BigInteger[] wires = new BigInteger[circuit.wires()];
    int at = 0;
    for (Circuit.Input input : circuit.circuit().inputs()) {
      BigInteger[] values = inputs.get(input.name());
      if (values == null || values.length != input.type().length()) {
        throw new CircuitException("E_INPUT_RANGE", "input '" + input.name() + "' missing");
      }
      for (BigInteger v : values) {
        if (!input.type().contains(v)) {
          throw new CircuitException("E_INPUT_RANGE", "input '" + input.name() + "': " + v);
        }
        wires[at++] = v;
      }
    }
    for (int e = 0; e < circuit.elements(); e++) {
      Circuit.Gate gate = circuit.element(e);
      List<BigInteger> x = gate.in().stream().map(w -> wires[w]).toList();
      List<BigInteger> out = PublicSemantics.evaluate(gate, x);
      int first = circuit.elementOutput(e);
      for (int i = 0; i < out.size(); i++) {
        wires[first + i] = out.get(i);
      }
    }
    Map<String, BigInteger[]> outputs = new LinkedHashMap<>();
    for (Circuit.Output o : circuit.circuit().outputs()) {
      outputs.put(o.name(), o.wires().stream().map(w -> wires[w]).toArray(BigInteger[]::new));
    }
    return outputs;
  }
}
