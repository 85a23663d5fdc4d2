package io.parley.zk.rep4;

import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Action;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * After a conflict or an equivocation: nobody sends any further round message. For a conflict on a
 * transfer to receiver k the receiver broadcasts CONFLICT (the two signed statements, transfer,
 * chunk and its signed disclosure); the third party, on a valid CONFLICT, broadcasts its signed
 * DISCLOSURE; everyone holding both builds {@link Rep4Evidence.Conflict}, checks it with {@link
 * Rep4BlameVerifier} and aborts with the proven blame. An equivocation is proven at once
 * (EVIDENCE). Blame-phase envelopes have kind BLAME and data tag u8 (1 conflict, 2 disclosure, 3
 * evidence).
 */
final class BlamePhase {
  private static final int CONFLICT = 1;
  private static final int DISCLOSURE = 2;
  private static final int EVIDENCE = 3;

  private final int round;
  private Claim claim;
  private Disclosure thirdDisclosure;
  private Rep4Evidence proven;

  private record Claim(
      int transfer, int chunk, Statement sender, Statement backup, Disclosure receiver) {}

  private BlamePhase(int round) {
    this.round = round;
  }

  int round() {
    return round;
  }

  static BlamePhase proven(int round, Rep4Evidence evidence) {
    BlamePhase p = new BlamePhase(round);
    p.proven = evidence;
    return p;
  }

  /** This party is the receiver of a conflicting transfer. */
  static BlamePhase fromConflict(
      Rep4Context context,
      ExchangeRound done,
      ExchangeRound.Result.Conflict c,
      List<Action> actions,
      Rep4Session<?> session) {
    Disclosure.Content content = done.disclose(c.transfer(), c.chunk()).orElseThrow();
    Disclosure mine =
        Disclosure.sign(
            context.computation(),
            done.round(),
            done.kind(),
            context.self(),
            c.transfer(),
            c.chunk(),
            content,
            context.signingKey().orElseThrow());
    BlamePhase p = new BlamePhase(done.round());
    p.claim = new Claim(c.transfer(), c.chunk(), c.sender(), c.backup(), mine);
    byte[] s = c.sender().encode();
    byte[] b = c.backup().encode();
    byte[] d = mine.encode();
    ByteBuffer out = ByteBuffer.allocate(1 + 8 + 12 + s.length + b.length + d.length);
    out.put((byte) CONFLICT).putInt(c.transfer()).putInt(c.chunk());
    out.putInt(s.length).put(s).putInt(b.length).put(b).putInt(d.length).put(d);
    broadcast(session, context, done.round(), out.array(), actions);
    return p;
  }

  static void broadcastEvidence(
      Rep4Session<?> session,
      Rep4Context context,
      int round,
      Rep4Evidence e,
      List<Action> actions) {
    byte[] body = e.encode();
    byte[] data = ByteBuffer.allocate(1 + body.length).put((byte) EVIDENCE).put(body).array();
    broadcast(session, context, round, data, actions);
  }

  private static void broadcast(
      Rep4Session<?> session, Rep4Context context, int round, byte[] data, List<Action> actions) {
    for (int t = 0; t < 4; t++) {
      if (t != context.self()) {
        actions.add(
            new Action.Send(
                t,
                session.envelope(
                    Rep4Session.blameStep(round), Envelope.BROADCAST, Kind.BLAME, data)));
      }
    }
    actions.add(new Action.ScheduleTimeout(Rep4Session.blameStep(round)));
  }

  /** A blame-phase message while still running: starts the phase if it is a valid claim. */
  static Optional<BlamePhase> fromMessage(
      Rep4Context context,
      Envelope e,
      int currentRound,
      ExchangeRound current,
      ExchangeRound previous,
      List<Action> actions,
      Rep4Session<?> session) {
    try {
      ByteBuffer in = ByteBuffer.wrap(e.data());
      int tag = in.get();
      if (tag == EVIDENCE) {
        byte[] body = new byte[in.remaining()];
        in.get(body);
        Rep4Evidence evidence = Rep4Evidence.decode(body);
        if (new Rep4BlameVerifier(context.committee()).reject(evidence).isPresent()
            || !evidence.computation().equals(context.computation())) {
          return Optional.empty();
        }
        return Optional.of(proven(currentRound, evidence));
      }
      if (tag != CONFLICT) {
        return Optional.empty();
      }
      int transfer = in.getInt();
      int chunk = in.getInt();
      Statement sender = Statement.decode(part(in));
      Statement backup = Statement.decode(part(in));
      Disclosure receiver = Disclosure.decode(part(in));
      Claim claim = new Claim(transfer, chunk, sender, backup, receiver);
      if (!validClaim(context, claim, e.sender())) {
        return Optional.empty();
      }
      BlamePhase p = new BlamePhase(sender.round());
      p.claim = claim;
      RoundKind kind = sender.kind();
      Schedule.Transfer tr = Schedule.transfer(kind, transfer, receiver.batch());
      if (tr.third() == context.self()) {
        ExchangeRound at =
            current != null && current.round() == sender.round()
                ? current
                : previous != null && previous.round() == sender.round() ? previous : null;
        Optional<Disclosure.Content> content =
            at == null ? Optional.empty() : at.disclose(transfer, chunk);
        if (content.isPresent()) {
          p.thirdDisclosure =
              Disclosure.sign(
                  context.computation(),
                  sender.round(),
                  kind,
                  context.self(),
                  transfer,
                  chunk,
                  content.get(),
                  context.signingKey().orElseThrow());
          byte[] d = p.thirdDisclosure.encode();
          broadcast(
              session,
              context,
              sender.round(),
              ByteBuffer.allocate(1 + d.length).put((byte) DISCLOSURE).put(d).array(),
              actions);
        }
      } else {
        actions.add(new Action.ScheduleTimeout(Rep4Session.blameStep(sender.round())));
      }
      return Optional.of(p);
    } catch (MalformedMessageException | BufferUnderflowException | IllegalArgumentException ex) {
      return Optional.empty();
    }
  }

  /**
   * A claim is valid when both statements are signed by the schedule's sender and backup and
   * differ.
   */
  private static boolean validClaim(Rep4Context context, Claim c, int claimant) {
    Statement s = c.sender();
    Statement b = c.backup();
    RoundKind kind = s.kind();
    if (kind != RoundKind.MULTIPLY && kind != RoundKind.AND && kind != RoundKind.OPEN) {
      return false;
    }
    int n = c.receiver().batch();
    if (n <= 0
        || n > Rep4Context.MAX_ELEMENTS
        || c.transfer() < 0
        || c.transfer() >= Schedule.transfers(kind)) {
      return false;
    }
    Schedule.Transfer tr = Schedule.transfer(kind, c.transfer(), n);
    if (claimant != tr.receiver()
        || s.from() != tr.sender()
        || b.from() != tr.backup()
        || s.to() != tr.receiver()
        || b.to() != tr.receiver()
        || b.kind() != kind
        || s.round() != b.round()
        || !s.computation().equals(context.computation())
        || !b.computation().equals(context.computation())
        || c.receiver().discloser() != claimant
        || !s.signedBySender(context.committee())
        || !b.signedBySender(context.committee())
        || !c.receiver().signedByDiscloser(context.committee())) {
      return false;
    }
    Optional<Statement.Segment> x = s.segment(c.transfer());
    Optional<Statement.Segment> y = b.segment(c.transfer());
    if (x.isEmpty() || y.isEmpty()) {
      return true;
    }
    return Digests.firstDifference(x.get().digests(), y.get().digests()) == c.chunk()
        || x.get().count() != y.get().count();
  }

  /** A further blame-phase message (the third's disclosure). */
  void accept(Rep4Context context, Envelope e) {
    if (claim == null || proven != null || thirdDisclosure != null) {
      return;
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(e.data());
      if (in.get() != DISCLOSURE) {
        return;
      }
      Disclosure d = Disclosure.decode(in);
      if (d.discloser() == e.sender() && d.signedByDiscloser(context.committee())) {
        thirdDisclosure = d;
      }
    } catch (MalformedMessageException | BufferUnderflowException ex) {
      // an unreadable disclosure counts as none: the blame-phase timeout reports it
    }
  }

  List<Integer> awaited() {
    if (claim == null || thirdDisclosure != null) {
      return List.of();
    }
    RoundKind kind = claim.sender().kind();
    return List.of(Schedule.transfer(kind, claim.transfer(), claim.receiver().batch()).third());
  }

  <T> Optional<Outcome<T>> outcome(Rep4Context context) {
    if (proven != null) {
      return Optional.of(new Outcome.Aborted<>(new Accusation.Proven(Rep4Session.toBlame(proven))));
    }
    if (claim == null || thirdDisclosure == null) {
      return Optional.empty();
    }
    Rep4BlameVerifier verifier = new Rep4BlameVerifier(context.committee());
    for (int accused : new int[] {claim.sender().from(), claim.backup().from()}) {
      Rep4Evidence evidence =
          new Rep4Evidence.Conflict(
              accused,
              claim.transfer(),
              claim.chunk(),
              claim.sender(),
              claim.backup(),
              claim.receiver(),
              thirdDisclosure);
      if (verifier.reject(evidence).isEmpty()) {
        proven = evidence;
        return outcome(context);
      }
    }
    return Optional.of(
        new Outcome.Aborted<>(
            new Accusation.Unresolved(round, "conflict whose disclosures name nobody")));
  }

  private static ByteBuffer part(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new MalformedMessageException("bad part length " + length);
    }
    ByteBuffer one = in.slice(in.position(), length);
    in.position(in.position() + length);
    return one;
  }
}
