package io.parley.zk.rep4;

import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.session.Action;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What follows a conflict or an equivocation: nobody sends any further round message. For a
 * conflict on a transfer to receiver k the receiver broadcasts CONFLICT (the two signed statements,
 * transfer, chunk and its signed disclosure); the transfer's third party, on a valid CONFLICT,
 * broadcasts its signed DISCLOSURE (also while it handles a conflict of its own: a cheater may
 * tamper with several transfers at once); everyone holding a claim and the matching disclosure
 * builds {@link Rep4Evidence.Conflict}, checks it with {@link Rep4BlameVerifier} and aborts with
 * the proven blame. An equivocation is proven at once (EVIDENCE). Blame-phase envelopes have kind
 * BLAME and data tag u8 (1 conflict, 2 disclosure, 3 evidence).
 */
final class BlamePhase {
  private static final int CONFLICT = 1;
  private static final int DISCLOSURE = 2;
  private static final int EVIDENCE = 3;
  private static final int MAX_HELD = 16;

  private record Claim(
      int transfer, int chunk, Statement sender, Statement backup, TransferDisclosure receiver) {
    Schedule.Transfer schedule() {
      return Schedule.transfer(sender.kind(), transfer, receiver.batch());
    }

    boolean matches(TransferDisclosure d) {
      return d.round() == sender.round()
          && d.kind() == sender.kind()
          && d.transfer() == transfer
          && d.chunk() == chunk
          && d.discloser() == schedule().third();
    }
  }

  private final List<Claim> claims = new ArrayList<>();
  private final List<TransferDisclosure> disclosures = new ArrayList<>();
  private Rep4Evidence proven;
  private int round = -1;
  private String unresolved;

  boolean active() {
    return proven != null || !claims.isEmpty();
  }

  int round() {
    return round;
  }

  private void activate(int at, List<Action> actions) {
    if (round < 0) {
      round = at;
      actions.add(new Action.ScheduleTimeout(Rep4Session.blameStep(at)));
    }
  }

  /** This party is the receiver of a conflicting transfer. */
  void ownConflict(
      Rep4Context context,
      ExchangeRound done,
      ExchangeRound.Result.Conflict c,
      List<Action> actions,
      Rep4Session<?> session) {
    TransferDisclosure.Content content = done.disclose(c.transfer(), c.chunk()).orElseThrow();
    TransferDisclosure mine =
        TransferDisclosure.sign(
            context.computation(),
            done.round(),
            done.kind(),
            context.self(),
            c.transfer(),
            c.chunk(),
            content,
            context.signingKey().orElseThrow());
    claims.add(new Claim(c.transfer(), c.chunk(), c.sender(), c.backup(), mine));
    byte[] s = c.sender().encode();
    byte[] b = c.backup().encode();
    byte[] d = mine.encode();
    ByteBuffer out = ByteBuffer.allocate(1 + 8 + 12 + s.length + b.length + d.length);
    out.put((byte) CONFLICT).putInt(c.transfer()).putInt(c.chunk());
    out.putInt(s.length).put(s).putInt(b.length).put(b).putInt(d.length).put(d);
    broadcast(session, context, done.round(), out.array(), actions);
    activate(done.round(), actions);
  }

  void ownEvidence(
      Rep4Context context, int at, Rep4Evidence e, List<Action> actions, Rep4Session<?> session) {
    proven = e;
    byte[] body = e.encode();
    byte[] data = ByteBuffer.allocate(1 + body.length).put((byte) EVIDENCE).put(body).array();
    broadcast(session, context, at, data, actions);
    activate(at, actions);
  }

  private static void broadcast(
      Rep4Session<?> session, Rep4Context context, int at, byte[] data, List<Action> actions) {
    for (int t = 0; t < 4; t++) {
      if (t != context.self()) {
        actions.add(
            new Action.Send(
                t,
                session.envelope(Rep4Session.blameStep(at), Envelope.BROADCAST, Kind.BLAME, data)));
      }
    }
  }

  /** Any blame-phase message; the rounds (current and previous) serve the third's disclosure. */
  void onMessage(
      Rep4Context context,
      Envelope e,
      List<ExchangeRound> rounds,
      List<Action> actions,
      Rep4Session<?> session) {
    try {
      ByteBuffer in = ByteBuffer.wrap(e.data());
      int tag = in.get();
      switch (tag) {
        case EVIDENCE -> {
          byte[] body = new byte[in.remaining()];
          in.get(body);
          Rep4Evidence evidence = Rep4Evidence.decode(body);
          if (proven == null
              && evidence.computation().equals(context.computation())
              && new Rep4BlameVerifier(context.committee()).reject(evidence).isEmpty()) {
            proven = evidence;
            activate(e.step() - Rep4Session.BLAME_STEP_BASE, actions);
          }
        }
        case DISCLOSURE -> {
          TransferDisclosure d = TransferDisclosure.decode(in);
          if (d.discloser() == e.sender()
              && disclosures.size() < MAX_HELD
              && d.computation().equals(context.computation())
              && d.signedByDiscloser(context.committee())) {
            disclosures.add(d);
          }
        }
        case CONFLICT -> onClaim(context, in, e.sender(), rounds, actions, session);
        default -> {}
      }
    } catch (MalformedMessageException | BufferUnderflowException | IllegalArgumentException ex) {
      // unreadable blame-phase data is ignored; the blame-phase timeout reports missing parts
    }
  }

  private void onClaim(
      Rep4Context context,
      ByteBuffer in,
      int claimant,
      List<ExchangeRound> rounds,
      List<Action> actions,
      Rep4Session<?> session) {
    int transfer = in.getInt();
    int chunk = in.getInt();
    Claim claim =
        new Claim(
            transfer,
            chunk,
            Statement.decode(part(in)),
            Statement.decode(part(in)),
            TransferDisclosure.decode(part(in)));
    if (claims.size() >= MAX_HELD
        || claims.stream().anyMatch(c -> c.receiver().discloser() == claimant)
        || !validClaim(context, claim, claimant)) {
      return;
    }
    claims.add(claim);
    int at = claim.sender().round();
    activate(at, actions);
    if (claim.schedule().third() != context.self()) {
      return;
    }
    Optional<TransferDisclosure.Content> content =
        rounds.stream()
            .filter(r -> r != null && r.round() == at && r.kind() == claim.sender().kind())
            .findFirst()
            .flatMap(r -> r.disclose(transfer, chunk));
    if (content.isEmpty()) {
      return;
    }
    TransferDisclosure mine =
        TransferDisclosure.sign(
            context.computation(),
            at,
            claim.sender().kind(),
            context.self(),
            transfer,
            chunk,
            content.get(),
            context.signingKey().orElseThrow());
    disclosures.add(mine);
    byte[] d = mine.encode();
    broadcast(
        session,
        context,
        at,
        ByteBuffer.allocate(1 + d.length).put((byte) DISCLOSURE).put(d).array(),
        actions);
  }

  /** Valid: both statements signed by the schedule's sender and backup, and they differ. */
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
    Schedule.Transfer tr = c.schedule();
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
        || !c.receiver().computation().equals(context.computation())
        || !s.signedBySender(context.committee())
        || !b.signedBySender(context.committee())
        || !c.receiver().signedByDiscloser(context.committee())) {
      return false;
    }
    Optional<Statement.Segment> x = s.segment(c.transfer());
    Optional<Statement.Segment> y = b.segment(c.transfer());
    if (x.isEmpty() || y.isEmpty()) {
      // an honest statement always carries its transfer; a shapeless one was never accepted
      return false;
    }
    return x.get().count() != y.get().count()
        || Digests.firstDifference(x.get().digests(), y.get().digests()) == c.chunk();
  }

  List<Integer> awaited() {
    return claims.stream()
        .filter(c -> disclosures.stream().noneMatch(c::matches))
        .map(c -> c.schedule().third())
        .distinct()
        .toList();
  }

  <T> Optional<Outcome<T>> outcome(Rep4Context context) {
    if (proven == null) {
      Rep4BlameVerifier verifier = new Rep4BlameVerifier(context.committee());
      for (Claim claim : claims) {
        for (TransferDisclosure third : disclosures) {
          if (!claim.matches(third)) {
            continue;
          }
          for (int accused : new int[] {claim.sender().from(), claim.backup().from()}) {
            Rep4Evidence evidence =
                new Rep4Evidence.Conflict(
                    accused,
                    claim.transfer(),
                    claim.chunk(),
                    claim.sender(),
                    claim.backup(),
                    claim.receiver(),
                    third);
            if (verifier.reject(evidence).isEmpty()) {
              proven = evidence;
            }
          }
          if (proven == null) {
            unresolved = "conflict whose disclosures name nobody";
          }
        }
      }
    }
    if (proven != null) {
      return Optional.of(new Outcome.Aborted<>(new Accusation.Proven(Rep4Session.toBlame(proven))));
    }
    if (unresolved != null && awaited().isEmpty()) {
      return Optional.of(new Outcome.Aborted<>(new Accusation.Unresolved(round, unresolved)));
    }
    return Optional.empty();
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
