package io.parley.zk.rep4.circuit;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.CircuitException;
import io.parley.zk.circuit.Interval;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.interpreter.CircuitWires;
import io.parley.zk.rep4.Rep4Context;
import io.parley.zk.rep4.Rep4Program;
import io.parley.zk.rep4.Shares;
import io.parley.zk.rep4.WireStore;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a {@link ValidatedCircuit} as one rep4 party's {@link Rep4Program} (Fantastic Four, ADR
 * 0024): the owners deal the secret inputs in one input round, then the circuit runs layer by
 * interactive depth, every interactive gate of a layer batched into one request per kind (one
 * multiplication round, one vectorised less-than, one vectorised equality), and the public outputs
 * are opened together in one final round. Values live in Z_2^64; {@link Rep4Support} admits only
 * circuits whose wires all fit the ring exactly. Same threat model as {@code Rep4Session}: at most
 * one corrupt party, identifiable abort.
 */
public final class Rep4Interpreter {
  private final ValidatedCircuit circuit;
  private final int self;
  private final CircuitWires wires;
  private final BigInteger[] publicValue;
  private final WireStore share;

  private Rep4Interpreter(ValidatedCircuit circuit, int self) {
    this.circuit = circuit;
    this.self = self;
    this.wires = new CircuitWires(circuit);
    this.publicValue = wires.publicValues();
    this.share = new WireStore(self, circuit.wires());
  }

  /** Throws {@code E_BACKEND} unless rep4 runs this circuit exactly; see {@link Rep4Support}. */
  public static void check(ValidatedCircuit circuit) {
    Rep4Support.check(circuit);
  }

  /**
   * The party's program for this circuit and these inputs. Checks the circuit ({@code E_BACKEND})
   * and the inputs ({@code E_INPUT_RANGE}) before any interaction.
   */
  public static Rep4Program<Rep4CircuitResult> program(
      ValidatedCircuit circuit, Rep4CircuitInputs inputs, Rep4Context context) {
    check(circuit);
    Rep4Interpreter interpreter = new Rep4Interpreter(circuit, context.self());
    Rep4Inputs dealt = Rep4Inputs.prepare(circuit, inputs, context.self());
    interpreter.loadPublicAndState(inputs);
    Rep4Program<Shares> secrets =
        dealt.total() == 0
            ? Rep4Program.done(Shares.zeros(context.self(), 0))
            : Rep4Program.input(dealt.counts(), dealt.mine());
    return secrets.then(
        all -> {
          dealt.assign(all, interpreter.share);
          interpreter.evaluateLocals(0);
          return interpreter.layer(1);
        });
  }

  private void loadPublicAndState(Rep4CircuitInputs inputs) {
    int wire = 0;
    for (Circuit.Input input : circuit.circuit().inputs()) {
      int length = input.type().length();
      String where = "input '" + input.name() + "'";
      switch (input.kind()) {
        case PUBLIC -> {
          wires.loadPublic(input, wire, inputs.publicValues());
          wire += length;
        }
        case STATE, COLLECTION ->
            wire = load(inputs.stateShares().get(input.name()), wire, length, where);
        case SECRET -> {
          Shares dealt = inputs.secretShares().get(input.name());
          wire = dealt == null ? wire + length : load(dealt, wire, length, where);
        }
      }
    }
  }

  /** Places one party's shares of an input on its wires; returns the next wire. */
  private int load(Shares s, int wire, int length, String where) {
    if (s == null || s.length() != length || s.self() != self) {
      throw new CircuitException(
          "E_INPUT_RANGE", where + ": missing, wrong length or another party's shares");
    }
    for (int i = 0; i < length; i++) {
      share.set(wire + i, s, i);
    }
    return wire + length;
  }

  int self() {
    return self;
  }

  boolean secretWire(int wire) {
    return circuit.secret()[wire];
  }

  BigInteger publicOf(int wire) {
    return publicValue[wire];
  }

  Interval interval(int wire) {
    return circuit.intervals()[wire];
  }

  /** The wire as a sharing of length 1 (public wires as constants). */
  Shares shareOf(int wire) {
    return circuit.secret()[wire] ? share.get(wire) : constant(publicValue[wire]);
  }

  Shares constant(BigInteger v) {
    return Shares.constant(self, new long[] {v.longValue()});
  }

  void setShare(int wire, Shares value) {
    share.set(wire, value, 0);
  }

  /** A vector's elements as the shares of consecutive wires from {@code first}. */
  void setShares(int first, Shares values) {
    share.setRange(first, values);
  }

  /** The shares of secret wires as one vector. */
  Shares gather(int[] wires) {
    return share.gather(wires);
  }

  private void evaluateLocals(int depth) {
    for (int g : wires.local(depth)) {
      if (!wires.evaluatePublic(g)) {
        share.set(circuit.elementOutput(g), Rep4LocalGates.evaluate(circuit.element(g), this), 0);
      }
    }
  }

  private Rep4Program<Rep4CircuitResult> layer(int depth) {
    if (depth > circuit.maxDepth()) {
      return outputs();
    }
    Rep4Layer batch = new Rep4Layer(this);
    int[] elements = wires.interactive(depth);
    for (int k = 0; k < elements.length; ) {
      int g = circuit.gateOf(elements[k]);
      Circuit.Gate gate = circuit.circuit().gates().get(g);
      if (gate.vector()
          && elements[k] == circuit.firstElement()[g]
          && batch.addVector(gate, circuit.firstOutput()[g])) {
        k += gate.lanes(); // the lanes of a gate are consecutive elements of its layer
        continue;
      }
      batch.add(elements[k], circuit.element(elements[k]), circuit.elementOutput(elements[k]));
      k++;
    }
    return batch
        .run()
        .then(
            done -> {
              evaluateLocals(depth);
              return layer(depth + 1);
            });
  }

  private Rep4Program<Rep4CircuitResult> outputs() {
    List<Integer> toOpen = new ArrayList<>();
    for (Circuit.Output o : circuit.circuit().outputs()) {
      if (o.to() == Circuit.Destination.PUBLIC) {
        o.wires().stream().filter(w -> circuit.secret()[w]).forEach(toOpen::add);
      }
    }
    Rep4Program<long[]> opened =
        toOpen.isEmpty()
            ? Rep4Program.done(new long[0])
            : Rep4Program.open(
                Shares.concat(toOpen.stream().map(this::shareOf).toArray(Shares[]::new)));
    return opened.map(
        values -> {
          Map<Integer, BigInteger> revealed = new LinkedHashMap<>();
          for (int i = 0; i < values.length; i++) {
            revealed.put(toOpen.get(i), value(values[i], interval(toOpen.get(i))));
          }
          Map<String, BigInteger[]> publicOutputs = new LinkedHashMap<>();
          Map<String, Shares> addressShares = new LinkedHashMap<>();
          Map<String, Shares> stateShares = new LinkedHashMap<>();
          for (Circuit.Output o : circuit.circuit().outputs()) {
            switch (o.to()) {
              case PUBLIC ->
                  publicOutputs.put(
                      o.name(),
                      o.wires().stream()
                          .map(w -> circuit.secret()[w] ? revealed.get(w) : publicValue[w])
                          .toArray(BigInteger[]::new));
              case ADDRESS -> addressShares.put(o.name(), gather(o.wires()));
              case STATE -> stateShares.put(o.name(), gather(o.wires()));
            }
          }
          return new Rep4CircuitResult(publicOutputs, addressShares, stateShares);
        });
  }

  /** The value in {@code range} (narrower than 2^64, see {@link Rep4Support}) with this residue. */
  static BigInteger value(long residue, Interval range) {
    BigInteger v = BigInteger.valueOf(residue);
    if (v.compareTo(range.lo()) < 0) {
      return v.add(Rep4Support.RING);
    }
    return v.compareTo(range.hi()) > 0 ? v.subtract(Rep4Support.RING) : v;
  }

  private Shares gather(List<Integer> wires) {
    return Shares.concat(wires.stream().map(this::shareOf).toArray(Shares[]::new));
  }
}
