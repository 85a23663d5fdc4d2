package io.parley.zk.interpreter;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.Interval;
import io.parley.zk.circuit.ValueType;
import io.parley.zk.field.FieldElement;
import io.parley.zk.protocol.Comparisons;
import io.parley.zk.protocol.Program;
import io.parley.zk.protocol.SecureArithmetic;
import io.parley.zk.protocol.WrapPlan;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The interactive gates of one layer, grouped so that all products share one Beaver round and all
 * comparisons of equal bit length share one vectorised comparison; the groups run side by side.
 */
final class LayerBatch {
  private final Interpreter in;
  private final SecureArithmetic arithmetic;
  private final Comparisons comparisons;
  private final List<FieldElement> xs = new ArrayList<>();
  private final List<FieldElement> ys = new ArrayList<>();
  private final List<Consumer<FieldElement[]>> productFinishers = new ArrayList<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();

  private record Group(
      List<FieldElement> values,
      List<Integer> outputs,
      Function<FieldElement[], Program<FieldElement[][]>> run) {}

  LayerBatch(Interpreter in, SecureArithmetic arithmetic, Comparisons comparisons) {
    this.in = in;
    this.arithmetic = arithmetic;
    this.comparisons = comparisons;
  }

  private boolean secret(int wire) {
    return in.secretWire(wire);
  }

  /** Registers x*y: batched when both are secret, local otherwise; then finish(product). */
  private void product(int x, int y, Consumer<FieldElement> finish) {
    if (secret(x) && secret(y)) {
      int at = xs.size();
      xs.add(in.shareOf(x));
      ys.add(in.shareOf(y));
      productFinishers.add(p -> finish.accept(p[at]));
    } else if (secret(x)) {
      finish.accept(in.shareOf(x).multiply(FieldElement.of(in.publicOf(y))));
    } else {
      finish.accept(in.shareOf(y).multiply(FieldElement.of(in.publicOf(x))));
    }
  }

  private void group(
      String key,
      FieldElement value,
      int out,
      Function<FieldElement[], Program<FieldElement[][]>> run) {
    Group g =
        groups.computeIfAbsent(key, k -> new Group(new ArrayList<>(), new ArrayList<>(), run));
    g.values().add(value);
    g.outputs().add(out);
  }

  private static Function<FieldElement[], Program<FieldElement[][]>> single(
      Function<FieldElement[], Program<FieldElement[]>> op) {
    return v ->
        op.apply(v)
            .map(
                r -> {
                  FieldElement[][] out = new FieldElement[r.length][];
                  for (int i = 0; i < r.length; i++) {
                    out[i] = new FieldElement[] {r[i]};
                  }
                  return out;
                });
  }

  void add(int g, Circuit.Gate gate, int out) {
    List<Integer> x = gate.in();
    switch (gate.op()) {
      case "mul", "and" -> product(x.get(0), x.get(1), p -> in.setShare(out, p));
      case "or" ->
          product(
              x.get(0),
              x.get(1),
              p -> in.setShare(out, in.shareOf(x.get(0)).add(in.shareOf(x.get(1))).subtract(p)));
      case "xor" ->
          product(
              x.get(0),
              x.get(1),
              p ->
                  in.setShare(
                      out,
                      in.shareOf(x.get(0))
                          .add(in.shareOf(x.get(1)))
                          .subtract(p.multiply(FieldElement.TWO))));
      case "select" -> selectGate(x, out);
      case "dot" -> dotGate(x, out);
      case "lt" -> {
        int k = in.interval(x.get(0)).subtract(in.interval(x.get(1))).signedBits();
        group(
            "lt" + k,
            in.shareOf(x.get(0)).subtract(in.shareOf(x.get(1))),
            out,
            single(v -> comparisons.lessThanZero(v, k)));
      }
      case "le" -> {
        int k = in.interval(x.get(1)).subtract(in.interval(x.get(0))).signedBits();
        group(
            "le" + k,
            in.shareOf(x.get(1)).subtract(in.shareOf(x.get(0))),
            out,
            single(
                v ->
                    comparisons
                        .lessThanZero(v, k)
                        .map(r -> io.parley.zk.protocol.Vectors.oneMinus(r))));
      }
      case "eq" -> {
        int k = in.interval(x.get(0)).subtract(in.interval(x.get(1))).signedBits();
        group(
            "eq" + k,
            in.shareOf(x.get(0)).subtract(in.shareOf(x.get(1))),
            out,
            single(v -> comparisons.equalsZero(v, k)));
      }
      case "bits" -> {
        int k = in.interval(x.get(0)).signedBits();
        int w = gate.width().orElseThrow();
        group("bits" + k + "/" + w, in.shareOf(x.get(0)), out, v -> comparisons.bits(v, k, w));
      }
      case "wrap" -> {
        Interval range = in.interval(x.get(0));
        ValueType type = gate.type().orElseThrow();
        WrapPlan plan = WrapPlan.of(range.lo(), range.hi(), type.width(), type.signed());
        group("wrap" + plan, in.shareOf(x.get(0)), out, single(v -> comparisons.wrap(v, plan)));
      }
      case "divc" -> {
        int k = in.interval(x.get(0)).signedBits();
        BigInteger c = gate.constant().orElseThrow();
        group(
            "divc" + k + "/" + c,
            in.shareOf(x.get(0)),
            out,
            single(v -> comparisons.dividePublic(v, k, c)));
      }
      default -> throw new IllegalStateException("gate " + g + ": not interactive: " + gate.op());
    }
  }

  private void selectGate(List<Integer> x, int out) {
    int s = x.get(0);
    int a = x.get(1);
    int b = x.get(2);
    if (!secret(s)) {
      in.setShare(out, in.publicOf(s).signum() != 0 ? in.shareOf(a) : in.shareOf(b));
      return;
    }
    FieldElement difference = in.shareOf(a).subtract(in.shareOf(b));
    if (!secret(a) && !secret(b)) {
      in.setShare(out, in.shareOf(b).add(in.shareOf(s).multiply(difference)));
      return;
    }
    int at = xs.size();
    xs.add(in.shareOf(s));
    ys.add(difference);
    productFinishers.add(p -> in.setShare(out, in.shareOf(b).add(p[at])));
  }

  private void dotGate(List<Integer> x, int out) {
    int k = x.size() / 2;
    FieldElement[] terms = new FieldElement[k];
    int[] remaining = {k};
    for (int i = 0; i < k; i++) {
      int index = i;
      product(
          x.get(i),
          x.get(k + i),
          p -> {
            terms[index] = p;
            if (--remaining[0] == 0) {
              FieldElement acc = FieldElement.ZERO;
              for (FieldElement term : terms) {
                acc = acc.add(term);
              }
              in.setShare(out, acc);
            }
          });
    }
  }

  Program<Boolean> run() {
    List<Program<FieldElement[][]>> programs = new ArrayList<>();
    List<Group> order = new ArrayList<>(groups.values());
    FieldElement[] px = xs.toArray(FieldElement[]::new);
    FieldElement[] py = ys.toArray(FieldElement[]::new);
    programs.add(arithmetic.multiply(px, py).map(p -> new FieldElement[][] {p}));
    for (Group g : order) {
      programs.add(g.run().apply(g.values().toArray(FieldElement[]::new)));
    }
    return Program.all(programs)
        .map(
            results -> {
              FieldElement[] products = results.get(0)[0];
              for (Consumer<FieldElement[]> f : productFinishers) {
                f.accept(products);
              }
              for (int i = 0; i < order.size(); i++) {
                FieldElement[][] values = results.get(i + 1);
                List<Integer> outputs = order.get(i).outputs();
                for (int e = 0; e < outputs.size(); e++) {
                  for (int j = 0; j < values[e].length; j++) {
                    in.setShare(outputs.get(e) + j, values[e][j]);
                  }
                }
              }
              return true;
            });
  }
}
