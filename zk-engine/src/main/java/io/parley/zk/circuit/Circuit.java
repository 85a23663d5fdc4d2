package io.parley.zk.circuit;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * A parsed (not yet validated) parley-circuit/1, /2 or /3 document. {@code recipients} names the
 * address parameters the chain supplies when the computation starts (never wires, never secret).
 * {@code version} is the document's format version (1, 2 or 3); only version 3 has vector gates.
 */
public record Circuit(
    String name,
    List<Input> inputs,
    List<Gate> gates,
    List<Output> outputs,
    List<String> recipients,
    int version) {
  public Circuit {
    inputs = List.copyOf(inputs);
    gates = List.copyOf(gates);
    outputs = List.copyOf(outputs);
    recipients = List.copyOf(recipients);
  }

  public Circuit(
      String name,
      List<Input> inputs,
      List<Gate> gates,
      List<Output> outputs,
      List<String> recipients) {
    this(name, inputs, gates, outputs, recipients, 2);
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
   * declared id). A vector gate (version 3, docs/spec/circuit-ir.md section 10) has a non-empty
   * {@code shape} and its operands in {@code refs} ({@code in} is then empty): it stands for one
   * scalar gate per lane, see {@link #element}.
   */
  public record Gate(
      String op,
      List<Integer> in,
      Optional<BigInteger> constant,
      Optional<Integer> width,
      Optional<Boolean> signed,
      Optional<ValueType> type,
      Optional<Integer> id,
      List<Integer> shape,
      List<Ref> refs) {
    public Gate {
      in = List.copyOf(in);
      shape = List.copyOf(shape);
      refs = List.copyOf(refs);
    }

    public Gate(
        String op,
        List<Integer> in,
        Optional<BigInteger> constant,
        Optional<Integer> width,
        Optional<Boolean> signed,
        Optional<ValueType> type,
        Optional<Integer> id) {
      this(op, in, constant, width, signed, type, id, List.of(), List.of());
    }

    public boolean vector() {
      return !shape.isEmpty();
    }

    /** Lanes of a vector gate (the product of its shape); 1 for a scalar gate. */
    public int lanes() {
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }

    /** Output wires per lane: the width of {@code bits}, otherwise 1. */
    public int outputsPerLane() {
      return op.equals("bits") ? width.orElse(1) : 1;
    }

    /**
     * The scalar gate that lane {@code lane} (row-major over {@code shape}) of this gate stands
     * for; a scalar gate is its own only lane. The element carries no {@code id}.
     */
    public Gate element(int lane) {
      if (!vector()) {
        return this;
      }
      int[] index = new int[shape.size()];
      int rest = lane;
      for (int d = shape.size() - 1; d >= 0; d--) {
        index[d] = rest % shape.get(d);
        rest /= shape.get(d);
      }
      List<Integer> operands = new java.util.ArrayList<>();
      for (Ref r : refs) {
        r.addWires(index, lane, operands);
      }
      return new Gate(op, operands, constant, width, signed, type, Optional.empty());
    }
  }

  /**
   * An operand of a vector gate: at lane (i_1..i_d) the wire {@code wire + sum step_k * i_k}, or,
   * with {@code run} > 0, the {@code run} wires from there in steps of {@code by} (only in {@code
   * sum} and {@code dot}). A plain wire id in a vector gate is a ref with zero steps. A list ref
   * ({@code list} not empty) names lane l's wire {@code list[l]}; its {@code wire} is the first.
   */
  public record Ref(int wire, List<Integer> step, int run, int by, List<Integer> list) {
    public Ref {
      step = List.copyOf(step);
      list = List.copyOf(list);
    }

    public Ref(int wire, List<Integer> step, int run, int by) {
      this(wire, step, run, by, List.of());
    }

    /** A list ref: lane l reads {@code wires[l]}. */
    public static Ref of(List<Integer> wires) {
      return new Ref(wires.get(0), List.of(), 0, 0, wires);
    }

    public boolean isList() {
      return !list.isEmpty();
    }

    /** The wire of lane {@code index} (the first of its run). */
    public long at(int[] index) {
      long w = wire;
      for (int d = 0; d < index.length; d++) {
        w += (long) step.get(d) * index[d];
      }
      return w;
    }

    /** The wire of every lane of {@code shape}, in lane order (no run). */
    public int[] wires(List<Integer> shape) {
      if (isList()) {
        return list.stream().mapToInt(Integer::intValue).toArray();
      }
      int lanes = 1;
      for (int d : shape) {
        lanes *= d;
      }
      int[] out = new int[lanes];
      int[] index = new int[shape.size()];
      long w = wire;
      for (int lane = 0; lane < lanes; lane++) {
        out[lane] = (int) w;
        int d = shape.size() - 1;
        while (d >= 0) {
          index[d]++;
          w += step.get(d);
          if (index[d] < shape.get(d)) {
            break;
          }
          w -= (long) step.get(d) * index[d];
          index[d] = 0;
          d--;
        }
      }
      return out;
    }

    void addWires(int[] index, int lane, List<Integer> out) {
      if (isList()) {
        out.add(list.get(lane));
        return;
      }
      long w = at(index);
      if (run == 0) {
        out.add((int) w);
      } else {
        for (int m = 0; m < run; m++) {
          out.add((int) (w + (long) by * m));
        }
      }
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
