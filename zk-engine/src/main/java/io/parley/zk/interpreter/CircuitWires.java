package io.parley.zk.interpreter;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.CircuitException;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.PublicSemantics;
import io.parley.zk.circuit.ValidatedCircuit;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every circuit interpreter (Shamir, Fantastic Four) shares, whatever its share type: the
 * gates grouped by interactive depth (local and interactive), the public wire values, public inputs
 * checked against their types, and local gates on public wires evaluated in the clear.
 */
public final class CircuitWires {
  private final ValidatedCircuit circuit;
  private final BigInteger[] publicValue;
  private final List<List<Integer>> interactiveByDepth = new ArrayList<>();
  private final List<List<Integer>> localByDepth = new ArrayList<>();

  public CircuitWires(ValidatedCircuit circuit) {
    this.circuit = circuit;
    this.publicValue = new BigInteger[circuit.wires()];
    for (int d = 0; d <= circuit.maxDepth(); d++) {
      interactiveByDepth.add(new ArrayList<>());
      localByDepth.add(new ArrayList<>());
    }
    List<Circuit.Gate> gates = circuit.circuit().gates();
    for (int g = 0; g < gates.size(); g++) {
      int out = circuit.firstOutput()[g];
      boolean interactive =
          circuit.secret()[out] && !CircuitValidator.LOCAL.contains(gates.get(g).op());
      (interactive ? interactiveByDepth : localByDepth).get(circuit.depth()[out]).add(g);
    }
  }

  /** The public wire values (shared, written by the interpreter and by this class). */
  public BigInteger[] publicValues() {
    return publicValue;
  }

  /** Gates with a secret output that need interaction, at this depth, in gate order. */
  public List<Integer> interactive(int depth) {
    return interactiveByDepth.get(depth);
  }

  /** Local gates (and gates with a public output) at this depth, in gate order. */
  public List<Integer> local(int depth) {
    return localByDepth.get(depth);
  }

  /** Loads a public input at its first wire, each value checked against the input's type. */
  public void loadPublic(Circuit.Input input, int firstWire, Map<String, BigInteger[]> values) {
    String where = "input '" + input.name() + "'";
    BigInteger[] given = values.get(input.name());
    if (given == null || given.length != input.type().length()) {
      throw new CircuitException("E_INPUT_RANGE", where + ": missing or wrong length");
    }
    int wire = firstWire;
    for (BigInteger v : given) {
      if (!input.type().contains(v)) {
        throw new CircuitException("E_INPUT_RANGE", where + ": " + v + " outside its type");
      }
      publicValue[wire++] = v;
    }
  }

  /** Evaluates gate {@code g} in the clear if its output is public; false if it is secret. */
  public boolean evaluatePublic(int g) {
    int out = circuit.firstOutput()[g];
    if (circuit.secret()[out]) {
      return false;
    }
    Circuit.Gate gate = circuit.circuit().gates().get(g);
    List<BigInteger> x = gate.in().stream().map(w -> publicValue[w]).toList();
    List<BigInteger> results = PublicSemantics.evaluate(gate, x);
    for (int i = 0; i < results.size(); i++) {
      publicValue[out + i] = results.get(i);
    }
    return true;
  }
}
