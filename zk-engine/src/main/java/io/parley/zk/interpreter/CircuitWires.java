package io.parley.zk.interpreter;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.CircuitException;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.PublicSemantics;
import io.parley.zk.circuit.ValidatedCircuit;
import java.math.BigInteger;
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
  private final int[][] interactiveByDepth;
  private final int[][] localByDepth;

  /** Groups the circuit's elements (lanes of gates, see {@link ValidatedCircuit#element}). */
  public CircuitWires(ValidatedCircuit circuit) {
    this.circuit = circuit;
    this.publicValue = new BigInteger[circuit.wires()];
    int depths = circuit.maxDepth() + 1;
    int[] interactiveCount = new int[depths];
    int[] localCount = new int[depths];
    List<Circuit.Gate> gates = circuit.circuit().gates();
    boolean[] interactive = new boolean[gates.size()];
    for (int g = 0; g < gates.size(); g++) {
      int out = circuit.firstOutput()[g];
      interactive[g] = circuit.secret()[out] && !CircuitValidator.LOCAL.contains(gates.get(g).op());
      (interactive[g] ? interactiveCount : localCount)[circuit.depth()[out]] +=
          gates.get(g).lanes();
    }
    interactiveByDepth = new int[depths][];
    localByDepth = new int[depths][];
    for (int d = 0; d < depths; d++) {
      interactiveByDepth[d] = new int[interactiveCount[d]];
      localByDepth[d] = new int[localCount[d]];
    }
    int[] interactiveAt = new int[depths];
    int[] localAt = new int[depths];
    for (int g = 0; g < gates.size(); g++) {
      int d = circuit.depth()[circuit.firstOutput()[g]];
      int first = circuit.firstElement()[g];
      for (int lane = 0; lane < gates.get(g).lanes(); lane++) {
        if (interactive[g]) {
          interactiveByDepth[d][interactiveAt[d]++] = first + lane;
        } else {
          localByDepth[d][localAt[d]++] = first + lane;
        }
      }
    }
  }

  /** The public wire values (shared, written by the interpreter and by this class). */
  public BigInteger[] publicValues() {
    return publicValue;
  }

  /** Elements with a secret output that need interaction, at this depth, in element order. */
  public int[] interactive(int depth) {
    return interactiveByDepth[depth];
  }

  /** Local elements (and elements with a public output) at this depth, in element order. */
  public int[] local(int depth) {
    return localByDepth[depth];
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

  /** Evaluates element {@code e} in the clear if its output is public; false if it is secret. */
  public boolean evaluatePublic(int e) {
    int out = circuit.elementOutput(e);
    if (circuit.secret()[out]) {
      return false;
    }
    Circuit.Gate gate = circuit.element(e);
    List<BigInteger> x = gate.in().stream().map(w -> publicValue[w]).toList();
    List<BigInteger> results = PublicSemantics.evaluate(gate, x);
    for (int i = 0; i < results.size(); i++) {
      publicValue[out + i] = results.get(i);
    }
    return true;
  }
}
