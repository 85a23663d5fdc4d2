package io.parley.zk.network;

import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Action;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.EnvelopeCodec;
import io.parley.zk.messages.ProtocolSession;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives sans-I/O sessions over a {@link CommitteeNetwork}: Netty threads only enqueue inbound
 * envelopes; the thread that calls {@link #run} drains the queue, feeds the session, performs its
 * actions and fires its step timeouts. Envelopes for computations that have not started here yet
 * are held in a bounded buffer (arrival order does not matter: every envelope carries its
 * computation id and step).
 */
public final class CommitteeNode {
  private static final Logger LOG = LoggerFactory.getLogger(CommitteeNode.class);
  private static final int MAX_BUFFERED_COMPUTATIONS = 64;
  private static final int MAX_BUFFERED_PER_COMPUTATION = 4096;

  private final LinkedBlockingQueue<Envelope> inbox = new LinkedBlockingQueue<>();
  private final Map<Bytes32, ArrayDeque<Envelope>> early = new HashMap<>();
  private final TrafficCounters counters;
  private CommitteeNetwork network;

  public CommitteeNode(TrafficCounters counters) {
    this.counters = counters;
  }

  /** The listener to give the network: it only enqueues. */
  public CommitteeNetwork.Listener listener() {
    return (from, envelope) -> inbox.add(envelope);
  }

  public void attach(CommitteeNetwork network) {
    this.network = network;
  }

  /** Runs one session to its outcome, with the given per-step timeout. */
  public <T> Outcome<T> run(
      ProtocolSession<T> session, Bytes32 computation, String phase, Duration stepTimeout)
      throws InterruptedException {
    counters.label(computation, phase);
    Map<Integer, Long> deadlines = new HashMap<>();
    long begin = System.currentTimeMillis();
    perform(session.start(), deadlines, stepTimeout);
    LOG.debug("{} started in {} ms", phase, System.currentTimeMillis() - begin);
    ArrayDeque<Envelope> held = early.remove(computation);
    while (held != null && !held.isEmpty() && session.outcome().isEmpty()) {
      perform(session.onMessage(held.poll()), deadlines, stepTimeout);
    }
    while (session.outcome().isEmpty()) {
      long now = System.nanoTime();
      long next =
          deadlines.values().stream().mapToLong(Long::longValue).min().orElse(now + 1_000_000_000L);
      Envelope e = inbox.poll(Math.max(0, next - now), TimeUnit.NANOSECONDS);
      if (e == null) {
        fireDue(session, deadlines, stepTimeout);
        continue;
      }
      if (!e.computation().equals(computation)) {
        hold(e);
        continue;
      }
      long before = System.currentTimeMillis();
      perform(session.onMessage(e), deadlines, stepTimeout);
      LOG.trace(
          "{} step {} from member {} handled in {} ms",
          phase,
          e.step(),
          e.sender(),
          System.currentTimeMillis() - before);
    }
    return session.outcome().orElseThrow();
  }

  private <T> void fireDue(
      ProtocolSession<T> session, Map<Integer, Long> deadlines, Duration stepTimeout) {
    long now = System.nanoTime();
    List<Integer> due = new ArrayList<>();
    deadlines.forEach(
        (step, at) -> {
          if (at <= now) {
            due.add(step);
          }
        });
    for (int step : due) {
      deadlines.remove(step);
      perform(session.onTimeout(step), deadlines, stepTimeout);
    }
  }

  private void hold(Envelope e) {
    ArrayDeque<Envelope> queue = early.get(e.computation());
    if (queue == null) {
      if (early.size() >= MAX_BUFFERED_COMPUTATIONS) {
        return;
      }
      queue = new ArrayDeque<>();
      early.put(e.computation(), queue);
    }
    if (queue.size() < MAX_BUFFERED_PER_COMPUTATION) {
      queue.add(e);
    }
  }

  private void perform(List<Action> actions, Map<Integer, Long> deadlines, Duration stepTimeout) {
    Map<Envelope, byte[]> encoded = new IdentityHashMap<>();
    for (Action a : actions) {
      switch (a) {
        case Action.Send s -> {
          byte[] bytes = encoded.computeIfAbsent(s.envelope(), EnvelopeCodec::encode);
          network.send(s.to(), s.envelope(), bytes);
        }
        case Action.ScheduleTimeout t ->
            deadlines.put(t.step(), System.nanoTime() + stepTimeout.toNanos());
      }
    }
  }

  public Optional<CommitteeNetwork> network() {
    return Optional.ofNullable(network);
  }
}
