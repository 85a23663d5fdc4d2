package io.parley.zk.interpreter;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.field.FieldElement;
import java.util.List;

/** Gates evaluated on a member's own shares without interaction. */
final class LocalGates {
  private LocalGates() {}

  static FieldElement evaluate(Circuit.Gate gate, Interpreter in) {
    List<Integer> x = gate.in();
    return switch (gate.op()) {
      case "add" -> in.shareOf(x.get(0)).add(in.shareOf(x.get(1)));
      case "sub" -> in.shareOf(x.get(0)).subtract(in.shareOf(x.get(1)));
      case "neg" -> in.shareOf(x.get(0)).negate();
      case "addc" -> in.shareOf(x.get(0)).add(FieldElement.of(gate.constant().orElseThrow()));
      case "mulc" -> in.shareOf(x.get(0)).multiply(FieldElement.of(gate.constant().orElseThrow()));
      case "not" -> FieldElement.ONE.subtract(in.shareOf(x.get(0)));
      case "sum" -> {
        FieldElement acc = FieldElement.ZERO;
        for (int w : x) {
          acc = acc.add(in.shareOf(w));
        }
        yield acc;
      }
      case "from_bits" -> {
        FieldElement acc = FieldElement.ZERO;
        for (int i = 0; i < x.size(); i++) {
          acc = acc.add(in.shareOf(x.get(i)).multiply(FieldElement.powerOfTwo(i)));
        }
        if (gate.signed().orElseThrow()) {
          acc =
              acc.subtract(
                  in.shareOf(x.get(x.size() - 1)).multiply(FieldElement.powerOfTwo(x.size())));
        }
        yield acc;
      }
      default -> throw new IllegalStateException("not a local op: " + gate.op());
    };
  }
}
