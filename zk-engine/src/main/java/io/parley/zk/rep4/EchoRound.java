package io.parley.zk.rep4;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * After an input or key round (malicious mode): every party forwards to every other party the
 * signed statements it received that carry a segment both of them got from the same sender. Two
 * different signed contents for one segment prove the sender equivocated. Only parties that
 * received a segment see its digests.
 */
final class EchoRound extends BaseRound {
  private final Rep4Context context;
  private final ExchangeRound previous;
  private final Statement[] got = new Statement[4];
  private final Object result;

  EchoRound(
      Rep4Context context, int round, ExchangeRound previous, Received[] received, Object result) {
    super(round);
    this.context = context;
    this.previous = previous;
    this.result = result;
    int self = context.self();
    for (int s = 0; s < 4; s++) {
      if (s != self) {
        got[s] = received[s].statement().orElseThrow();
      }
    }
    for (int t = 0; t < 4; t++) {
      if (t == self) {
        continue;
      }
      out[t] = new MessageBuilder(RoundKind.ECHO);
      for (int s : sharedSenders(t)) {
        out[t].forward(got[s]);
      }
    }
  }

  /** Senders s (not self, not t) that sent a common segment to self and to t, ascending. */
  private List<Integer> sharedSenders(int t) {
    int self = context.self();
    return java.util.stream.IntStream.range(0, 4)
        .filter(s -> s != self && s != t && !common(s, t).isEmpty())
        .boxed()
        .toList();
  }

  private Set<Integer> common(int sender, int other) {
    Set<Integer> ids = new HashSet<>(previous.segmentIds(sender, context.self()));
    ids.retainAll(previous.segmentIds(sender, other));
    return ids;
  }

  @Override
  public RoundKind kind() {
    return RoundKind.ECHO;
  }

  @Override
  public List<Expected> expectedFrom(int from) {
    return List.of();
  }

  @Override
  public boolean accepts(int from, WireMessage message) {
    if (message.kind() != RoundKind.ECHO || !message.parts().isEmpty()) {
      return false;
    }
    List<Integer> senders = sharedSenders(from);
    if (message.forwarded().size() != senders.size()) {
      return false;
    }
    for (int i = 0; i < senders.size(); i++) {
      Statement f = message.forwarded().get(i);
      if (f.from() != senders.get(i)
          || f.to() != from
          || f.round() != previous.round()
          || f.kind() != previous.kind()
          || !f.computation().equals(context.computation())
          || !f.signedBySender(context.committee())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Result complete(Received[] received) {
    int self = context.self();
    for (int t = 0; t < 4; t++) {
      if (t == self) {
        continue;
      }
      for (Statement f : received[t].message().forwarded()) {
        Statement mine = got[f.from()];
        for (int id : common(f.from(), t)) {
          Statement.Segment a = mine.segment(id).orElseThrow();
          java.util.Optional<Statement.Segment> b = f.segment(id);
          if (b.isEmpty()
              || a.count() != b.get().count()
              || !java.util.Arrays.equals(a.digests(), b.get().digests())) {
            return new Result.Equivocation(f.from(), mine, f);
          }
        }
      }
    }
    return new Result.Value(result);
  }
}
