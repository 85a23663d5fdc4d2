package io.parley.zk.rep4;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fantastic Four multiplication (or AND on bit-sliced words) of one batch in one round: each pair
 * reshares its cross terms as a fresh sharing with components z_k = r (PRG key_k) and z_j = v - r,
 * the sender sends z_j to the receiver k and the backup a digest of it. The six reshared values sum
 * to x*y.
 */
final class MultiplyRound extends BaseRound {
  private final Rep4Context context;
  private final boolean binary;
  private final Shares x;
  private final Shares y;
  private final int n;
  private final Shares z;

  MultiplyRound(Rep4Context context, int round, boolean binary, Shares x, Shares y) {
    super(round);
    this.context = context;
    this.binary = binary;
    this.x = x;
    this.y = y;
    this.n = x.length();
    int self = context.self();
    this.z = Shares.zeros(self, n);
    for (int t = 0; t < 4; t++) {
      out[t] = t == self ? null : new MessageBuilder(kind());
    }
    for (int id = 0; id < Schedule.MULTIPLY_TRANSFERS; id++) {
      Schedule.Transfer tr = Schedule.multiply(id, n);
      if (tr.length() == 0 || tr.receiver() == self) {
        continue;
      }
      long[] r = new long[tr.length()];
      StreamPrg.fill(context.streamKey(tr.receiver(), round, id), 0, r, 0, r.length);
      accumulate(z.component(tr.receiver()), tr.from(), r);
      if (tr.third() == self) {
        continue;
      }
      int j = tr.third();
      int k = tr.receiver();
      TransferMath.mask(
          binary,
          j,
          k,
          x.component(j),
          y.component(j),
          x.component(k),
          y.component(k),
          tr.from(),
          tr.length(),
          r);
      accumulate(z.component(j), tr.from(), r);
      if (tr.sender() == self) {
        out[k].values(id, r, 0, r.length);
      } else if (context.malicious()) {
        out[k].digests(id, r.length, Digests.of(r, 0, r.length));
      }
    }
  }

  private void accumulate(long[] target, int from, long[] values) {
    if (binary) {
      for (int i = 0; i < values.length; i++) {
        target[from + i] ^= values[i];
      }
    } else {
      for (int i = 0; i < values.length; i++) {
        target[from + i] += values[i];
      }
    }
  }

  @Override
  public RoundKind kind() {
    return binary ? RoundKind.AND : RoundKind.MULTIPLY;
  }

  @Override
  public List<Expected> expectedFrom(int from) {
    List<Expected> e = new ArrayList<>();
    for (int id = 0; id < Schedule.MULTIPLY_TRANSFERS; id++) {
      Schedule.Transfer tr = Schedule.multiply(id, n);
      if (tr.length() == 0 || tr.receiver() != context.self()) {
        continue;
      }
      if (tr.sender() == from) {
        e.add(new Expected(id, true, tr.length()));
      } else if (tr.backup() == from && context.malicious()) {
        e.add(new Expected(id, false, tr.length()));
      }
    }
    return e;
  }

  @Override
  public Result complete(Received[] received) {
    int self = context.self();
    if (context.malicious()) {
      for (int id = 0; id < Schedule.MULTIPLY_TRANSFERS; id++) {
        Schedule.Transfer tr = Schedule.multiply(id, n);
        if (tr.length() == 0 || tr.receiver() != self) {
          continue;
        }
        Statement sent = received[tr.sender()].statement().orElseThrow();
        Statement backup = received[tr.backup()].statement().orElseThrow();
        int chunk =
            Digests.firstDifference(
                sent.segment(id).orElseThrow().digests(),
                backup.segment(id).orElseThrow().digests());
        if (chunk >= 0) {
          return new Result.Conflict(id, chunk, sent, backup);
        }
      }
    }
    for (int id = 0; id < Schedule.MULTIPLY_TRANSFERS; id++) {
      Schedule.Transfer tr = Schedule.multiply(id, n);
      if (tr.length() == 0 || tr.receiver() != self) {
        continue;
      }
      WireMessage.Part part = received[tr.sender()].message().part(id).orElseThrow();
      part.accumulate(z.component(tr.third()), tr.from(), binary);
    }
    return new Result.Value(z);
  }

  @Override
  public Optional<TransferDisclosure.Content> disclose(int transfer, int chunk) {
    Schedule.Transfer tr = Schedule.multiply(transfer, n);
    int from = tr.from() + chunk * Digests.CHUNK;
    int to = Math.min(tr.to(), from + Digests.CHUNK);
    if (from >= to) {
      return Optional.empty();
    }
    if (context.self() == tr.receiver()) {
      int j = tr.third();
      return Optional.of(
          new TransferDisclosure.Content(
              n,
              java.util.Arrays.copyOfRange(x.component(j), from, to),
              java.util.Arrays.copyOfRange(y.component(j), from, to),
              new byte[0]));
    }
    if (context.self() == tr.third()) {
      int k = tr.receiver();
      return Optional.of(
          new TransferDisclosure.Content(
              n,
              java.util.Arrays.copyOfRange(x.component(k), from, to),
              java.util.Arrays.copyOfRange(y.component(k), from, to),
              context.streamKey(k, round, transfer)));
    }
    return Optional.empty();
  }
}
