package io.parley.zk.rep4.circuit;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.ValueType;
import io.parley.zk.rep4.Rep4BitDecomposition;
import io.parley.zk.rep4.Rep4Program;
import io.parley.zk.rep4.Shares;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The gates of one layer that need a full bit decomposition ({@code bits}, a reducing {@code wrap},
 * {@code divc} by a power of two), run as one vectorised decomposition over the widest bit length
 * any of them needs. {@code divc} by 2^j decomposes y = x + 2^(K-1) (in [0, 2^K) for the batch
 * width K >= j + 1) and returns floor(y / 2^j) - 2^(K-1-j).
 */
final class Rep4BitGates {
  private final Rep4Interpreter in;
  private final List<Shares> operands = new ArrayList<>();
  private final List<Boolean> offset = new ArrayList<>();
  private final List<Consumer<BitsOf>> finishers = new ArrayList<>();
  private int width = 2;

  /** The bits of one operand (of x, or of x + 2^(width-1) when offset) and the batch width. */
  private record BitsOf(List<Shares> bits, int width) {}

  Rep4BitGates(Rep4Interpreter in) {
    this.in = in;
  }

  private void add(Shares x, int need, boolean offsetted, Consumer<BitsOf> finish) {
    operands.add(x);
    offset.add(offsetted);
    finishers.add(finish);
    width = Math.max(width, need);
  }

  void bits(Circuit.Gate gate, int out) {
    int w = gate.width().orElseThrow();
    add(
        in.shareOf(gate.in().get(0)),
        w,
        false,
        b -> {
          for (int i = 0; i < w; i++) {
            in.setShare(out + i, b.bits().get(i));
          }
        });
  }

  void wrap(Circuit.Gate gate, int out) {
    ValueType type = gate.type().orElseThrow();
    int t = type.width();
    add(
        in.shareOf(gate.in().get(0)),
        t,
        false,
        b -> {
          Shares acc = in.constant(BigInteger.ZERO);
          for (int i = 0; i < t; i++) {
            long weight = type.signed() && i == t - 1 ? -(1L << i) : 1L << i;
            acc = acc.add(b.bits().get(i).multiplyPublic(weight));
          }
          in.setShare(out, acc);
        });
  }

  /** divc by c = 2^j; j is capped at 63 (|x| < 2^62, so larger divisors give the same floor). */
  void divide(Circuit.Gate gate, int out) {
    int x = gate.in().get(0);
    int j = Math.min(63, gate.constant().orElseThrow().getLowestSetBit());
    int k = Math.max(in.interval(x).signedBits(), j + 1);
    add(
        in.shareOf(x),
        k,
        true,
        b -> {
          Shares acc = in.constant(BigInteger.ONE.shiftLeft(b.width() - 1 - j).negate());
          for (int i = j; i < b.width(); i++) {
            acc = acc.add(b.bits().get(i).multiplyPublic(1L << (i - j)));
          }
          in.setShare(out, acc);
        });
  }

  Rep4Program<Boolean> run() {
    if (operands.isEmpty()) {
      return Rep4Program.done(true);
    }
    int k = width;
    Shares shift = in.constant(BigInteger.ONE.shiftLeft(k - 1));
    Shares[] xs = new Shares[operands.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = offset.get(i) ? operands.get(i).add(shift) : operands.get(i);
    }
    return chunk(xs, k, 0);
  }

  /** Decomposes xs[from, from + chunk) and then the rest, so every round stays within bounds. */
  private Rep4Program<Boolean> chunk(Shares[] xs, int k, int from) {
    if (from >= xs.length) {
      return Rep4Program.done(true);
    }
    int to = Math.min(xs.length, from + Rep4BitDecomposition.maxElements(k));
    Shares[] part = java.util.Arrays.copyOfRange(xs, from, to);
    return Rep4BitDecomposition.bits(Shares.concat(part), k)
        .then(
            all -> {
              for (int e = from; e < to; e++) {
                List<Shares> mine = new ArrayList<>();
                for (Shares bit : all) {
                  mine.add(bit.slice(e - from, e - from + 1));
                }
                finishers.get(e).accept(new BitsOf(mine, k));
              }
              return chunk(xs, k, to);
            });
  }
}
