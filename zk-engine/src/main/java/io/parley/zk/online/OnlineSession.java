package io.parley.zk.online;

import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameCodec;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.OpeningBlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.messages.Sha256;
import io.parley.zk.messages.Signer;
import io.parley.zk.protocol.Program;
import io.parley.zk.session.Action;
import io.parley.zk.sharing.ReedSolomon;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One member's run of a {@link Program}: a sans-I/O state machine (events in, {@link Action}s out;
 * no clock, socket or thread). Each round it broadcasts its signed shares of the requested opening
 * and, once every member's envelope for that step has arrived, Reed-Solomon decodes every value.
 *
 * <p>Threat model: at most t = (n-1)/3 members malicious. In {@link Mode#MALICIOUS} a wrong share
 * is located in the round it arrives; the member stops at once (it sends nothing of the next
 * round), broadcasts the self-verifying {@link Blame.WrongShare} and aborts, so a member that adds
 * an offset never receives anything computed from it (the Brueggemann-Schneider late-check attack,
 * ePrint 2026/234, needs a later round). Unsigned or badly signed envelopes are dropped
 * (indistinguishable from silence); silence ends in {@link Accusation.Timeout} when the driver
 * fires the step's timeout. {@link Mode#SEMI_HONEST} only measures the cost of these checks: t+1
 * members send, nothing is signed or checked.
 */
public final class OnlineSession<T> implements io.parley.zk.session.ProtocolSession<T> {
  public enum Mode {
    MALICIOUS,
    SEMI_HONEST
  }

  /**
   * In malicious mode every member waits for every other, so no honest envelope is more than one
   * step ahead. In semi-honest mode members t+1..n-1 only listen and may lag further behind.
   */
  private static final int SEMI_HONEST_LOOKAHEAD = 4096;

  /**
   * Values per OPEN envelope: a round's opening travels as chunks of at most this many values, each
   * signed, so that the evidence of a wrong share is n envelopes of one chunk (at most 128 KiB
   * each), not a whole round.
   */
  public static final int CHUNK = 8192;

  private static final int MAX_CHUNKS = 1 << 16;

  private final Committee committee;
  private final int self;
  private final int n;
  private final int t;
  private final Bytes32 computation;
  private final Signer signer;
  private final Mode mode;
  private final boolean attributeErrors;
  private final ReedSolomon decoder;
  private final BlameVerifier verifier;

  /** step -> chunk -> envelope by sender. */
  private final Map<Integer, Map<Integer, Envelope[]>> received = new HashMap<>();

  /**
   * Without attribution (a check of user-dealt sharings): every decoded single-chunk step's n
   * envelopes, in step order, for the disclosure a located member posts.
   */
  private final List<Envelope> openings = new ArrayList<>();

  private Program<T> program;
  private int step;
  private Envelope[] own;
  private FieldElement[] pending;
  private boolean[] chunkDone = new boolean[0];
  private int chunksLeft;
  private Bytes32 transcript = Bytes32.ZERO;
  private Optional<Outcome<T>> outcome = Optional.empty();

  public OnlineSession(
      Committee committee,
      int self,
      Bytes32 computation,
      Program<T> program,
      Signer signer,
      Mode mode) {
    this(committee, self, computation, program, signer, mode, true);
  }

  /**
   * With {@code attributeErrors} false, a wrong share is reported as {@link
   * Accusation.InconsistentInput} instead of a blame: for checking sharings dealt by users, where a
   * bad share may be the dealer's fault.
   */
  public OnlineSession(
      Committee committee,
      int self,
      Bytes32 computation,
      Program<T> program,
      Signer signer,
      Mode mode,
      boolean attributeErrors) {
    this.attributeErrors = attributeErrors;
    this.committee = committee;
    this.self = self;
    this.n = committee.size();
    this.t = committee.threshold();
    this.computation = computation;
    this.program = program;
    this.signer = signer;
    this.mode = mode;
    this.decoder = new ReedSolomon(n, t);
    this.verifier = new OpeningBlameVerifier(committee);
  }

  @Override
  public Optional<Outcome<T>> outcome() {
    return outcome;
  }

  public int step() {
    return step;
  }

  @Override
  public List<Action> start() {
    return advance();
  }

  private boolean sends(int member) {
    return mode == Mode.MALICIOUS || member <= t;
  }

  private List<Action> advance() {
    List<Action> actions = new ArrayList<>();
    while (true) {
      if (program instanceof Program.Done<T> done) {
        outcome = Optional.of(new Outcome.Completed<>(done.value(), transcript, step));
        return actions;
      }
      FieldElement[] shares = ((Program.Open<T>) program).shares();
      int chunks = Math.max(1, (shares.length + CHUNK - 1) / CHUNK);
      own = new Envelope[chunks];
      pending = new FieldElement[shares.length];
      chunkDone = new boolean[chunks];
      chunksLeft = chunks;
      for (int c = 0; c < chunks; c++) {
        FieldElement[] part =
            Arrays.copyOfRange(shares, c * CHUNK, Math.min(shares.length, (c + 1) * CHUNK));
        Envelope unsigned =
            Envelope.unsigned(computation, step, self, Envelope.BROADCAST, Kind.OPEN, part)
                .withData(ByteBuffer.allocate(4).putInt(c).array());
        own[c] = mode == Mode.MALICIOUS ? signer.sign(unsigned) : unsigned;
        if (sends(self)) {
          for (int j = 0; j < n; j++) {
            if (j != self) {
              actions.add(new Action.Send(j, own[c]));
            }
          }
        }
      }
      actions.add(new Action.ScheduleTimeout(step));
      for (int c = 0; c < chunks && outcome.isEmpty(); c++) {
        tryDecode(c, actions);
      }
      if (chunksLeft > 0 || outcome.isPresent()) {
        return actions;
      }
      finishStep(pending);
    }
  }

  static int chunkOf(Envelope e) {
    if (e.data().length != 4) {
      return -1;
    }
    int chunk = ByteBuffer.wrap(e.data()).getInt();
    return chunk >= 0 && chunk < MAX_CHUNKS ? chunk : -1;
  }

  private void finishStep(FieldElement[] values) {
    if (mode == Mode.MALICIOUS) {
      MessageDigest sha = Sha256.newDigest();
      sha.update(transcript.toArrayUnsafe());
      sha.update(ByteBuffer.allocate(4).putInt(step).array());
      Sha256.update(sha, values);
      transcript = Bytes32.wrap(sha.digest());
    }
    received.remove(step);
    program = ((Program.Open<T>) program).next().apply(values);
    step++;
  }

  @Override
  public List<Action> onMessage(Envelope e) {
    if (outcome.isPresent() || !e.computation().equals(computation)) {
      return List.of();
    }
    if (e.kind() == Kind.BLAME) {
      return onBlameNotice(e);
    }
    boolean acceptable =
        e.kind() == Kind.OPEN
            && e.recipient() == Envelope.BROADCAST
            && e.sender() >= 0
            && e.sender() < n
            && e.sender() != self
            && sends(e.sender())
            && e.step() >= step
            && e.step() <= step + (mode == Mode.MALICIOUS ? 1 : SEMI_HONEST_LOOKAHEAD);
    if (!acceptable || (mode == Mode.MALICIOUS && !committee.signedBySender(e))) {
      return List.of();
    }
    int chunk = chunkOf(e);
    if (chunk < 0) {
      return List.of();
    }
    Envelope[] slot =
        received
            .computeIfAbsent(e.step(), s -> new HashMap<>())
            .computeIfAbsent(chunk, c -> new Envelope[n]);
    Envelope previous = slot[e.sender()];
    if (previous != null) {
      if (previous.sameContent(e)) {
        return List.of();
      }
      return abortWith(new Blame.Equivocation(e.sender(), previous, e));
    }
    slot[e.sender()] = e;
    if (e.step() != step || program instanceof Program.Done<T> || chunk >= chunkDone.length) {
      return List.of();
    }
    List<Action> actions = new ArrayList<>();
    tryDecode(chunk, actions);
    if (chunksLeft == 0 && outcome.isEmpty()) {
      finishStep(pending);
      actions.addAll(advance());
    }
    return actions;
  }

  @Override
  public List<Action> onTimeout(int timedOutStep) {
    if (outcome.isPresent() || timedOutStep != step) {
      return List.of();
    }
    Map<Integer, Envelope[]> chunks = received.getOrDefault(step, Map.of());
    List<Integer> silent = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      for (int c = 0; c < chunkDone.length; c++) {
        Envelope[] slot = chunks.get(c);
        if (j != self && sends(j) && (slot == null || slot[j] == null)) {
          silent.add(j);
          break;
        }
      }
    }
    outcome = Optional.of(new Outcome.Aborted<>(new Accusation.Timeout(step, silent)));
    return List.of();
  }

  private List<Action> onBlameNotice(Envelope e) {
    try {
      Blame blame = BlameCodec.decode(e.data());
      if (blame.computation().equals(computation) && verifier.verify(blame).valid()) {
        outcome = Optional.of(new Outcome.Aborted<>(new Accusation.Proven(blame)));
      }
    } catch (MalformedMessageException ignored) {
      // An undecodable notice proves nothing; it is dropped like any malformed message.
    }
    return List.of();
  }

  private List<Action> abortWith(Blame blame) {
    outcome = Optional.of(new Outcome.Aborted<>(new Accusation.Proven(blame)));
    Envelope notice =
        signer.sign(
            Envelope.unsigned(
                    computation, step, self, Envelope.BROADCAST, Kind.BLAME, new FieldElement[0])
                .withData(BlameCodec.encode(blame)));
    List<Action> actions = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      if (j != self) {
        actions.add(new Action.Send(j, notice));
      }
    }
    return actions;
  }

  /** Decodes chunk c of the current step once all its envelopes are in; may abort. */
  private void tryDecode(int c, List<Action> actions) {
    if (chunkDone[c]) {
      return;
    }
    Envelope[] slot =
        received
            .computeIfAbsent(step, s -> new HashMap<>())
            .computeIfAbsent(c, x -> new Envelope[n]);
    slot[self] = own[c];
    for (int j = 0; j < n; j++) {
      if (sends(j) && slot[j] == null) {
        return;
      }
    }
    ChunkDecoding.Result result =
        ChunkDecoding.decode(
            slot, own[c].values().length, mode == Mode.MALICIOUS, decoder, pending, c * CHUNK);
    switch (result) {
      case ChunkDecoding.Decoded d -> {
        if (!attributeErrors) {
          openings.addAll(List.of(slot));
        }
        markDone(c);
      }
      case ChunkDecoding.WrongWidth w -> {
        // between honest members in semi-honest mode this cannot happen; the timeout reports it
        if (mode == Mode.MALICIOUS) {
          actions.addAll(abortWith(new Blame.WrongShare(w.member(), 0, List.of(slot))));
        }
      }
      case ChunkDecoding.WrongColumn w -> reportWrongColumn(slot, w.column(), w.shares(), actions);
    }
  }

  private void markDone(int c) {
    chunkDone[c] = true;
    chunksLeft--;
    received.get(step).remove(c);
  }

  private void reportWrongColumn(
      Envelope[] slot, int v, FieldElement[] column, List<Action> actions) {
    if (!attributeErrors) {
      List<Integer> members = decoder.decode(column).map(d -> d.wrongParties()).orElse(List.of());
      List<Envelope> all = new ArrayList<>(openings);
      all.addAll(List.of(slot));
      outcome =
          Optional.of(new Outcome.Aborted<>(new Accusation.InconsistentInput(step, members, all)));
      return;
    }
    Optional<Integer> wrong =
        decoder.decode(column).flatMap(d -> d.wrongParties().stream().findFirst());
    if (wrong.isEmpty()) {
      outcome =
          Optional.of(
              new Outcome.Aborted<>(
                  new Accusation.Unresolved(step, "more than t wrong shares in one opening")));
      return;
    }
    actions.addAll(abortWith(new Blame.WrongShare(wrong.get(), v, List.of(slot))));
  }
}
