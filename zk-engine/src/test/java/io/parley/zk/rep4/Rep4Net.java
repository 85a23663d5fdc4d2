package io.parley.zk.rep4;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.session.Action;
import io.parley.zk.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Test-only in-memory network for four rep4 sessions: delivers in a seeded random order, fires the
 * scheduled timeouts only when nothing is in flight (so a timeout means real silence), and lets a
 * test rewrite or drop a corrupt party's outgoing envelopes.
 */
final class Rep4Net {
  /** Rewrites one outgoing envelope of a party; an empty list drops it. */
  interface Interceptor {
    List<Envelope> outgoing(int from, int to, Envelope envelope);
  }

  record Delivery(int from, int to, Envelope envelope) {}

  static final long KEY_SEED = 7;
  static final List<PrivateKey> KEYS = Fixtures.keys(4, KEY_SEED);
  static final Committee COMMITTEE = Fixtures.committee(KEYS);

  final List<Delivery> delivered = new ArrayList<>();

  static Rep4Context context(int self, boolean malicious, byte[] keySeed, Bytes32 id) {
    return new Rep4Context(
        COMMITTEE,
        self,
        Optional.of(Rep4Keys.fromSeed(self, keySeed)),
        malicious ? Optional.of(KEYS.get(self)) : Optional.empty(),
        id);
  }

  <T> List<Outcome<T>> run(
      boolean malicious,
      byte[] keySeed,
      Function<Integer, Rep4Program<T>> programs,
      Interceptor interceptor,
      long seed) {
    Bytes32 id = Fixtures.id(seed);
    List<Rep4Session<T>> sessions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sessions.add(new Rep4Session<>(context(i, malicious, keySeed, id), programs.apply(i)));
    }
    return drive(sessions, interceptor, seed);
  }

  <T> List<Outcome<T>> drive(List<Rep4Session<T>> sessions, Interceptor interceptor, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Delivery> inFlight = new ArrayList<>();
    List<TreeSet<Integer>> timers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      timers.add(new TreeSet<>());
    }
    for (int i = 0; i < 4; i++) {
      perform(i, sessions.get(i).start(), inFlight, timers, interceptor);
    }
    for (int guard = 0; guard < 1_000_000; guard++) {
      if (!inFlight.isEmpty()) {
        Delivery d = inFlight.remove(random.nextInt(inFlight.size()));
        delivered.add(d);
        perform(
            d.to(), sessions.get(d.to()).onMessage(d.envelope()), inFlight, timers, interceptor);
        continue;
      }
      boolean fired = false;
      for (int i = 0; i < 4; i++) {
        if (sessions.get(i).outcome().isEmpty() && !timers.get(i).isEmpty()) {
          int step = timers.get(i).pollLast();
          perform(i, sessions.get(i).onTimeout(step), inFlight, timers, interceptor);
          fired = true;
        }
      }
      if (!fired) {
        break;
      }
    }
    List<Outcome<T>> out = new ArrayList<>();
    for (Rep4Session<T> s : sessions) {
      out.add(s.outcome().orElse(null));
    }
    return out;
  }

  private void perform(
      int from,
      List<Action> actions,
      List<Delivery> inFlight,
      List<TreeSet<Integer>> timers,
      Interceptor interceptor) {
    for (Action a : actions) {
      switch (a) {
        case Action.Send s -> {
          for (Envelope e : interceptor.outgoing(from, s.to(), s.envelope())) {
            inFlight.add(new Delivery(from, s.to(), e));
          }
        }
        case Action.ScheduleTimeout t -> timers.get(from).add(t.step());
      }
    }
  }

  static Interceptor honest() {
    return (from, to, e) -> List.of(e);
  }
}
