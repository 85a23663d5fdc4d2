package io.parley.zk.circuit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** The exact integer meaning of every op (docs/spec/circuit-ir.md section 4), in the clear. */
public final class PublicSemantics {
  private PublicSemantics() {}

  public static List<BigInteger> evaluate(Circuit.Gate gate, List<BigInteger> x) {
    return switch (gate.op()) {
      case "const" -> List.of(gate.constant().orElseThrow());
      case "add" -> List.of(x.get(0).add(x.get(1)));
      case "sub" -> List.of(x.get(0).subtract(x.get(1)));
      case "neg" -> List.of(x.get(0).negate());
      case "addc" -> List.of(x.get(0).add(gate.constant().orElseThrow()));
      case "mulc" -> List.of(x.get(0).multiply(gate.constant().orElseThrow()));
      case "mul", "and" -> List.of(x.get(0).multiply(x.get(1)));
      case "sum" -> List.of(x.stream().reduce(BigInteger.ZERO, BigInteger::add));
      case "dot" -> {
        int k = x.size() / 2;
        BigInteger acc = BigInteger.ZERO;
        for (int i = 0; i < k; i++) {
          acc = acc.add(x.get(i).multiply(x.get(k + i)));
        }
        yield List.of(acc);
      }
      case "lt" -> List.of(bool(x.get(0).compareTo(x.get(1)) < 0));
      case "le" -> List.of(bool(x.get(0).compareTo(x.get(1)) <= 0));
      case "eq" -> List.of(bool(x.get(0).equals(x.get(1))));
      case "not" -> List.of(BigInteger.ONE.subtract(x.get(0)));
      case "or" -> List.of(x.get(0).add(x.get(1)).subtract(x.get(0).multiply(x.get(1))));
      case "xor" -> List.of(bool(!x.get(0).equals(x.get(1))));
      case "select" -> List.of(x.get(0).signum() != 0 ? x.get(1) : x.get(2));
      case "bits" -> {
        int w = gate.width().orElseThrow();
        List<BigInteger> out = new ArrayList<>();
        BigInteger v = x.get(0).mod(BigInteger.ONE.shiftLeft(w));
        for (int i = 0; i < w; i++) {
          out.add(bool(v.testBit(i)));
        }
        yield out;
      }
      case "from_bits" -> List.of(fromBits(x, gate.signed().orElseThrow()));
      case "wrap" -> List.of(wrap(x.get(0), gate.type().orElseThrow()));
      case "divc" -> List.of(CircuitValidator.floorDiv(x.get(0), gate.constant().orElseThrow()));
      default -> throw new IllegalStateException("validated circuit with unknown op " + gate.op());
    };
  }

  static BigInteger bool(boolean b) {
    return b ? BigInteger.ONE : BigInteger.ZERO;
  }

  static BigInteger fromBits(List<BigInteger> bits, boolean signed) {
    BigInteger acc = BigInteger.ZERO;
    for (int i = 0; i < bits.size(); i++) {
      acc = acc.add(bits.get(i).shiftLeft(i));
    }
    if (signed) {
      acc = acc.subtract(bits.get(bits.size() - 1).shiftLeft(bits.size()));
    }
    return acc;
  }

  static BigInteger wrap(BigInteger v, ValueType type) {
    BigInteger modulus = BigInteger.ONE.shiftLeft(type.width());
    BigInteger r = v.mod(modulus);
    return type.signed() && r.compareTo(type.max()) > 0 ? r.subtract(modulus) : r;
  }
}
