package io.parley.zk.rep4;

import io.parley.base.crypto.Secp256k1;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.messages.Sha256;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One party's run of a {@link Rep4Program} (Fantastic Four over Z_2^64 and Z_2, four members, at
 * most one malicious; identifiable abort in malicious mode). A sans-I/O state machine: round r+1 is
 * computed and sent only after all three messages of round r arrived and every transfer to this
 * party was checked against its backup's digest. A disagreement stops the party in that round and
 * starts the blame phase ({@link BlamePhase}); silence ends in {@link Accusation.Timeout}.
 */
public final class Rep4Session<T> implements ProtocolSession<T> {
  private static final FieldElement[] NO_VALUES = new FieldElement[0];
  private final Rep4Context context;
  private Rep4Program<T> program;
  private ExchangeRound current;
  private ExchangeRound previous;
  private int round;
  private int rounds;
  private final WireInbox inbox = new WireInbox();
  private final BlamePhase blame = new BlamePhase();
  private Optional<Outcome<T>> outcome = Optional.empty();
  private final MessageDigest transcript = Sha256.newDigest();

  public Rep4Session(Rep4Context context, Rep4Program<T> program) {
    this.context = context;
    this.program = program;
  }

  /** Blame-phase envelopes and timeouts use step BLAME_STEP_BASE + round. */
  static final int BLAME_STEP_BASE = 1 << 30;

  @Override
  public List<Action> start() {
    List<Action> actions = new ArrayList<>();
    advance(actions, null);
    return actions;
  }

  @Override
  public List<Action> onMessage(Envelope e) {
    List<Action> actions = new ArrayList<>();
    if (outcome.isPresent()) {
      serveAfterCompletion(e, actions);
      return actions;
    }
    if (!e.computation().equals(context.computation())
        || e.sender() < 0
        || e.sender() >= 4
        || e.sender() == context.self()) {
      return actions;
    }
    if (e.kind() == Kind.BLAME) {
      onBlameMessage(e, actions);
      return actions;
    }
    if (e.kind() != Kind.DEAL || e.recipient() != context.self() || blame.active()) {
      return actions;
    }
    if (e.step() != round && e.step() != round + 1) {
      return actions;
    }
    try {
      inbox.put(e.step(), e.sender(), e, WireMessage.decode(e.data()));
    } catch (MalformedMessageException ex) {
      return actions;
    }
    tryComplete(actions);
    return actions;
  }

  @Override
  public List<Action> onTimeout(int step) {
    List<Action> actions = new ArrayList<>();
    if (outcome.isPresent()) {
      return actions;
    }
    if (blame.active() && step == blameStep(blame.round())) {
      finish(new Outcome.Aborted<>(new Accusation.Timeout(step, blame.awaited())));
    } else if (!blame.active() && current != null && step == round) {
      finish(
          new Outcome.Aborted<>(
              new Accusation.Timeout(round, inbox.missing(round, context.self()))));
    }
    return actions;
  }

  @Override
  public Optional<Outcome<T>> outcome() {
    return outcome;
  }

  /** A completed malicious session may be the third of a last-round conflict (see below). */
  @Override
  public boolean lingers() {
    return context.malicious() && outcome.orElse(null) instanceof Outcome.Completed<T>;
  }

  /** Rounds run so far (exchange rounds, including echo rounds). */
  public int rounds() {
    return rounds;
  }

  private void finish(Outcome<T> o) {
    outcome = Optional.of(o);
  }

  /** Feeds a round result to the program and starts the next round, or completes. */
  private void advance(List<Action> actions, Object result) {
    if (result != null) {
      program = ((Rep4Program.Ask<T>) program).resume(result);
    }
    if (program instanceof Rep4Program.Done<T> done) {
      finish(new Outcome.Completed<>(done.value(), Bytes32.wrap(transcript.digest()), rounds));
      return;
    }
    Rep4Program.Request request = ((Rep4Program.Ask<T>) program).request();
    begin(actions, newRound(request));
  }

  private ExchangeRound newRound(Rep4Program.Request request) {
    int r = round;
    return switch (request) {
      case Rep4Program.Multiply m -> {
        if (m.x().length() > Rep4Context.MAX_ELEMENTS) {
          throw new IllegalArgumentException("batch of " + m.x().length() + " exceeds the limit");
        }
        yield new MultiplyRound(context, r, m.binary(), m.x(), m.y());
      }
      case Rep4Program.Input in -> new InputRound(context, r, in.counts(), in.mine(), in.binary());
      case Rep4Program.Open o -> {
        if (o.x().length() > Rep4Context.MAX_ELEMENTS) {
          throw new IllegalArgumentException("opening of " + o.x().length() + " exceeds the limit");
        }
        yield new OpenRound(context, r, o.x(), o.binary());
      }
      case Rep4Program.Keys k -> new KeysRound(context, r, k.contributions());
    };
  }

  private void begin(List<Action> actions, ExchangeRound next) {
    previous = current;
    current = next;
    round = next.round();
    rounds++;
    for (int t = 0; t < 4; t++) {
      if (t == context.self()) {
        continue;
      }
      MessageBuilder b = next.messageTo(t);
      byte[] data;
      if (context.malicious()) {
        Statement s =
            new Statement(
                context.computation(),
                round,
                next.kind(),
                context.self(),
                t,
                b.segments(),
                Optional.empty());
        data =
            b.encode(
                Optional.of(Secp256k1.sign(s.signingDigest(), context.signingKey().orElseThrow())));
      } else {
        data = b.encode(Optional.empty());
      }
      actions.add(new Action.Send(t, envelope(round, t, Kind.DEAL, data)));
    }
    actions.add(new Action.ScheduleTimeout(round));
    tryComplete(actions);
  }

  Envelope envelope(int step, int to, Kind kind, byte[] data) {
    return new Envelope(
        context.computation(), step, context.self(), to, kind, NO_VALUES, data, Optional.empty());
  }

  private void tryComplete(List<Action> actions) {
    while (outcome.isEmpty()
        && !blame.active()
        && current != null
        && inbox.complete(round, context.self())) {
      ExchangeRound.Received[] received = new ExchangeRound.Received[4];
      for (int s = 0; s < 4; s++) {
        if (s == context.self()) {
          continue;
        }
        Optional<ExchangeRound.Received> checked = check(s);
        if (checked.isEmpty()) {
          inbox.drop(round, s);
          return;
        }
        received[s] = checked.get();
      }
      inbox.forget(round);
      ExchangeRound done = current;
      switch (done.complete(received)) {
        case ExchangeRound.Result.Value v -> {
          if (v.value() instanceof long[] opened) {
            Transcript.update(transcript, opened);
          }
          round++;
          advance(actions, v.value());
        }
        case ExchangeRound.Result.Next n -> {
          round++;
          begin(actions, n.round());
        }
        case ExchangeRound.Result.Conflict c -> {
          blame.ownConflict(context, done, c, actions, this);
          settleBlame();
        }
        case ExchangeRound.Result.Equivocation q -> {
          Rep4Evidence evidence = new Rep4Evidence.Equivocation(q.accused(), q.first(), q.second());
          blame.ownEvidence(context, round, evidence, actions, this);
          settleBlame();
        }
      }
    }
  }

  /** Shape and (malicious) signature check of the message from s for the current round. */
  private Optional<ExchangeRound.Received> check(int s) {
    WireInbox.Slot slot = inbox.slot(round, s);
    if (!current.accepts(s, slot.message())) {
      return Optional.empty();
    }
    if (!context.malicious()) {
      return Optional.of(new ExchangeRound.Received(slot.message(), Optional.empty()));
    }
    Statement statement = slot.message().statement(slot.envelope());
    if (statement.kind() != current.kind() || !statement.signedBySender(context.committee())) {
      return Optional.empty();
    }
    return Optional.of(new ExchangeRound.Received(slot.message(), Optional.of(statement)));
  }

  private void onBlameMessage(Envelope e, List<Action> actions) {
    if (!context.malicious()) {
      return;
    }
    List<ExchangeRound> rounds = new ArrayList<>();
    rounds.add(current);
    rounds.add(previous);
    blame.onMessage(context, e, rounds, actions, this);
    if (blame.active()) {
      settleBlame();
    }
  }

  /**
   * A member that completed may still be the third of a conflict on the last round (another member
   * saw a wrong value it did not): it keeps answering CONFLICT claims with its disclosure. Its own
   * outcome stays (its output passed its own checks). Drivers deliver BLAME envelopes to finished
   * rep4 sessions for the blame-phase timeout.
   */
  private void serveAfterCompletion(Envelope e, List<Action> actions) {
    if (e.kind() != Kind.BLAME
        || !context.malicious()
        || !(outcome.get() instanceof Outcome.Completed<T>)
        || !e.computation().equals(context.computation())) {
      return;
    }
    List<ExchangeRound> rounds = new ArrayList<>();
    rounds.add(current);
    rounds.add(previous);
    blame.onMessage(context, e, rounds, actions, this);
    actions.removeIf(a -> a instanceof Action.ScheduleTimeout);
  }

  private void settleBlame() {
    Optional<Outcome<T>> o = blame.outcome(context);
    if (o.isPresent()) {
      finish(o.get());
    }
  }

  /** Blame-phase timeouts use steps above this base so they never clash with round timeouts. */
  static int blameStep(int round) {
    return BLAME_STEP_BASE + round;
  }

  static Blame toBlame(Rep4Evidence evidence) {
    return new Blame.Rep4(evidence.accused(), evidence.computation(), evidence.encode());
  }
}
