package io.parley.zk.rep4;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opening to every party: party i misses only x_i; party i+1 sends it, party i+2 sends its digest,
 * and party i checks both before using it.
 */
final class OpenRound extends BaseRound {
  private final Rep4Context context;
  private final Shares x;
  private final int n;
  private final boolean binary;

  OpenRound(Rep4Context context, int round, Shares x, boolean binary) {
    super(round);
    this.binary = binary;
    this.context = context;
    this.x = x;
    this.n = x.length();
    int self = context.self();
    for (int t = 0; t < 4; t++) {
      if (t == self) {
        continue;
      }
      out[t] = new MessageBuilder(RoundKind.OPEN);
      Schedule.Transfer tr = Schedule.open(t, n);
      if (tr.sender() == self) {
        out[t].values(t, x.component(t), 0, n);
      } else if (tr.backup() == self && context.malicious()) {
        out[t].digests(t, n, Digests.of(x.component(t), 0, n));
      }
    }
  }

  @Override
  public RoundKind kind() {
    return RoundKind.OPEN;
  }

  @Override
  public List<Expected> expectedFrom(int from) {
    Schedule.Transfer tr = Schedule.open(context.self(), n);
    List<Expected> e = new ArrayList<>();
    if (tr.sender() == from) {
      e.add(new Expected(tr.id(), true, n));
    } else if (tr.backup() == from && context.malicious()) {
      e.add(new Expected(tr.id(), false, n));
    }
    return e;
  }

  @Override
  public Result complete(Received[] received) {
    int self = context.self();
    Schedule.Transfer tr = Schedule.open(self, n);
    if (context.malicious()) {
      Statement sent = received[tr.sender()].statement().orElseThrow();
      Statement backup = received[tr.backup()].statement().orElseThrow();
      int chunk =
          Digests.firstDifference(
              sent.segment(self).orElseThrow().digests(),
              backup.segment(self).orElseThrow().digests());
      if (chunk >= 0) {
        return new Result.Conflict(self, chunk, sent, backup);
      }
    }
    long[] values = new long[n];
    received[tr.sender()].message().part(self).orElseThrow().accumulate(values, 0, binary);
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        long[] c = x.component(m);
        for (int i = 0; i < n; i++) {
          values[i] = binary ? values[i] ^ c[i] : values[i] + c[i];
        }
      }
    }
    return new Result.Value(values);
  }

  @Override
  public Optional<TransferDisclosure.Content> disclose(int transfer, int chunk) {
    Schedule.Transfer tr = Schedule.open(transfer, n);
    int from = chunk * Digests.CHUNK;
    int to = Math.min(n, from + Digests.CHUNK);
    if (from >= to) {
      return Optional.empty();
    }
    if (context.self() == tr.receiver()) {
      return Optional.of(new TransferDisclosure.Content(n, new long[0], new long[0], new byte[0]));
    }
    if (context.self() == tr.third()) {
      return Optional.of(
          new TransferDisclosure.Content(
              n,
              java.util.Arrays.copyOfRange(x.component(tr.receiver()), from, to),
              new long[0],
              new byte[0]));
    }
    return Optional.empty();
  }
}
