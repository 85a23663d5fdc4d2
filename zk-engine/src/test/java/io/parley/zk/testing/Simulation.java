package io.parley.zk.testing;

import io.parley.zk.messages.Envelope;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic in-memory network for sans-I/O sessions: deliveries are picked in a seeded random
 * order (reordering across senders), timeouts fire only when the network is quiet (simulated time
 * passes), and corrupt members' outgoing actions pass through an {@link Adversary}. A failing seed
 * replays exactly.
 */
public final class Simulation<T> {
  /** Rewrites a corrupt member's outgoing actions; may stash envelopes to deliver late. */
  public interface Adversary {
    List<Action> tamper(int member, List<Action> actions, Simulation<?> simulation);
  }

  private record Delivery(int to, Envelope envelope) {}

  private final List<? extends ProtocolSession<T>> sessions;
  private final Map<Integer, Adversary> corrupt;
  private final SplittableRandom random;
  private final List<Delivery> inFlight = new ArrayList<>();
  private final List<Delivery> late = new ArrayList<>();
  private final int[] pendingTimeout;
  private long delivered;

  public Simulation(
      List<? extends ProtocolSession<T>> sessions, Map<Integer, Adversary> corrupt, long seed) {
    this.sessions = sessions;
    this.corrupt = corrupt;
    this.random = new SplittableRandom(seed);
    this.pendingTimeout = new int[sessions.size()];
    java.util.Arrays.fill(pendingTimeout, -1);
  }

  /** Queues an envelope for delivery after the next timeouts (a late message). */
  public void deliverLate(int to, Envelope envelope) {
    late.add(new Delivery(to, envelope));
  }

  private void perform(int member, List<Action> actions) {
    List<Action> effective =
        corrupt.containsKey(member) ? corrupt.get(member).tamper(member, actions, this) : actions;
    for (Action a : effective) {
      switch (a) {
        case Action.Send s -> inFlight.add(new Delivery(s.to(), s.envelope()));
        case Action.ScheduleTimeout st -> pendingTimeout[member] = st.step();
      }
    }
  }

  public long delivered() {
    return delivered;
  }

  /** Runs until every session has an outcome or nothing more can happen. */
  public void run() {
    for (int i = 0; i < sessions.size(); i++) {
      perform(i, sessions.get(i).start());
    }
    int quietPeriods = 0;
    while (quietPeriods < 3) {
      while (!inFlight.isEmpty()) {
        Delivery d = inFlight.remove(random.nextInt(inFlight.size()));
        delivered++;
        perform(d.to(), sessions.get(d.to()).onMessage(d.envelope()));
      }
      boolean allDone = sessions.stream().allMatch(s -> s.outcome().isPresent());
      if (allDone) {
        break;
      }
      quietPeriods++;
      for (int i = 0; i < sessions.size(); i++) {
        if (sessions.get(i).outcome().isEmpty() && pendingTimeout[i] >= 0) {
          perform(i, sessions.get(i).onTimeout(pendingTimeout[i]));
        }
      }
      inFlight.addAll(late);
      late.clear();
    }
  }
}
