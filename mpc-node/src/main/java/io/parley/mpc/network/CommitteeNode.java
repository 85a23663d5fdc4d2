package io.parley.mpc.network;

import io.parley.zk.computation.ComputationResult;
import io.parley.zk.computation.MemberComputation;
import io.parley.zk.computation.Phase;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.EnvelopeCodec;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
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
 * computation id and step). The last finished sessions keep receiving their computation's envelopes
 * while the node runs later sessions or {@link #serve}s: a member whose outcome is final may still
 * owe evidence to another (the third member's disclosure of a Fantastic Four conflict in the last
 * round, ADR 0024), and without it the victim could only report a timeout.
 */
public final class CommitteeNode {
  private static final Logger LOG = LoggerFactory.getLogger(CommitteeNode.class);
  private static final int MAX_BUFFERED_COMPUTATIONS = 64;
  private static final int MAX_BUFFERED_PER_COMPUTATION = 4096;

  /** Finished sessions kept answering: few (they hold their last rounds' shares) and briefly. */
  private static final int MAX_FINISHED = 16;

  private final LinkedBlockingQueue<Envelope> inbox = new LinkedBlockingQueue<>();

  /**
   * Envelopes for sessions not started here yet, by session; when full, the session that arrived
   * first is dropped (stale envelopes of sessions that will never start here, say of an aborted
   * attempt, must not crowd out those of the next session).
   */
  private final Map<Bytes32, ArrayDeque<Envelope>> early =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes32, ArrayDeque<Envelope>> eldest) {
          return size() > MAX_BUFFERED_COMPUTATIONS;
        }
      };

  private record Lingering(ProtocolSession<?> session, long until) {}

  private final Map<Bytes32, Lingering> finished =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes32, Lingering> eldest) {
          return size() > MAX_FINISHED;
        }
      };
  private final TrafficCounters counters;
  private CommitteeNetwork network;
  private Deviation deviation = actions -> actions;

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

  /** Makes this member deviate (test code only: see {@link Deviation}). */
  public void deviate(Deviation deviation) {
    this.deviation = deviation;
  }

  /**
   * Runs a whole computation through the engine's door: each of its phases to an outcome, in order,
   * then returns the computation's outcome. Traffic is counted under {@code label + "." +} the
   * phase's kind ({@code keys}, {@code prep}, {@code input}, {@code bits}, {@code online}).
   */
  public Outcome<ComputationResult> compute(
      MemberComputation computation, String label, Duration stepTimeout, PhaseObserver observer)
      throws InterruptedException {
    for (Optional<Phase> p = computation.next(); p.isPresent(); p = computation.next()) {
      Phase phase = p.get();
      observer.started(phase);
      run(phase.session(), phase.id(), label + "." + kind(phase), stepTimeout);
      observer.ended(phase);
    }
    return computation.outcome().orElseThrow();
  }

  /**
   * Runs several computations at once, each through its phases in order as {@link #compute} does,
   * on this thread: envelopes go to the session of their id, so rounds of different computations
   * overlap and a batch of small computations costs about the rounds of the longest. The members
   * need not batch alike (envelopes of a session not started here yet are held). Computations that
   * agree keys on first use must not share a batch with another first use: run the first alone.
   * Returns the outcomes in the order given.
   */
  public List<Outcome<ComputationResult>> computeAll(
      List<MemberComputation> computations, String label, Duration stepTimeout)
      throws InterruptedException {
    Map<Bytes32, Running> active = new LinkedHashMap<>();
    List<Running> all = new ArrayList<>();
    for (MemberComputation c : computations) {
      Running r = new Running(c, new HashMap<>());
      all.add(r);
      advance(r, active, label, stepTimeout);
    }
    while (!active.isEmpty()) {
      long now = System.nanoTime();
      long next = now + 1_000_000_000L;
      for (Running r : active.values()) {
        for (long at : r.deadlines.values()) {
          next = Math.min(next, at);
        }
      }
      Envelope e = inbox.poll(Math.max(0, next - now), TimeUnit.NANOSECONDS);
      if (e == null) {
        for (Running r : List.copyOf(active.values())) {
          fireDue(r.phase.session(), r.deadlines, stepTimeout);
          settle(r, active, label, stepTimeout);
        }
        continue;
      }
      Running r = active.get(e.computation());
      if (r == null) {
        if (!serveFinished(e)) {
          hold(e);
        }
        continue;
      }
      perform(r.phase.session().onMessage(e), r.deadlines, stepTimeout);
      settle(r, active, label, stepTimeout);
    }
    List<Outcome<ComputationResult>> out = new ArrayList<>();
    for (Running r : all) {
      out.add(r.computation.outcome().orElseThrow());
    }
    return out;
  }

  /** One computation of {@link #computeAll}: its current phase and that phase's timeouts. */
  private static final class Running {
    final MemberComputation computation;
    final Map<Integer, Long> deadlines;
    Phase phase;

    Running(MemberComputation computation, Map<Integer, Long> deadlines) {
      this.computation = computation;
      this.deadlines = deadlines;
    }
  }

  /** Starts {@code r}'s next phase (fed what arrived early), or retires it when none is left. */
  private void advance(
      Running r, Map<Bytes32, Running> active, String label, Duration stepTimeout) {
    while (true) {
      Optional<Phase> p = r.computation.next();
      if (p.isEmpty()) {
        return;
      }
      Phase phase = p.get();
      r.phase = phase;
      r.deadlines.clear();
      counters.label(phase.id(), label + "." + kind(phase));
      active.put(phase.id(), r);
      ProtocolSession<?> session = phase.session();
      perform(session.start(), r.deadlines, stepTimeout);
      ArrayDeque<Envelope> held = early.remove(phase.id());
      while (held != null && !held.isEmpty() && session.outcome().isEmpty()) {
        perform(session.onMessage(held.poll()), r.deadlines, stepTimeout);
      }
      if (session.outcome().isEmpty()) {
        return;
      }
      retire(r, active, stepTimeout);
    }
  }

  private void settle(Running r, Map<Bytes32, Running> active, String label, Duration stepTimeout) {
    if (r.phase.session().outcome().isPresent()) {
      retire(r, active, stepTimeout);
      advance(r, active, label, stepTimeout);
    }
  }

  private void retire(Running r, Map<Bytes32, Running> active, Duration stepTimeout) {
    active.remove(r.phase.id());
    if (r.phase.session().lingers()) {
      finished.put(
          r.phase.id(),
          new Lingering(r.phase.session(), System.nanoTime() + stepTimeout.toNanos()));
    }
  }

  /** {@code prep/3} is a {@code prep} phase; {@code prss-keys} and {@code rep4-keys} are keys. */
  public static String kind(Phase phase) {
    String name = phase.name();
    if (name.endsWith("keys")) {
      return "keys";
    }
    int slash = name.indexOf('/');
    return slash < 0 ? name : name.substring(0, slash);
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
        if (!serveFinished(e)) {
          hold(e);
        }
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
    if (session.lingers()) {
      finished.put(computation, new Lingering(session, System.nanoTime() + stepTimeout.toNanos()));
    }
    return session.outcome().orElseThrow();
  }

  /**
   * Answers envelopes for finished sessions for {@code period} (or until the inbox stays empty that
   * long); envelopes for computations not started yet are held for their {@link #run}. Call it
   * before closing the network, so that evidence a finished member owes still leaves.
   */
  public void serve(Duration period) throws InterruptedException {
    long end = System.nanoTime() + period.toNanos();
    for (long left = period.toNanos(); left > 0; left = end - System.nanoTime()) {
      Envelope e = inbox.poll(left, TimeUnit.NANOSECONDS);
      if (e == null) {
        return;
      }
      if (!serveFinished(e)) {
        hold(e);
      }
    }
  }

  /** Feeds an envelope to its finished session, if any; only its sends are performed. */
  private boolean serveFinished(Envelope e) {
    long now = System.nanoTime();
    finished.values().removeIf(l -> l.until() - now < 0);
    Lingering done = finished.get(e.computation());
    if (done == null) {
      return false;
    }
    perform(
        done.session().onMessage(e).stream().filter(a -> a instanceof Action.Send).toList(),
        new HashMap<>(),
        Duration.ZERO);
    return true;
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
      queue = new ArrayDeque<>();
      early.put(e.computation(), queue);
    }
    if (queue.size() < MAX_BUFFERED_PER_COMPUTATION) {
      queue.add(e);
    }
  }

  private void perform(List<Action> actions, Map<Integer, Long> deadlines, Duration stepTimeout) {
    Map<Envelope, byte[]> encoded = new IdentityHashMap<>();
    for (Action a : deviation.apply(actions)) {
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
