package io.parley.zk.rep4.circuit;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.CircuitException;
import io.parley.zk.circuit.Interval;
import io.parley.zk.circuit.ValidatedCircuit;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;

/**
 * Which validated circuits the rep4 interpreter runs: every wire's static interval must lie in
 * [-2^62, 2^62) (so sums, products and comparison differences are exact in Z_2^64), and every gate
 * with a secret result must use an op rep4 evaluates. Anything else is rejected with {@code
 * E_BACKEND} before any interaction.
 */
public final class Rep4Support {
  /** Every wire must lie in [-2^RING_BITS, 2^RING_BITS). */
  public static final int RING_BITS = 62;

  /** Ops rep4 evaluates on secret wires without a bit decomposition. */
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
          "eq");

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
    return SUPPORTED.contains(gate.op()) || identity(gate, circuit);
  }

  /** A wrap whose operand already fits the type, or a division by 1: the identity. */
  static boolean identity(Circuit.Gate gate, ValidatedCircuit circuit) {
    return switch (gate.op()) {
      case "wrap" ->
          circuit.intervals()[gate.in().get(0)].within(gate.type().orElseThrow().interval());
      case "divc" -> gate.constant().orElseThrow().equals(BigInteger.ONE);
      default -> false;
    };
  }

  private static String reason(Circuit.Gate gate) {
    return switch (gate.op()) {
      case "wrap" -> "a wrap that reduces its operand needs a bit decomposition, which is";
      case "divc" -> "a division by a constant other than 1 needs a bit decomposition, which is";
      case "bits" -> "a bit decomposition is";
      default -> "the op is";
    };
  }

  private static CircuitException unsupported(String where, String what) {
    String limit = what.endsWith("bits") ? ", more than " + (RING_BITS + 1) + " bits are" : "";
    return new CircuitException(
        "E_BACKEND", where + ": " + what + limit + " not supported on rep4, use the Shamir engine");
  }
}
