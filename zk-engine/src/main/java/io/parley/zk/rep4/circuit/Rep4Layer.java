package io.parley.zk.rep4.circuit;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.rep4.Rep4Comparisons;
import io.parley.zk.rep4.Rep4Context;
import io.parley.zk.rep4.Rep4Program;
import io.parley.zk.rep4.Shares;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The interactive gates of one layer as at most four requests: every product (mul, dot, and, or,
 * xor, select) in one multiplication round, every lt and le in one less-than over the widest bit
 * length any of them needs, every eq in one equality test, every bit decomposition (bits, a
 * reducing wrap, divc by a power of two) in one. The four run one after the other.
 */
final class Rep4Layer {
  private final Rep4Interpreter in;
  private final List<Shares> xs = new ArrayList<>();
  private final List<Shares> ys = new ArrayList<>();
  private final List<Consumer<Shares>> productFinishers = new ArrayList<>();
  private final Comparison less = new Comparison();
  private final Comparison equal = new Comparison();
  private final Rep4BitGates bitGates;

  /** Pairs (x, y) compared together; each result goes to a wire, possibly as 1 - result. */
  private static final class Comparison {
    final List<Shares> xs = new ArrayList<>();
    final List<Shares> ys = new ArrayList<>();
    final List<Integer> outputs = new ArrayList<>();
    final List<Boolean> complement = new ArrayList<>();
    int bits = 2;

    void add(Shares x, Shares y, int bits, int out, boolean complemented) {
      xs.add(x);
      ys.add(y);
      outputs.add(out);
      complement.add(complemented);
      this.bits = Math.max(this.bits, bits);
    }
  }

  Rep4Layer(Rep4Interpreter in) {
    this.in = in;
    this.bitGates = new Rep4BitGates(in);
  }

  private boolean secret(int wire) {
    return in.secretWire(wire);
  }

  /** Registers x*y: batched when both are secret, local otherwise; then finish(product). */
  private void product(int x, int y, Consumer<Shares> finish) {
    if (secret(x) && secret(y)) {
      product(in.shareOf(x), in.shareOf(y), finish);
    } else if (secret(x)) {
      finish.accept(in.shareOf(x).multiplyPublic(in.publicOf(y).longValue()));
    } else {
      finish.accept(in.shareOf(y).multiplyPublic(in.publicOf(x).longValue()));
    }
  }

  private void product(Shares x, Shares y, Consumer<Shares> finish) {
    xs.add(x);
    ys.add(y);
    productFinishers.add(finish);
  }

  void add(int g, Circuit.Gate gate, int out) {
    List<Integer> x = gate.in();
    switch (gate.op()) {
      case "mul", "and" -> product(x.get(0), x.get(1), p -> in.setShare(out, p));
      case "or" -> product(x.get(0), x.get(1), p -> in.setShare(out, sum(x).subtract(p)));
      case "xor" ->
          product(x.get(0), x.get(1), p -> in.setShare(out, sum(x).subtract(p.multiplyPublic(2))));
      case "select" -> selectGate(x, out);
      case "dot" -> dotGate(x, out);
      case "lt" -> compare(less, x.get(0), x.get(1), out, false);
      case "le" -> compare(less, x.get(1), x.get(0), out, true);
      case "eq" -> compare(equal, x.get(0), x.get(1), out, false);
      case "bits" -> bitGates.bits(gate, out);
      case "wrap" -> {
        if (in.interval(x.get(0)).within(gate.type().orElseThrow().interval())) {
          in.setShare(out, in.shareOf(x.get(0)));
        } else {
          bitGates.wrap(gate, out);
        }
      }
      case "divc" -> {
        if (gate.constant().orElseThrow().equals(BigInteger.ONE)) {
          in.setShare(out, in.shareOf(x.get(0)));
        } else {
          bitGates.divide(gate, out);
        }
      }
      default -> throw new IllegalStateException("gate " + g + ": not run on rep4: " + gate.op());
    }
  }

  private Shares sum(List<Integer> x) {
    return in.shareOf(x.get(0)).add(in.shareOf(x.get(1)));
  }

  /**
   * [a < b] (or [a == b]) into out (or its complement), bit length from the intervals; an equality
   * whose difference needs 65 bits is a zero test of the whole ring word (exact while the
   * difference lies within (-2^64, 2^64), see {@link Rep4Support}).
   */
  private void compare(Comparison c, int a, int b, int out, boolean complemented) {
    int bits = Math.min(64, Math.max(2, in.interval(a).subtract(in.interval(b)).signedBits()));
    c.add(in.shareOf(a), in.shareOf(b), bits, out, complemented);
  }

  private void selectGate(List<Integer> x, int out) {
    int s = x.get(0);
    int a = x.get(1);
    int b = x.get(2);
    if (!secret(s)) {
      in.setShare(out, in.publicOf(s).signum() != 0 ? in.shareOf(a) : in.shareOf(b));
      return;
    }
    Shares difference = in.shareOf(a).subtract(in.shareOf(b));
    if (!secret(a) && !secret(b)) {
      BigInteger d = in.publicOf(a).subtract(in.publicOf(b));
      in.setShare(out, in.shareOf(b).add(in.shareOf(s).multiplyPublic(d.longValue())));
      return;
    }
    product(in.shareOf(s), difference, p -> in.setShare(out, in.shareOf(b).add(p)));
  }

  private void dotGate(List<Integer> x, int out) {
    int k = x.size() / 2;
    Shares[] terms = new Shares[k];
    int[] remaining = {k};
    for (int i = 0; i < k; i++) {
      int index = i;
      product(
          x.get(i),
          x.get(k + i),
          p -> {
            terms[index] = p;
            if (--remaining[0] == 0) {
              Shares acc = terms[0];
              for (int t = 1; t < k; t++) {
                acc = acc.add(terms[t]);
              }
              in.setShare(out, acc);
            }
          });
    }
  }

  Rep4Program<Boolean> run() {
    return multiplications()
        .then(done -> comparison(less, true))
        .then(done -> comparison(equal, false))
        .then(done -> bitGates.run());
  }

  private Rep4Program<Boolean> multiplications() {
    return multiplications(0);
  }

  /** Products [from, from + MAX_ELEMENTS) in one round, then the rest (one round when small). */
  private Rep4Program<Boolean> multiplications(int from) {
    if (from >= xs.size()) {
      return Rep4Program.done(true);
    }
    int to = Math.min(xs.size(), from + Rep4Context.MAX_ELEMENTS);
    return Rep4Program.multiply(concat(xs.subList(from, to)), concat(ys.subList(from, to)))
        .then(
            p -> {
              for (int i = from; i < to; i++) {
                productFinishers.get(i).accept(p.slice(i - from, i - from + 1));
              }
              return multiplications(to);
            });
  }

  private Rep4Program<Boolean> comparison(Comparison c, boolean lessThan) {
    if (c.xs.isEmpty()) {
      return Rep4Program.done(true);
    }
    Shares x = concat(c.xs);
    Shares y = concat(c.ys);
    Rep4Program<Shares> result =
        lessThan ? Rep4Comparisons.lessThan(x, y, c.bits) : Rep4Comparisons.equal(x, y, c.bits);
    return result.map(
        r -> {
          Shares one = in.constant(BigInteger.ONE);
          for (int i = 0; i < c.outputs.size(); i++) {
            Shares bit = r.slice(i, i + 1);
            in.setShare(c.outputs.get(i), c.complement.get(i) ? one.subtract(bit) : bit);
          }
          return true;
        });
  }

  private static Shares concat(List<Shares> parts) {
    return Shares.concat(parts.toArray(new Shares[0]));
  }
}
