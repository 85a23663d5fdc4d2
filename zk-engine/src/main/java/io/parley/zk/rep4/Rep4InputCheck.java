package io.parley.zk.rep4;

import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.Signer;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One member's run of the consistency check of a wallet-dealt rep4 input (docs/spec/rep4.md,
 * section 6): the wallet gave each holder of component x_j its own copy, and a corrupt wallet may
 * give the three holders different ones. The members compare keyed digests d_j = HMAC-SHA256(key_j,
 * ...) of the components: key_j is unknown to member j, the only member that does not hold x_j, so
 * no single member learns anything about the input.
 *
 * <p>Step 0: member i broadcasts a signed statement (INPUT_DIGESTS) with d_j for its three
 * components j. Step 1: it broadcasts a signed ECHO forwarding one statement of each other member,
 * as soon as it received all three directly, or at its step-0 timeout with a statement it holds
 * only from another member's echo (a member that withholds its statement from some members does not
 * stall them). Once it holds all echoes it decides from the forwarded copies alone ({@link
 * InputVerdict}): two different signed statements of one member end in {@link
 * io.parley.zk.evidence.Blame.Equivocation} (checked by {@link
 * io.parley.zk.evidence.OpeningBlameVerifier}); holders that disagree on a component's digest in
 * {@link Accusation.InconsistentInput} naming the odd holders (the wallet or those holders
 * deviated; no member is blamed); otherwise the session completes with {@code true}.
 *
 * <p>Threat model: 4 members, at most 1 malicious, malicious mode only (signed envelopes). Honest
 * members that reach a verdict reach the same one. The step-0 timeout does not end a member that
 * already echoed: it starts its step-1 clock, so that members echoing at their own step-0 timeout
 * are not reported silent. A member still missing a statement at its step-0 timeout, or an echo at
 * its step-1 timeout, ends in {@link Accusation.Timeout} naming the members missing; a member
 * silent towards some members only can make those time out while the others decide (silence is
 * settled on-chain). Malformed, badly signed and repeated envelopes are ignored, and so is a copy
 * arriving after the member forwarded its own: acting on what only one member saw would split the
 * honest members' verdicts.
 */
public final class Rep4InputCheck implements ProtocolSession<Boolean> {
  private static final int PARTIES = Schedule.PARTIES;

  private final Committee committee;
  private final int self;
  private final Bytes32 computation;
  private final Signer signer;
  private final byte[] statementData;
  private final Envelope[] statements = new Envelope[PARTIES];
  private final Envelope[] relayed = new Envelope[PARTIES];
  private final Envelope[][] forwarded = new Envelope[PARTIES][];
  private boolean started;
  private boolean statementDeadlinePassed;
  private int step = InputDigests.STATEMENT_STEP;
  private Optional<Outcome<Boolean>> outcome = Optional.empty();

  /**
   * @param context committee, member index, PRG keys and signing key (both required) and the
   *     computation id, unique to this input
   * @param inputs the components the wallet dealt to this member ({@link Shares#of})
   */
  public Rep4InputCheck(Rep4Context context, Shares inputs) {
    if (!context.malicious()) {
      throw new IllegalArgumentException("the input check needs a signing key (malicious mode)");
    }
    if (context.keys().isEmpty()) {
      throw new IllegalArgumentException("the input check needs the PRG keys");
    }
    if (inputs.self() != context.self()) {
      throw new IllegalArgumentException(
          "shares of member " + inputs.self() + " given to member " + context.self());
    }
    this.committee = context.committee();
    this.self = context.self();
    this.computation = context.computation();
    this.signer = Signer.with(context.signingKey().get());
    this.statementData = InputDigests.statementData(context.prgKeys(), computation, inputs);
  }

  @Override
  public List<Action> start() {
    if (started) {
      return List.of();
    }
    started = true;
    statements[self] = sign(InputDigests.STATEMENT_STEP, Kind.INPUT_DIGESTS, statementData);
    List<Action> actions = new ArrayList<>();
    broadcast(statements[self], actions);
    actions.add(new Action.ScheduleTimeout(InputDigests.STATEMENT_STEP));
    progress(actions);
    return actions;
  }

  @Override
  public List<Action> onMessage(Envelope e) {
    List<Action> actions = new ArrayList<>();
    if (outcome.isPresent() || e.sender() == self) {
      return actions;
    }
    if (InputDigests.isStatement(e, computation)) {
      if (statements[e.sender()] == null && committee.signedBySender(e)) {
        statements[e.sender()] = e;
        progress(actions);
      }
    } else if (InputDigests.isEcho(e, computation)) {
      if (forwarded[e.sender()] == null && committee.signedBySender(e)) {
        InputDigests.forwarded(e, committee, computation).ifPresent(f -> acceptEcho(e, f));
        progress(actions);
      }
    }
    return actions;
  }

  /** Keeps the echo's statements, and the first copy of each as a fallback for its own echo. */
  private void acceptEcho(Envelope echo, Envelope[] bySender) {
    forwarded[echo.sender()] = bySender;
    for (int s = 0; s < PARTIES; s++) {
      if (s != self && relayed[s] == null && bySender[s] != null) {
        relayed[s] = bySender[s];
      }
    }
  }

  @Override
  public List<Action> onTimeout(int timedOut) {
    List<Action> actions = new ArrayList<>();
    if (outcome.isPresent() || !started) {
      return actions;
    }
    if (timedOut == InputDigests.STATEMENT_STEP && !statementDeadlinePassed) {
      statementDeadlinePassed = true;
      progress(actions);
      if (step == InputDigests.STATEMENT_STEP) {
        abortSilent(statementHeld());
      } else if (outcome.isEmpty()) {
        actions.add(new Action.ScheduleTimeout(InputDigests.ECHO_STEP));
      }
    } else if (timedOut == InputDigests.ECHO_STEP && step == InputDigests.ECHO_STEP) {
      abortSilent(forwarded);
    }
    return actions;
  }

  private void abortSilent(Object[] slots) {
    List<Integer> missing = new ArrayList<>();
    for (int m = 0; m < PARTIES; m++) {
      if (m != self && slots[m] == null) {
        missing.add(m);
      }
    }
    outcome = Optional.of(new Outcome.Aborted<>(new Accusation.Timeout(step, missing)));
  }

  /**
   * The statement this member forwards of each other member: the direct copy, else a relayed one.
   */
  private Envelope[] statementHeld() {
    Envelope[] held = new Envelope[PARTIES];
    for (int s = 0; s < PARTIES; s++) {
      held[s] = statements[s] != null ? statements[s] : relayed[s];
    }
    held[self] = null;
    return held;
  }

  @Override
  public Optional<Outcome<Boolean>> outcome() {
    return outcome;
  }

  private void progress(List<Action> actions) {
    if (!started) {
      return; // not started: what arrived waits in its slot
    }
    if (step == InputDigests.STATEMENT_STEP
        && (allPresent(statements) || (statementDeadlinePassed && allPresent(statementHeld())))) {
      forwarded[self] = statementHeld();
      List<Envelope> others = new ArrayList<>();
      for (int s = 0; s < PARTIES; s++) {
        if (s != self) {
          others.add(forwarded[self][s]);
        }
      }
      broadcast(sign(InputDigests.ECHO_STEP, Kind.ECHO, InputDigests.echoData(others)), actions);
      step = InputDigests.ECHO_STEP;
    }
    if (step == InputDigests.ECHO_STEP && allPresent(forwarded)) {
      outcome = Optional.of(InputVerdict.decide(forwarded));
    }
  }

  private boolean allPresent(Object[] slots) {
    for (int m = 0; m < PARTIES; m++) {
      if (m != self && slots[m] == null) {
        return false;
      }
    }
    return true;
  }

  private Envelope sign(int atStep, Kind kind, byte[] data) {
    return signer.sign(
        Envelope.unsigned(computation, atStep, self, Envelope.BROADCAST, kind, new FieldElement[0])
            .withData(data));
  }

  private void broadcast(Envelope e, List<Action> actions) {
    for (int m = 0; m < PARTIES; m++) {
      if (m != self) {
        actions.add(new Action.Send(m, e));
      }
    }
  }
}
