package io.parley.zk.circuit;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** A parsed (not yet validated) parley-circuit/1 document. */
public record Circuit(String name, List<Input> inputs, List<Gate> gates, List<Output> outputs) {
  public Circuit {
    inputs = List.copyOf(inputs);
    gates = List.copyOf(gates);
    outputs = List.copyOf(outputs);
  }

  public enum InputKind {
    SECRET,
    PUBLIC,
    STATE
  }

  public enum Destination {
    PUBLIC,
    ADDRESS,
    STATE
  }

  public record Input(String name, InputKind kind, ValueType type) {}

  /**
   * A gate: op name, operand wire ids, and the op's optional fields (constant, width, signed, type,
   * declared id).
   */
  public record Gate(
      String op,
      List<Integer> in,
      Optional<BigInteger> constant,
      Optional<Integer> width,
      Optional<Boolean> signed,
      Optional<ValueType> type,
      Optional<Integer> id) {
    public Gate {
      in = List.copyOf(in);
    }
  }

  public record Output(
      String name, List<Integer> wires, ValueType type, Destination to, Optional<String> address) {
    public Output {
      wires = List.copyOf(wires);
    }
  }
}
