package io.parley.zk.rep4;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Inputs: owner o shares v with x_o = 0, two components from the PRG keys of those components, and
 * x_c = v - x_a - x_b (c = o+1 mod 4) sent by the owner to the two other holders of x_c. In
 * malicious mode an {@link EchoRound} follows, in which those two compare the owner's signed
 * statements.
 */
final class InputRound extends BaseRound {
  private final Rep4Context context;
  private final int[] counts;
  private final int[] offsets = new int[5];
  private final Shares z;
  private final boolean binary;

  InputRound(Rep4Context context, int round, int[] counts, long[] mine, boolean binary) {
    super(round);
    this.binary = binary;
    this.context = context;
    if (counts.length != 4) {
      throw new IllegalArgumentException("one input count per party");
    }
    this.counts = counts.clone();
    for (int o = 0; o < 4; o++) {
      if (counts[o] < 0) {
        throw new IllegalArgumentException("negative input count");
      }
      offsets[o + 1] = offsets[o] + counts[o];
    }
    int self = context.self();
    if (mine.length != counts[self]) {
      throw new IllegalArgumentException(
          "party " + self + " inputs " + mine.length + " values, announced " + counts[self]);
    }
    if (offsets[4] > Rep4Context.MAX_ELEMENTS) {
      throw new IllegalArgumentException("input batch too large: " + offsets[4]);
    }
    this.z = Shares.zeros(self, offsets[4]);
    for (int t = 0; t < 4; t++) {
      out[t] = t == self ? null : new MessageBuilder(RoundKind.INPUT);
    }
    for (int o = 0; o < 4; o++) {
      if (counts[o] == 0) {
        continue;
      }
      int c = Schedule.inputSent(o);
      int[] ab = Schedule.complement(o, c);
      for (int m : ab) {
        if (m != self) {
          StreamPrg.fill(
              context.streamKey(m, round, stream(o, m)), 0, z.component(m), offsets[o], counts[o]);
        }
      }
      if (o == self) {
        long[] xc = z.component(c);
        long[] xa = z.component(ab[0]);
        long[] xb = z.component(ab[1]);
        for (int i = 0; i < counts[o]; i++) {
          int e = offsets[o] + i;
          xc[e] = binary ? mine[i] ^ xa[e] ^ xb[e] : mine[i] - xa[e] - xb[e];
        }
        out[ab[0]].values(o, xc, offsets[o], counts[o]);
        out[ab[1]].values(o, xc, offsets[o], counts[o]);
      }
    }
  }

  static int stream(int owner, int component) {
    return 16 + owner * 4 + component;
  }

  @Override
  public RoundKind kind() {
    return RoundKind.INPUT;
  }

  @Override
  public Set<Integer> segmentIds(int from, int to) {
    if (counts[from] == 0) {
      return Set.of();
    }
    int[] ab = Schedule.complement(from, Schedule.inputSent(from));
    return to == ab[0] || to == ab[1] ? Set.of(from) : Set.of();
  }

  @Override
  public List<Expected> expectedFrom(int from) {
    List<Expected> e = new ArrayList<>();
    if (!segmentIds(from, context.self()).isEmpty()) {
      e.add(new Expected(from, true, counts[from]));
    }
    return e;
  }

  @Override
  public Result complete(Received[] received) {
    int self = context.self();
    for (int o = 0; o < 4; o++) {
      if (o != self && !segmentIds(o, self).isEmpty()) {
        long[] xc = z.component(Schedule.inputSent(o));
        received[o].message().part(o).orElseThrow().accumulate(xc, offsets[o], binary);
      }
    }
    if (!context.malicious()) {
      return new Result.Value(z);
    }
    return new Result.Next(new EchoRound(context, round + 1, this, received, z));
  }
}
