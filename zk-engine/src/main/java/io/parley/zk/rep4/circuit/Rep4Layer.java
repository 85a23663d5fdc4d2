package io.parley.zk.rep4.circuit;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.Interval;
import io.parley.zk.rep4.Rep4Comparisons;
import io.parley.zk.rep4.Rep4Context;
import io.parley.zk.rep4.Rep4Program;
import io.parley.zk.rep4.Shares;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The interactive gates of one layer as at most five requests: every product (mul, dot, and, or,
 * xor, select) in one multiplication round, every lt and le in one less-than over the widest bit
 * length any of them needs, the lt and le whose difference needs 65 bits in one unsigned less-than
 * ({@link Rep4Comparisons#lessThanUnsigned}), every eq in one equality test, every bit
 * decomposition (bits, a reducing wrap, divc by a power of two) in one. They run one after the
 * other.
 */
final class Rep4Layer {
  /** Comparisons run together at most this many at a time (memory, not rounds, is the limit). */
  static final int COMPARISON_CHUNK = 1 << 18;

  private final Rep4Interpreter in;
  private final List<Shares> xs = new ArrayList<>();
  private final List<Shares> ys = new ArrayList<>();
  private final List<Consumer<Shares>> productFinishers = new ArrayList<>();
  private final Comparison less = new Comparison();
  private final Comparison equal = new Comparison();
  private final Comparison wide = new Comparison();
  private final Rep4BitGates bitGates;

  /**
   * Vectors (x, y) compared together; the results of an entry go to consecutive wires from its
   * output, possibly as 1 - result.
   */
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
    compare(c, in.shareOf(a), in.interval(a), in.shareOf(b), in.interval(b), out, complemented);
  }

  /**
   * A less-than whose difference needs 65 bits goes to the unsigned batch, both operands shifted
   * down by the lower end of their hull (which {@link Rep4Support} checked is narrower than 2^64),
   * so that both read as unsigned words in the same order.
   */
  private void compare(
      Comparison c, Shares a, Interval ia, Shares b, Interval ib, int out, boolean complemented) {
    Interval d = ia.subtract(ib);
    if (c == less && !d.fitsSigned(63)) {
      long base = ia.hull(ib).lo().longValue();
      wide.add(minus(a, base), minus(b, base), 64, out, complemented);
      return;
    }
    c.add(a, b, Math.min(64, Math.max(2, d.signedBits())), out, complemented);
  }

  private Shares minus(Shares x, long base) {
    if (base == 0) {
      return x;
    }
    long[] k = new long[x.length()];
    Arrays.fill(k, base);
    return x.subtract(Shares.constant(in.self(), k));
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
        .then(done -> comparison(less, Test.LESS))
        .then(done -> comparison(wide, Test.UNSIGNED))
        .then(done -> comparison(equal, Test.EQUAL))
        .then(done -> bitGates.run());
  }

  private Rep4Program<Boolean> multiplications() {
    return multiplications(0);
  }

  /**
   * The products of entries [from, to) in one round, where [from, to) holds at most MAX_ELEMENTS
   * elements (an entry is a vector of any length up to that), then the rest.
   */
  private Rep4Program<Boolean> multiplications(int from) {
    if (from >= xs.size()) {
      return Rep4Program.done(true);
    }
    int to = from;
    long elements = 0;
    while (to < xs.size()
        && (to == from || elements + xs.get(to).length() <= Rep4Context.MAX_ELEMENTS)) {
      elements += xs.get(to).length();
      to++;
    }
    int end = to;
    return Rep4Program.multiply(concat(xs.subList(from, end)), concat(ys.subList(from, end)))
        .then(
            p -> {
              int at = 0;
              for (int i = from; i < end; i++) {
                int length = xs.get(i).length();
                productFinishers.get(i).accept(p.slice(at, at + length));
                at += length;
              }
              return multiplications(end);
            });
  }

  /** The three comparison requests of a layer. */
  private enum Test {
    LESS,
    UNSIGNED,
    EQUAL;

    Rep4Program<Shares> run(Shares x, Shares y, int bits) {
      return switch (this) {
        case LESS -> Rep4Comparisons.lessThan(x, y, bits);
        case UNSIGNED -> Rep4Comparisons.lessThanUnsigned(x, y);
        case EQUAL -> Rep4Comparisons.equal(x, y, bits);
      };
    }

    /** An unsigned test compares three words per pair and multiplies twice: a smaller chunk. */
    int chunk() {
      return this == UNSIGNED ? COMPARISON_CHUNK / 4 : COMPARISON_CHUNK;
    }
  }

  private Rep4Program<Boolean> comparison(Comparison c, Test test) {
    if (c.xs.isEmpty()) {
      return Rep4Program.done(true);
    }
    Shares x = concat(c.xs);
    Shares y = concat(c.ys);
    Rep4Program<Shares> result = chunks(x, y, c.bits, test, 0, new ArrayList<>());
    return result.map(
        r -> {
          int at = 0;
          for (int i = 0; i < c.outputs.size(); i++) {
            int length = c.xs.get(i).length();
            Shares bit = r.slice(at, at + length);
            at += length;
            in.setShares(c.outputs.get(i), c.complement.get(i) ? ones(length).subtract(bit) : bit);
          }
          return true;
        });
  }

  /**
   * The comparison of elements [from, ...) in chunks of {@link #COMPARISON_CHUNK}, one after the
   * other: a million 64-bit tests at once would hold about a gigabyte of bit-sliced intermediates.
   */
  private static Rep4Program<Shares> chunks(
      Shares x, Shares y, int bits, Test test, int from, List<Shares> done) {
    if (from >= x.length()) {
      return Rep4Program.done(Shares.concat(done.toArray(new Shares[0])));
    }
    int to = Math.min(x.length(), from + test.chunk());
    Shares a = from == 0 && to == x.length() ? x : x.slice(from, to);
    Shares b = from == 0 && to == x.length() ? y : y.slice(from, to);
    return test.run(a, b, bits)
        .then(
            r -> {
              done.add(r);
              return chunks(x, y, bits, test, to, done);
            });
  }

  private Shares ones(int length) {
    long[] one = new long[length];
    Arrays.fill(one, 1L);
    return Shares.constant(in.self(), one);
  }

  /**
   * All lanes of a vector gate at once (a vector per operand, no object per lane): products,
   * selections and comparisons whose operands are plain strided refs. False for the rest, which go
   * lane by lane through {@link #add}.
   */
  boolean addVector(Circuit.Gate gate, int out) {
    for (Circuit.Ref r : gate.refs()) {
      if (r.run() > 0) {
        return false;
      }
    }
    List<Circuit.Ref> x = gate.refs();
    switch (gate.op()) {
      case "mul", "and" -> vectorProduct(x.get(0), x.get(1), gate, p -> in.setShares(out, p));
      case "or" ->
          vectorProduct(
              x.get(0),
              x.get(1),
              gate,
              p ->
                  in.setShares(
                      out, vector(x.get(0), gate).add(vector(x.get(1), gate)).subtract(p)));
      case "xor" ->
          vectorProduct(
              x.get(0),
              x.get(1),
              gate,
              p ->
                  in.setShares(
                      out,
                      vector(x.get(0), gate)
                          .add(vector(x.get(1), gate))
                          .subtract(p.multiplyPublic(2))));
      case "select" -> {
        Circuit.Ref sel = x.get(0);
        if (!secretRef(sel)) {
          return false;
        }
        Shares b = vector(x.get(2), gate);
        Shares difference = vector(x.get(1), gate).subtract(b);
        product(vector(sel, gate), difference, p -> in.setShares(out, b.add(p)));
      }
      case "lt" -> vectorCompare(less, x.get(0), x.get(1), gate, out, false);
      case "le" -> vectorCompare(less, x.get(1), x.get(0), gate, out, true);
      case "eq" -> vectorCompare(equal, x.get(0), x.get(1), gate, out, false);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Whether any lane of the operand is secret (a strided operand's lanes are all alike). */
  private boolean secretRef(Circuit.Ref r) {
    if (!r.isList()) {
      return in.secretWire(r.wire());
    }
    for (int w : r.list()) {
      if (in.secretWire(w)) {
        return true;
      }
    }
    return false;
  }

  /** The interval every lane of the operand lies in (a list's hull). */
  private Interval interval(Circuit.Ref r) {
    Interval hull = in.interval(r.wire());
    for (int w : r.list()) {
      hull = hull.hull(in.interval(w));
    }
    return hull;
  }

  /**
   * The operand's value in every lane: the wires' shares, or the public values as constants (a list
   * may mix both: its public lanes are added as constants to zero shares).
   */
  private Shares vector(Circuit.Ref r, Circuit.Gate gate) {
    int[] wires = r.wires(gate.shape());
    long[] values = publicValues(wires);
    if (!secretRef(r)) {
      return Shares.constant(in.self(), values);
    }
    Shares shares = in.gather(wires);
    for (int w : wires) {
      if (!in.secretWire(w)) {
        return shares.add(Shares.constant(in.self(), values));
      }
    }
    return shares;
  }

  /** The values of the public wires among {@code wires} (0 in the lanes of secret ones). */
  private long[] publicValues(int[] wires) {
    long[] values = new long[wires.length];
    for (int i = 0; i < wires.length; i++) {
      if (!in.secretWire(wires[i])) {
        values[i] = in.publicOf(wires[i]).longValue();
      }
    }
    return values;
  }

  private void vectorProduct(
      Circuit.Ref a, Circuit.Ref b, Circuit.Gate gate, Consumer<Shares> finish) {
    boolean sa = secretRef(a);
    boolean sb = secretRef(b);
    if (sa && sb) {
      product(vector(a, gate), vector(b, gate), finish);
    } else if (sa) {
      finish.accept(vector(a, gate).multiplyPublicEach(publicValues(b.wires(gate.shape()))));
    } else {
      finish.accept(vector(b, gate).multiplyPublicEach(publicValues(a.wires(gate.shape()))));
    }
  }

  private void vectorCompare(
      Comparison c,
      Circuit.Ref a,
      Circuit.Ref b,
      Circuit.Gate gate,
      int out,
      boolean complemented) {
    compare(c, vector(a, gate), interval(a), vector(b, gate), interval(b), out, complemented);
  }

  private static Shares concat(List<Shares> parts) {
    return Shares.concat(parts.toArray(new Shares[0]));
  }
}
