package io.parley.zk.recovery;

import io.parley.zk.computation.ShareVector;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.Sha256;
import io.parley.zk.messages.Signer;
import io.parley.zk.rep4.Shares;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Gives the member that takes a seat over (the <em>newcomer</em>, a standby member, ADR 0056) the
 * seat's shares of a vector of secret values, from the other members (the <em>holders</em>),
 * without showing it anything else: docs/spec/mpc-network.md section 7. The newcomer ends with
 * exactly what the seat's previous member held, so the two of them together know no more than one
 * seat.
 *
 * <ul>
 *   <li>Shamir (degree t, seat k at x_k = k + 1): step 0, each holder i deals the other holders the
 *       evaluations of R_i(x) = (x - x_k) Q_i(x), Q_i uniformly random of degree t - 1; step 1,
 *       holder m sends the newcomer g(x_m) = s_m + sum_i R_i(x_m). The g(x_m) lie on f + R, a
 *       polynomial of degree t equal to f at x_k and uniformly random elsewhere (one honest holder
 *       suffices); the newcomer interpolates f(x_k) from t + 1 of them and checks that the other n
 *       - t - 2 lie on the same polynomial.
 *   <li>Replicated over Z_2^64 (4 members, seat k holds x_j for j != k): step 2, holder i sends the
 *       components x_j, j not in {i, k}; each component the newcomer needs comes from its two
 *       holders, and the copies must be equal.
 * </ul>
 *
 * A disagreement aborts without a value ({@link Accusation.Unresolved}: with one deviating holder
 * and n - 1 = 3t points the newcomer cannot always say which); a holder silent past the step
 * timeout ends the session in a {@link Accusation.Timeout} that names it. Holders end once they
 * have sent their step-2 message. Pure: no I/O, threads or clocks. The newcomer's outcome maps each
 * item it asked for to its shares; a holder's is empty.
 */
public final class SeatRecovery implements ProtocolSession<Map<Integer, ShareVector>> {
  /** The sharing the recovered vector is in. */
  public enum Format {
    SHAMIR,
    REPLICATED
  }

  static final int NEED = 0;
  static final int DEAL = 1;
  static final int SEND = 2;

  /** Most items one session offers. */
  public static final int MAX_ITEMS = 1 << 20;

  private final Committee committee;
  private final int self;
  private final int seat;
  private final Bytes32 session;
  private final Signer signer;
  private final Format format;
  private final List<ShareVector> items;
  private final int[] lengths;
  private final BitSet lacking;
  private final IntFunction<FieldElement[][]> masks;
  private final Object[] received;
  private int length;
  private ShareVector held;
  private FieldElement[][] mask;
  private Outcome<Map<Integer, ShareVector>> outcome;
  private final List<Envelope> pending = new ArrayList<>();

  private SeatRecovery(
      Committee committee,
      int self,
      int seat,
      Bytes32 session,
      Signer signer,
      Format format,
      List<ShareVector> items,
      int[] lengths,
      BitSet lacking,
      IntFunction<FieldElement[][]> masks) {
    if (seat < 0 || seat >= committee.size() || self < 0 || self >= committee.size()) {
      throw new IllegalArgumentException("seat and self must be members of the committee");
    }
    if (format == Format.REPLICATED && committee.size() != 4) {
      throw new IllegalArgumentException("replicated shares are recovered among 4 members only");
    }
    this.committee = committee;
    this.self = self;
    this.seat = seat;
    this.session = session;
    this.signer = signer;
    if (lengths.length > MAX_ITEMS) {
      throw new IllegalArgumentException("at most " + MAX_ITEMS + " items per recovery");
    }
    this.format = format;
    this.items = items;
    this.lengths = lengths;
    this.lacking = lacking;
    this.masks = masks;
    this.received = new Object[committee.size()];
  }

  /**
   * The session of a holder: {@code items} are its shares of the vectors it offers, in the order
   * the newcomer numbers them (all Shamir or all replicated, of the lengths the newcomer expects);
   * the masks Q_i are drawn from {@code random} (Shamir only).
   */
  public static SeatRecovery holder(
      Committee committee,
      int self,
      int seat,
      Bytes32 session,
      Signer signer,
      List<ShareVector> items,
      RandomGenerator random) {
    int t = committee.threshold();
    return holder(
        committee,
        self,
        seat,
        session,
        signer,
        items,
        length -> {
          FieldElement[][] q = new FieldElement[length][t];
          for (FieldElement[] row : q) {
            for (int c = 0; c < t; c++) {
              row[c] = FieldElement.random(random);
            }
          }
          return q;
        });
  }

  /** A holder whose mask coefficients (Q_i's t coefficients per value) are given (tests). */
  static SeatRecovery holder(
      Committee committee,
      int self,
      int seat,
      Bytes32 session,
      Signer signer,
      List<ShareVector> items,
      IntFunction<FieldElement[][]> masks) {
    if (self == seat) {
      throw new IllegalArgumentException("the newcomer holds nothing to send");
    }
    Format format = Format.SHAMIR;
    int[] lengths = new int[items.size()];
    for (int i = 0; i < lengths.length; i++) {
      ShareVector v = items.get(i);
      lengths[i] = v.length();
      if (v instanceof ShareVector.Replicated r) {
        if (r.shares().self() != self) {
          throw new IllegalArgumentException("replicated shares of member " + r.shares().self());
        }
        format = Format.REPLICATED;
      }
    }
    return new SeatRecovery(
        committee, self, seat, session, signer, format, List.copyOf(items), lengths, null, masks);
  }

  /**
   * The session of the newcomer at {@code seat}: the holders offer items of {@code lengths} values;
   * it asks for those in {@code lacking}.
   */
  public static SeatRecovery newcomer(
      Committee committee,
      int seat,
      Bytes32 session,
      Signer signer,
      Format format,
      int[] lengths,
      BitSet lacking) {
    if (lacking.length() > lengths.length) {
      throw new IllegalArgumentException("asks for an item that is not offered");
    }
    return new SeatRecovery(
        committee,
        seat,
        seat,
        session,
        signer,
        format,
        null,
        lengths.clone(),
        (BitSet) lacking.clone(),
        null);
  }

  private boolean newcomer() {
    return self == seat;
  }

  @Override
  public List<Action> start() {
    List<Action> out = new ArrayList<>();
    if (!newcomer()) {
      out.add(new Action.ScheduleTimeout(NEED));
      return out;
    }
    byte[] bitmap = new byte[(lengths.length + 7) / 8];
    for (int i = lacking.nextSetBit(0); i >= 0; i = lacking.nextSetBit(i + 1)) {
      bitmap[i / 8] |= (byte) (1 << (i % 8));
      length += lengths[i];
    }
    for (int m = 0; m < committee.size(); m++) {
      if (m != seat) {
        out.add(send(m, NEED, new FieldElement[0], bitmap));
      }
    }
    if (lacking.isEmpty()) {
      outcome = new Outcome.Completed<>(Map.of(), Bytes32.ZERO, 1);
    } else {
      out.add(new Action.ScheduleTimeout(SEND));
    }
    return out;
  }

  /** A holder's answer to the newcomer's bitmap: its shares of the items asked for. */
  private List<Action> onNeed(byte[] bitmap) {
    if (bitmap.length != (lengths.length + 7) / 8) {
      outcome = aborted(NEED, "the newcomer's request has " + bitmap.length + " bytes");
      return List.of();
    }
    List<ShareVector> asked = new ArrayList<>();
    for (int i = 0; i < bitmap.length * 8; i++) {
      if ((bitmap[i / 8] >> (i % 8) & 1) != 0) {
        if (i >= lengths.length) {
          outcome = aborted(NEED, "the newcomer asks for item " + i + " of " + lengths.length);
          return List.of();
        }
        asked.add(items.get(i));
      }
    }
    if (asked.isEmpty()) {
      outcome = new Outcome.Completed<>(Map.of(), Bytes32.ZERO, 1);
      return List.of();
    }
    held = ShareVector.concat(asked);
    length = held.length();
    List<Action> out = new ArrayList<>();
    if (format == Format.REPLICATED) {
      out.add(send(seat, SEND, new FieldElement[0], ReplicatedRecovery.components(held, seat)));
      outcome = new Outcome.Completed<>(Map.of(), Bytes32.ZERO, 2);
      return out;
    }
    mask = masks.apply(length);
    for (int m = 0; m < committee.size(); m++) {
      if (m != self && m != seat) {
        out.add(send(m, DEAL, ShamirRecovery.maskAt(mask, seat, m), new byte[0]));
      }
    }
    received[self] = ShamirRecovery.maskAt(mask, seat, self);
    out.add(new Action.ScheduleTimeout(DEAL));
    out.addAll(sendIfDealt());
    return out;
  }

  @Override
  public List<Action> onMessage(Envelope e) {
    if (outcome != null
        || !e.computation().equals(session)
        || e.recipient() != self
        || e.kind() != Kind.RECOVER
        || e.sender() == self
        || e.sender() < 0
        || e.sender() >= committee.size()) {
      return List.of();
    }
    if (!newcomer() && held == null) {
      // a holder waits for the newcomer's request first (deals that arrive early wait too)
      if (e.sender() == seat && e.step() == NEED && committee.signedBySender(e)) {
        List<Action> out = onNeed(e.data());
        for (Envelope early : pending) {
          out.addAll(onMessage(early));
        }
        pending.clear();
        return out;
      }
      if (e.step() == DEAL && e.sender() != seat && pending.size() < committee.size()) {
        pending.add(e);
      }
      return List.of();
    }
    if (e.sender() == seat
        || received[e.sender()] != null
        || e.step() != (newcomer() ? SEND : DEAL)
        || !committee.signedBySender(e)) {
      return List.of();
    }
    Object value = newcomer() && format == Format.REPLICATED ? e.data() : e.values();
    boolean fits =
        value instanceof byte[] b
            ? b.length == ReplicatedRecovery.bytes(length)
            : ((FieldElement[]) value).length == length;
    if (!fits) {
      outcome =
          aborted(e.step(), "member " + e.sender() + " sent a recovery message of the wrong size");
      return List.of();
    }
    received[e.sender()] = value;
    return newcomer() ? finishIfComplete() : sendIfDealt();
  }

  private List<Action> sendIfDealt() {
    for (int m = 0; m < committee.size(); m++) {
      if (m != seat && received[m] == null) {
        return List.of();
      }
    }
    FieldElement[] g = ((ShareVector.Field) held).shares();
    if (g.length != length) {
      throw new IllegalStateException("held shares changed length");
    }
    for (int m = 0; m < committee.size(); m++) {
      if (m != seat) {
        FieldElement[] r = (FieldElement[]) received[m];
        for (int e = 0; e < length; e++) {
          g[e] = g[e].add(r[e]);
        }
      }
    }
    outcome = new Outcome.Completed<>(Map.of(), Bytes32.ZERO, 3);
    return List.of(send(seat, SEND, g, new byte[0]));
  }

  private List<Action> finishIfComplete() {
    for (int m = 0; m < committee.size(); m++) {
      if (m != seat && received[m] == null) {
        return List.of();
      }
    }
    Optional<ShareVector> shares =
        format == Format.SHAMIR
            ? ShamirRecovery.interpolate(received, seat, committee.threshold(), length)
            : ReplicatedRecovery.assemble(received, seat, length);
    if (shares.isEmpty()) {
      outcome = aborted(SEND, "the holders' recovery messages disagree");
      return List.of();
    }
    Map<Integer, ShareVector> out = new TreeMap<>();
    int at = 0;
    for (int i = lacking.nextSetBit(0); i >= 0; i = lacking.nextSetBit(i + 1)) {
      out.put(i, slice(shares.get(), at, at + lengths[i]));
      at += lengths[i];
    }
    outcome = new Outcome.Completed<>(out, digest(), format == Format.SHAMIR ? 3 : 2);
    return List.of();
  }

  /** SHA-256 over what the newcomer received, in member order (its transcript). */
  private Bytes32 digest() {
    MessageDigest sha = Sha256.newDigest();
    for (Object r : received) {
      if (r instanceof byte[] b) {
        sha.update(b);
      } else if (r instanceof FieldElement[] v) {
        Sha256.update(sha, v);
      }
    }
    return Bytes32.wrap(sha.digest());
  }

  @Override
  public List<Action> onTimeout(int step) {
    if (outcome == null) {
      List<Integer> silent = new ArrayList<>();
      if (step == NEED) {
        silent.add(seat);
      } else {
        for (int m = 0; m < committee.size(); m++) {
          if (m != seat && m != self && received[m] == null) {
            silent.add(m);
          }
        }
      }
      outcome = new Outcome.Aborted<>(new Accusation.Timeout(step, silent));
    }
    return List.of();
  }

  private static ShareVector slice(ShareVector v, int from, int to) {
    return switch (v) {
      case ShareVector.Field f ->
          new ShareVector.Field(java.util.Arrays.copyOfRange(f.shares(), from, to));
      case ShareVector.Replicated r -> new ShareVector.Replicated(r.shares().slice(from, to));
    };
  }

  @Override
  public Optional<Outcome<Map<Integer, ShareVector>>> outcome() {
    return Optional.ofNullable(outcome);
  }

  private Action send(int to, int step, FieldElement[] values, byte[] data) {
    return new Action.Send(
        to,
        signer.sign(
            new Envelope(session, step, self, to, Kind.RECOVER, values, data, Optional.empty())));
  }

  private static Outcome<Map<Integer, ShareVector>> aborted(int step, String reason) {
    return new Outcome.Aborted<>(new Accusation.Unresolved(step, "seat recovery: " + reason));
  }

  /** Replicated components as 8-byte little-endian words. */
  static final class ReplicatedRecovery {
    private ReplicatedRecovery() {}

    static int bytes(int length) {
      return 2 * 8 * length;
    }

    /** Holder i's message: components x_j, j not in {i, seat}, in increasing j. */
    static byte[] components(ShareVector held, int seat) {
      Shares shares = ((ShareVector.Replicated) held).shares();
      ByteBuffer b = ByteBuffer.allocate(bytes(shares.length())).order(ByteOrder.LITTLE_ENDIAN);
      for (int j = 0; j < 4; j++) {
        if (j != seat && j != shares.self()) {
          for (long w : shares.componentCopy(j)) {
            b.putLong(w);
          }
        }
      }
      return b.array();
    }

    /** Component j as holder i sent it. */
    static long[] component(byte[] message, int holder, int seat, int j, int length) {
      int slot = 0;
      for (int c = 0; c < j; c++) {
        if (c != seat && c != holder) {
          slot++;
        }
      }
      ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
      long[] out = new long[length];
      for (int e = 0; e < length; e++) {
        out[e] = b.getLong((slot * length + e) * 8);
      }
      return out;
    }

    static Optional<ShareVector> assemble(Object[] received, int seat, int length) {
      long[][] components = new long[4][];
      for (int j = 0; j < 4; j++) {
        if (j == seat) {
          continue;
        }
        long[] first = null;
        for (int i = 0; i < 4; i++) {
          if (i == seat || i == j) {
            continue;
          }
          long[] copy = component((byte[]) received[i], i, seat, j, length);
          if (first == null) {
            first = copy;
          } else if (!java.util.Arrays.equals(first, copy)) {
            return Optional.empty();
          }
        }
        components[j] = first;
      }
      return Optional.of(new ShareVector.Replicated(Shares.of(seat, components)));
    }
  }
}
