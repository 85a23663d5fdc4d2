package io.parley.zk.circuit;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * A parsed (not yet validated) parley-circuit/1 or /2 document. {@code recipients} names the
 * address parameters the chain supplies when the computation starts (never wires, never secret).
 */
public record Circuit(
    String name,
    List<Input> inputs,
    List<Gate> gates,
    List<Output> outputs,
    List<String> recipients) {
  public Circuit {
    inputs = List.copyOf(inputs);
    gates = List.copyOf(gates);
    outputs = List.copyOf(outputs);
    recipients = List.copyOf(recipients);
  }

  public Circuit(String name, List<Input> inputs, List<Gate> gates, List<Output> outputs) {
    this(name, inputs, gates, outputs, List.of());
  }

  public enum InputKind {
    SECRET,
    PUBLIC,
    STATE,
    /**
     * A contract's collection of secret inputs (parley-circuit/2): values held by the committee,
     * each element an input checked when it arrived, absent elements zero.
     */
    COLLECTION
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

  /**
   * An output. With {@code to = ADDRESS} exactly one of {@code address} (fixed in the document) and
   * {@code recipient} (the name of one of the circuit's recipients) is present.
   */
  public record Output(
      String name,
      List<Integer> wires,
      ValueType type,
      Destination to,
      Optional<String> address,
      Optional<String> recipient) {
    public Output {
      wires = List.copyOf(wires);
    }

    public Output(
        String name,
        List<Integer> wires,
        ValueType type,
        Destination to,
        Optional<String> address) {
      this(name, wires, type, to, address, Optional.empty());
    }
  }
}
