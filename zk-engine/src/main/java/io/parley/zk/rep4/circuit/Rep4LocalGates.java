package io.parley.zk.rep4.circuit;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.rep4.Shares;
import java.math.BigInteger;
import java.util.List;

/** Gates a rep4 party evaluates on its own components without interaction (exact in Z_2^64). */
final class Rep4LocalGates {
  private Rep4LocalGates() {}

  static Shares evaluate(Circuit.Gate gate, Rep4Interpreter in) {
    List<Integer> x = gate.in();
    return switch (gate.op()) {
      case "add" -> in.shareOf(x.get(0)).add(in.shareOf(x.get(1)));
      case "sub" -> in.shareOf(x.get(0)).subtract(in.shareOf(x.get(1)));
      case "neg" -> in.shareOf(x.get(0)).negate();
      case "addc" -> in.shareOf(x.get(0)).add(in.constant(gate.constant().orElseThrow()));
      case "mulc" -> in.shareOf(x.get(0)).multiplyPublic(gate.constant().orElseThrow().longValue());
      case "not" -> in.constant(BigInteger.ONE).subtract(in.shareOf(x.get(0)));
      case "sum" -> {
        Shares acc = in.constant(BigInteger.ZERO);
        for (int w : x) {
          acc = acc.add(in.shareOf(w));
        }
        yield acc;
      }
      case "from_bits" -> {
        Shares acc = in.constant(BigInteger.ZERO);
        for (int i = 0; i < x.size(); i++) {
          acc = acc.add(in.shareOf(x.get(i)).multiplyPublic(1L << i));
        }
        if (gate.signed().orElseThrow()) {
          // x.size() <= 64; 2^64 is 0 in the ring
          long top = x.size() < 64 ? 1L << x.size() : 0L;
          acc = acc.subtract(in.shareOf(x.get(x.size() - 1)).multiplyPublic(top));
        }
        yield acc;
      }
      default -> throw new IllegalStateException("not a local op: " + gate.op());
    };
  }
}
