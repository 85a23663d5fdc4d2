package io.parley.node.execution;

import io.parley.contracts.abi.Abi;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The price of a confidential computation and the limits on starting one (docs/spec/computations.md
 * section 5), known when it starts from its circuit and the inputs it reads: every validator
 * computes the same figures from the same bundle and state.
 */
public final class Fees {
  /** Fee gas of any computation. */
  public static final long BASE = 50_000;

  /**
   * Fee gas per gate whose output is secret (the committee computes it on shares); a vector gate
   * counts once per lane.
   */
  public static final long PER_SECRET_GATE = 500;

  /** Fee gas per level of interactive depth (each is a round between members). */
  public static final long PER_ROUND = 5_000;

  /** Fee gas per stored input the computation reads. */
  public static final long PER_INPUT = 1_000;

  /** Computations of one contract started and not yet done or failed. */
  public static final int MAX_IN_FLIGHT = 16;

  private Fees() {}

  /**
   * The fee gas of starting {@code function} over {@code inputs}; the caller pays it × gas price.
   */
  static long feeGas(LoadedContract code, String function, List<ComputationRegistry.Used> inputs) {
    Abi.ConfidentialDef def =
        code.abi().confidential().stream()
            .filter(c -> c.name().equals(function))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("no confidential function " + function));
    ValidatedCircuit circuit =
        CircuitValidator.validate(
            CircuitParser.parse(
                code.bundle().circuits().get(def.circuit()).getBytes(StandardCharsets.UTF_8)));
    long secretGates = 0;
    for (int g = 0; g < circuit.circuit().gates().size(); g++) {
      int out = circuit.firstOutput()[g];
      if (out >= 0 && out < circuit.secret().length && circuit.secret()[out]) {
        secretGates += circuit.circuit().gates().get(g).lanes();
      }
    }
    long stored = inputs.stream().mapToLong(u -> u.inputs().size()).sum();
    return BASE
        + PER_SECRET_GATE * secretGates
        + PER_ROUND * circuit.maxDepth()
        + PER_INPUT * stored;
  }
}
