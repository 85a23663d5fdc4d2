package io.parley.zk.circuit;

import java.util.Arrays;

/**
 * A circuit that passed {@link CircuitValidator}: per wire its static interval, whether it is
 * secret, and its interactive depth; per gate its first output wire and its first element. An
 * element is one lane of a gate (a scalar gate is one element): interpreters evaluate elements,
 * numbered densely in gate order, lanes in row-major order.
 */
public record ValidatedCircuit(
    Circuit circuit,
    Interval[] intervals,
    boolean[] secret,
    int[] depth,
    int[] firstOutput,
    int inputWires,
    int maxDepth,
    int[] firstElement) {

  public int wires() {
    return intervals.length;
  }

  /** Elements in all: the sum of every gate's lanes. */
  public int elements() {
    int gates = firstOutput.length;
    return gates == 0 ? 0 : firstElement[gates - 1] + circuit.gates().get(gates - 1).lanes();
  }

  /** The gate whose lane element {@code e} is. */
  public int gateOf(int e) {
    int g = Arrays.binarySearch(firstElement, e);
    if (g >= 0) {
      while (g + 1 < firstElement.length && firstElement[g + 1] == e) {
        g++;
      }
      return g;
    }
    return -g - 2;
  }

  /** Element {@code e} as a scalar gate. */
  public Circuit.Gate element(int e) {
    int g = gateOf(e);
    return circuit.gates().get(g).element(e - firstElement[g]);
  }

  /** The first output wire of element {@code e}. */
  public int elementOutput(int e) {
    int g = gateOf(e);
    Circuit.Gate gate = circuit.gates().get(g);
    return firstOutput[g] + (e - firstElement[g]) * gate.outputsPerLane();
  }
}
