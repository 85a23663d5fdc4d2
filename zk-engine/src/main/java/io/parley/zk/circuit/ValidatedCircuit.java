package io.parley.zk.circuit;

/**
 * A circuit that passed {@link CircuitValidator}: per wire its static interval, whether it is
 * secret, and its interactive depth; per gate its first output wire.
 */
public record ValidatedCircuit(
    Circuit circuit,
    Interval[] intervals,
    boolean[] secret,
    int[] depth,
    int[] firstOutput,
    int inputWires,
    int maxDepth) {

  public int wires() {
    return intervals.length;
  }
}
