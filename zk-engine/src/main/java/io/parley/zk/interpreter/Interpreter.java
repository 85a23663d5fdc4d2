package io.parley.zk.interpreter;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.CircuitException;
import io.parley.zk.circuit.Interval;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.field.FieldElement;
import io.parley.zk.protocol.Comparisons;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.Program;
import io.parley.zk.protocol.SecureArithmetic;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a {@link ValidatedCircuit} as one member's {@link Program}: layer by interactive depth,
 * every interactive gate of a layer batched with the others of its kind, so a layer costs the
 * rounds of its deepest gate. Local gates (and gates on public values) are evaluated in between;
 * public outputs are opened together in one final round.
 */
public final class Interpreter {
  private final ValidatedCircuit circuit;
  private final SecureArithmetic arithmetic;
  private final Comparisons comparisons;
  private final CircuitWires wires;
  private final BigInteger[] publicValue;
  private final FieldElement[] share;

  private Interpreter(ValidatedCircuit circuit, OnlineContext context) {
    this.circuit = circuit;
    this.arithmetic = new SecureArithmetic(context);
    this.comparisons = new Comparisons(arithmetic);
    this.wires = new CircuitWires(circuit);
    this.publicValue = wires.publicValues();
    this.share = new FieldElement[circuit.wires()];
  }

  /** The member's program for this circuit and these inputs. */
  public static Program<CircuitResult> program(
      ValidatedCircuit circuit, CircuitInputs inputs, OnlineContext context) {
    Interpreter interpreter = new Interpreter(circuit, context);
    interpreter.loadInputs(inputs);
    interpreter.evaluateLocals(0);
    return interpreter.layer(1);
  }

  private void loadInputs(CircuitInputs inputs) {
    int wire = 0;
    for (Circuit.Input input : circuit.circuit().inputs()) {
      int length = input.type().length();
      String where = "input '" + input.name() + "'";
      switch (input.kind()) {
        case PUBLIC -> {
          wires.loadPublic(input, wire, inputs.publicValues());
          wire += length;
        }
        case SECRET, STATE, COLLECTION -> {
          Map<String, FieldElement[]> source =
              input.kind() == Circuit.InputKind.SECRET
                  ? inputs.secretShares()
                  : inputs.stateShares();
          FieldElement[] values = source.get(input.name());
          if (values == null || values.length != length) {
            throw new CircuitException("E_INPUT_RANGE", where + ": missing or wrong share count");
          }
          for (FieldElement v : values) {
            share[wire++] = v;
          }
        }
      }
    }
  }

  FieldElement shareOf(int wire) {
    return circuit.secret()[wire] ? share[wire] : FieldElement.of(publicValue[wire]);
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

  void setShare(int wire, FieldElement value) {
    share[wire] = value;
  }

  private void evaluateLocals(int depth) {
    for (int g : wires.local(depth)) {
      if (!wires.evaluatePublic(g)) {
        share[circuit.elementOutput(g)] = LocalGates.evaluate(circuit.element(g), this);
      }
    }
  }

  private Program<CircuitResult> layer(int depth) {
    if (depth > circuit.maxDepth()) {
      return outputs();
    }
    LayerBatch batch = new LayerBatch(this, arithmetic, comparisons);
    for (int g : wires.interactive(depth)) {
      batch.add(g, circuit.element(g), circuit.elementOutput(g));
    }
    return batch
        .run()
        .then(
            done -> {
              evaluateLocals(depth);
              return layer(depth + 1);
            });
  }

  private Program<CircuitResult> outputs() {
    List<Integer> toOpen = new ArrayList<>();
    for (Circuit.Output o : circuit.circuit().outputs()) {
      if (o.to() == Circuit.Destination.PUBLIC) {
        for (int w : o.wires()) {
          if (circuit.secret()[w]) {
            toOpen.add(w);
          }
        }
      }
    }
    FieldElement[] shares = toOpen.stream().map(this::shareOf).toArray(FieldElement[]::new);
    Program<FieldElement[]> opened =
        shares.length == 0 ? Program.done(new FieldElement[0]) : arithmetic.open(shares);
    return opened.map(
        values -> {
          Map<Integer, BigInteger> revealed = new HashMap<>();
          for (int i = 0; i < values.length; i++) {
            revealed.put(toOpen.get(i), values[i].toSignedBigInteger());
          }
          Map<String, BigInteger[]> publicOutputs = new LinkedHashMap<>();
          Map<String, FieldElement[]> addressShares = new LinkedHashMap<>();
          Map<String, FieldElement[]> stateShares = new LinkedHashMap<>();
          for (Circuit.Output o : circuit.circuit().outputs()) {
            switch (o.to()) {
              case PUBLIC ->
                  publicOutputs.put(
                      o.name(),
                      o.wires().stream()
                          .map(w -> circuit.secret()[w] ? revealed.get(w) : publicValue[w])
                          .toArray(BigInteger[]::new));
              case ADDRESS ->
                  addressShares.put(
                      o.name(), o.wires().stream().map(this::shareOf).toArray(FieldElement[]::new));
              case STATE ->
                  stateShares.put(
                      o.name(), o.wires().stream().map(this::shareOf).toArray(FieldElement[]::new));
            }
          }
          return new CircuitResult(publicOutputs, addressShares, stateShares);
        });
  }
}
