package io.parley.zk.local;

import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.EnvelopeCodec;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Delivers envelopes between the members' sessions of one phase in memory, in FIFO order, until
 * every session has an outcome; when the queue runs dry first, it fires each waiting session's
 * pending timeout (a stuck phase ends in a {@code Timeout}, never hangs). Counts messages and
 * encoded bytes. Single-threaded and deterministic.
 */
final class InMemoryTransport {
  /** Rounds of timeouts after which the sessions that still have no outcome are given up. */
  private static final int MAX_QUIET_PERIODS = 3;

  private record Delivery(int to, Envelope envelope) {}

  private long messages;
  private long bytes;
  private final java.util.Set<Integer> silent;

  InMemoryTransport() {
    this(java.util.Set.of());
  }

  /** A transport on which the members in {@code silent} send nothing (as if crashed). */
  InMemoryTransport(java.util.Set<Integer> silent) {
    this.silent = java.util.Set.copyOf(silent);
  }

  long messages() {
    return messages;
  }

  long bytes() {
    return bytes;
  }

  /** Runs the sessions (session i is member i's) until all have outcomes or stay stuck. */
  void run(List<? extends ProtocolSession<?>> sessions) {
    ArrayDeque<Delivery> queue = new ArrayDeque<>();
    int[] pendingTimeout = new int[sessions.size()];
    Arrays.fill(pendingTimeout, -1);
    for (int i = 0; i < sessions.size(); i++) {
      perform(i, sessions.get(i).start(), queue, pendingTimeout);
    }
    for (int quiet = 0; quiet <= MAX_QUIET_PERIODS; quiet++) {
      while (!queue.isEmpty()) {
        Delivery d = queue.poll();
        messages++;
        bytes += EnvelopeCodec.encodedSize(d.envelope());
        perform(d.to(), sessions.get(d.to()).onMessage(d.envelope()), queue, pendingTimeout);
      }
      if (sessions.stream().allMatch(s -> s.outcome().isPresent())) {
        return;
      }
      for (int i = 0; i < sessions.size(); i++) {
        if (sessions.get(i).outcome().isEmpty() && pendingTimeout[i] >= 0) {
          perform(i, sessions.get(i).onTimeout(pendingTimeout[i]), queue, pendingTimeout);
        }
      }
    }
  }

  private void perform(
      int member, List<Action> actions, ArrayDeque<Delivery> queue, int[] pendingTimeout) {
    for (Action a : actions) {
      switch (a) {
        case Action.Send s -> {
          if (s.to() == Envelope.BROADCAST) {
            throw new IllegalStateException("sessions address each recipient");
          }
          if (!silent.contains(member)) {
            queue.add(new Delivery(s.to(), s.envelope()));
          }
        }
        case Action.ScheduleTimeout st -> pendingTimeout[member] = st.step();
      }
    }
  }
}
