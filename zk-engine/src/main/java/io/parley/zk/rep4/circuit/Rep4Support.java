package io.parley.zk.rep4.circuit;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.CircuitException;
import io.parley.zk.circuit.Interval;
import io.parley.zk.circuit.ValidatedCircuit;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;

/**
 * Which validated circuits the rep4 interpreter runs exactly (circuit-ir.md section 9). The ring
 * Z_2^64 keeps every value's residue exactly, so a wire whose interval is narrower than 2^64 is
 * determined by it: every wire must be. Gates whose result depends on more than residues have their
 * own bounds: {@code lt}/{@code le} compare operands whose difference lies in [-2^63, 2^63) (a sign
 * test), or else whose hull is narrower than 2^64 (an unsigned comparison of both shifted by the
 * hull's lower end: any two u64 values); {@code eq} tests the difference for zero, exact when it
 * lies in (-2^64, 2^64) (any two u64 or i64 values); {@code bits} and a reducing {@code wrap} read
 * the low W bits of the residue (exact for any operand, 2^W dividing 2^64); {@code divc} by 2^j
 * decomposes x + 2^(K-1) and takes operands in [-2^62, 2^62). Every gate with a secret result must
 * use an op rep4 evaluates. Anything else is rejected with {@code E_BACKEND} before any
 * interaction. A wrap whose operand already fits its type and a divc by 1 are the identity.
 */
public final class Rep4Support {
  /** Operands of divisions by 2^j lie in [-2^RING_BITS, 2^RING_BITS). */
  public static final int RING_BITS = 62;

  /** 2^64: every wire's interval is narrower, every equality's difference strictly within. */
  static final BigInteger RING = BigInteger.ONE.shiftLeft(64);

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

  /** Whether the ring determines a value of this interval: narrower than 2^64. */
  static boolean determined(Interval i) {
    return i.hi().subtract(i.lo()).compareTo(RING) < 0;
  }

  /** Whether an equality test of operands whose difference has this interval is exact. */
  static boolean exactEquality(Interval difference) {
    return difference.lo().compareTo(RING.negate()) > 0 && difference.hi().compareTo(RING) < 0;
  }

  /** Throws {@code E_BACKEND} for the first input or gate rep4 cannot run exactly. */
  public static void check(ValidatedCircuit circuit) {
    for (Circuit.Input input : circuit.circuit().inputs()) {
      Interval range = input.type().interval();
      if (!determined(range)) {
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
        if (w > first && out == circuit.intervals()[w - 1]) {
          continue; // the lanes of a vector gate share one interval
        }
        if (!determined(out)) {
          throw unsupported(where, "result needs " + out.signedBits() + " bits");
        }
      }
      if (circuit.secret()[first]) {
        if (!supported(gate, circuit)) {
          throw unsupported(where, reason(gate));
        }
        if (gate.refs().stream().anyMatch(Circuit.Ref::isList)) {
          for (int lane = 0; lane < gate.lanes(); lane++) {
            operands(gate.element(lane), circuit, where); // lanes of a list differ
          }
        } else {
          operands(gate.element(0), circuit, where);
        }
      }
    }
  }

  /** The bounds of the ops whose result depends on more than residues. */
  private static void operands(Circuit.Gate gate, ValidatedCircuit circuit, String where) {
    List<Integer> in = gate.in();
    switch (gate.op()) {
      case "lt", "le" -> {
        Interval a = circuit.intervals()[in.get(0)];
        Interval b = circuit.intervals()[in.get(1)];
        if (!a.subtract(b).fitsSigned(63) && !determined(a.hull(b))) {
          throw unsupported(
              where,
              "a comparison of operands spanning "
                  + a.hull(b).signedBits()
                  + " bits (their range wider than 2^64) is");
        }
      }
      case "eq" -> {
        Interval d = circuit.intervals()[in.get(0)].subtract(circuit.intervals()[in.get(1)]);
        if (!exactEquality(d)) {
          throw unsupported(
              where,
              "an equality whose difference needs " + d.signedBits() + " bits (at most 65) is");
        }
      }
      case "divc" -> {
        // bits and wrap read the low bits of the residue, exact for any operand (W <= 64); a
        // division decomposes x + 2^(K-1), which must stay within the ring
        Interval a = circuit.intervals()[in.get(0)];
        boolean identity = gate.constant().orElseThrow().equals(BigInteger.ONE);
        if (!identity && !a.fitsSigned(RING_BITS)) {
          throw unsupported(
              where,
              "a division by 2^j of a value that needs "
                  + a.signedBits()
                  + " bits (at most "
                  + (RING_BITS + 1)
                  + ") is");
        }
      }
      default -> {}
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
    String limit = what.endsWith("bits") ? ", more than 64 bits are" : "";
    return new CircuitException(
        "E_BACKEND", where + ": " + what + limit + " not supported on rep4, use the Shamir engine");
  }
}
