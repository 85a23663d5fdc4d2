package io.parley.zk.rep4.circuit;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.CircuitException;
import io.parley.zk.circuit.Interval;
import io.parley.zk.circuit.ValidatedCircuit;
import java.util.List;
import java.util.Set;

/**
 * Which validated circuits the rep4 interpreter runs: every wire's static interval must lie in
 * [-2^62, 2^62) (so sums, products and comparison differences are exact in Z_2^64), and every gate
 * with a secret result must use an op rep4 evaluates. Anything else is rejected with {@code
 * E_BACKEND} before any interaction. A wrap whose operand already fits its type and a divc by 1 are
 * the identity; bits, other wraps and divc by 2^j use a full bit decomposition.
 */
public final class Rep4Support {
  /** Every wire must lie in [-2^RING_BITS, 2^RING_BITS). */
  public static final int RING_BITS = 62;

  /** Ops rep4 evaluates on secret wires (divc only by a power of two, see {@link #check}). */
  public static final Set<String> SUPPORTED =
      Set.of(
          "const",
          "add",
          "sub",
          "neg",
          "addc",
          "mulc",
          "sum",
          "from_bits",
          "mul",
          "dot",
          "not",
          "and",
          "or",
          "xor",
          "select",
          "lt",
          "le",
          "eq",
          "bits",
          "wrap");

  private Rep4Support() {}

  /** Throws {@code E_BACKEND} for the first input or gate rep4 cannot run exactly. */
  public static void check(ValidatedCircuit circuit) {
    for (Circuit.Input input : circuit.circuit().inputs()) {
      Interval range = input.type().interval();
      if (!range.fitsSigned(RING_BITS)) {
        throw unsupported(
            "input '" + input.name() + "'", "values need " + range.signedBits() + " bits");
      }
    }
    List<Circuit.Gate> gates = circuit.circuit().gates();
    for (int g = 0; g < gates.size(); g++) {
      Circuit.Gate gate = gates.get(g);
      String where = "gate " + g + " (" + gate.op() + ")";
      int first = circuit.firstOutput()[g];
      int end = g + 1 < gates.size() ? circuit.firstOutput()[g + 1] : circuit.wires();
      for (int w = first; w < end; w++) {
        Interval out = circuit.intervals()[w];
        if (!out.fitsSigned(RING_BITS)) {
          throw unsupported(where, "result needs " + out.signedBits() + " bits");
        }
      }
      if (circuit.secret()[first] && !supported(gate, circuit)) {
        throw unsupported(where, reason(gate));
      }
    }
  }

  static boolean supported(Circuit.Gate gate, ValidatedCircuit circuit) {
    return SUPPORTED.contains(gate.op())
        || (gate.op().equals("divc") && gate.constant().orElseThrow().bitCount() == 1);
  }

  private static String reason(Circuit.Gate gate) {
    return gate.op().equals("divc")
        ? "a division by a constant that is not a power of two is"
        : "the op is";
  }

  private static CircuitException unsupported(String where, String what) {
    String limit = what.endsWith("bits") ? ", more than " + (RING_BITS + 1) + " bits are" : "";
    return new CircuitException(
        "E_BACKEND", where + ": " + what + limit + " not supported on rep4, use the Shamir engine");
  }
}
