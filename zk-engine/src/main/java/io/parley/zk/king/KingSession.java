package io.parley.zk.king;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameCodec;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.messages.Sha256;
import io.parley.zk.protocol.Program;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One member's run of a {@link Program} whose openings go through kings ({@link KingOpener}): the
 * same programs as {@link io.parley.zk.online.OnlineSession} (Beaver multiplication, comparisons,
 * circuits), with 2 values sent per opened value instead of 2(n-1) and three steps per opening
 * instead of one. Sans-I/O: events in, {@link Action}s out.
 *
 * <p>Threat model as in ADR 0020: at most t of n = 3t+1 members malicious. Nothing of opening s+1
 * is sent before every check of opening s has passed, so a member that deviates never receives a
 * value computed from its deviation (the late-check attack of Brueggemann and Schneider, ePrint
 * 2026/234). Without a key (semi-honest mode) nothing is signed or checked.
 */
public final class KingSession<T> implements ProtocolSession<T> {
  private final Committee committee;
  private final int self;
  private final Bytes32 computation;
  private final int degree;
  private final Optional<PrivateKey> key;
  private final BlameVerifier verifier;

  /** Envelopes of the next opening that arrived before this member finished the current one. */
  private final Map<Integer, List<Envelope>> early = new HashMap<>();

  /** Envelopes buffered per sender for the next opening (at most its chunks plus a confirm). */
  private final int[] earlyBySender;

  private Program<T> program;
  private int step;
  private KingOpener opener;
  private Bytes32 transcript = Bytes32.ZERO;
  private Optional<Outcome<T>> outcome = Optional.empty();
  private List<Envelope> detected = List.of();

  /**
   * @param key the member's genesis key (malicious mode), or empty for the semi-honest mode that
   *     only measures the cost of the checks
   */
  public KingSession(
      Committee committee,
      int self,
      Bytes32 computation,
      Program<T> program,
      Optional<PrivateKey> key) {
    this(committee, self, computation, program, key, committee.threshold());
  }

  /** Openings of degree-{@code degree} sharings (2t for preprocessing products). */
  public KingSession(
      Committee committee,
      int self,
      Bytes32 computation,
      Program<T> program,
      Optional<PrivateKey> key,
      int degree) {
    if (degree < committee.threshold() || degree > 2 * committee.threshold()) {
      throw new IllegalArgumentException("degree must be between t and 2t");
    }
    this.committee = committee;
    this.self = self;
    this.computation = computation;
    this.program = program;
    this.key = key;
    this.degree = degree;
    this.verifier = KingBlameVerifier.of(committee);
    this.earlyBySender = new int[committee.size()];
  }

  @Override
  public Optional<Outcome<T>> outcome() {
    return outcome;
  }

  /** Openings completed so far. */
  public int step() {
    return step;
  }

  @Override
  public List<Action> start() {
    return advance(new ArrayList<>());
  }

  private List<Action> advance(List<Action> actions) {
    while (outcome.isEmpty()) {
      if (opener != null) {
        if (opener.failure().isPresent()) {
          abort(opener.failure().get(), actions);
          return actions;
        }
        if (opener.result().isEmpty()) {
          return actions;
        }
        FieldElement[] values = opener.result().get();
        MessageDigest sha = Sha256.newDigest();
        sha.update(transcript.toArrayUnsafe());
        sha.update(opener.digest().toArrayUnsafe());
        transcript = Bytes32.wrap(sha.digest());
        opener = null;
        program = ((Program.Open<T>) program).next().apply(values);
        step++;
      }
      if (program instanceof Program.Done<T> done) {
        outcome = Optional.of(new Outcome.Completed<>(done.value(), transcript, step));
        return actions;
      }
      opener =
          new KingOpener(
              committee,
              self,
              computation,
              step,
              degree,
              key,
              ((Program.Open<T>) program).shares());
      actions.addAll(opener.start());
      List<Envelope> waiting = early.remove(step);
      java.util.Arrays.fill(earlyBySender, 0);
      if (waiting != null) {
        for (Envelope e : waiting) {
          actions.addAll(opener.onEnvelope(e));
        }
      }
    }
    return actions;
  }

  @Override
  public List<Action> onMessage(Envelope e) {
    if (outcome.isPresent() || !e.computation().equals(computation)) {
      return List.of();
    }
    if (e.kind() == Kind.BLAME) {
      onBlameNotice(e);
      return List.of();
    }
    if (e.kind() != Kind.KING_SHARES
        && e.kind() != Kind.KING_VALUES
        && e.kind() != Kind.KING_CONFIRM) {
      return List.of();
    }
    int opening = Math.floorDiv(e.step(), 3);
    if (opening == step + 1) {
      // a faster member is one opening ahead: an honest one sends at most one envelope per chunk
      // (its shares to this king, or its values) and one confirm
      int sender = e.sender();
      if (sender >= 0
          && sender < earlyBySender.length
          && earlyBySender[sender] <= KingData.MAX_CHUNKS) {
        earlyBySender[sender]++;
        early.computeIfAbsent(opening, s -> new ArrayList<>()).add(e);
      }
      return List.of();
    }
    if (opening != step || opener == null) {
      return List.of();
    }
    List<Action> actions = new ArrayList<>(opener.onEnvelope(e));
    return advance(actions);
  }

  @Override
  public List<Action> onTimeout(int timedOutStep) {
    if (outcome.isPresent() || opener == null || Math.floorDiv(timedOutStep, 3) != step) {
      return List.of();
    }
    outcome =
        Optional.of(new Outcome.Aborted<>(new Accusation.Timeout(timedOutStep, opener.silent())));
    return List.of();
  }

  private void onBlameNotice(Envelope e) {
    try {
      Blame blame = BlameCodec.decode(e.data());
      if (blame.computation().equals(computation) && verifier.verify(blame).valid()) {
        outcome = Optional.of(new Outcome.Aborted<>(new Accusation.Proven(blame)));
      }
    } catch (MalformedMessageException ignored) {
      // an undecodable notice proves nothing
    }
  }

  /**
   * When the session aborted on a word off the degree-2t code: the n signed envelopes showing it
   * (for a replay, {@link Dn07Session}); empty otherwise.
   */
  public List<Envelope> detected() {
    return detected;
  }

  private void abort(KingOpener.Failure failure, List<Action> actions) {
    outcome = Optional.of(new Outcome.Aborted<>(failure.accusation()));
    detected = failure.detected();
    failure
        .blame()
        .ifPresent(
            blame -> {
              Envelope notice =
                  Envelope.unsigned(
                          computation,
                          3 * step,
                          self,
                          Envelope.BROADCAST,
                          Kind.BLAME,
                          new FieldElement[0])
                      .withData(BlameCodec.encode(blame));
              Envelope signed =
                  notice.withSignature(
                      io.parley.base.crypto.Secp256k1.sign(notice.digest(), key.get()));
              for (int j = 0; j < committee.size(); j++) {
                if (j != self) {
                  actions.add(new Action.Send(j, signed));
                }
              }
            });
  }
}
