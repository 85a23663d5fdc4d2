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
import java.util.List;
import java.util.Optional;
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
 *   <li>Replicated over Z_2^64 (4 members, seat k holds x_j for j != k): step 1, holder i sends the
 *       components x_j, j not in {i, k}; each component the newcomer needs comes from its two
 *       holders, and the copies must be equal.
 * </ul>
 *
 * A disagreement aborts without a value ({@link Accusation.Unresolved}: with one deviating holder
 * and n - 1 = 3t points the newcomer cannot always say which); a holder silent past the step
 * timeout ends the session in a {@link Accusation.Timeout} that names it. Holders end once they
 * have sent their step-1 message. Pure: no I/O, threads or clocks.
 */
public final class SeatRecovery implements ProtocolSession<Optional<ShareVector>> {
  /** The sharing the recovered vector is in. */
  public enum Format {
    SHAMIR,
    REPLICATED
  }

  static final int DEAL = 0;
  static final int SEND = 1;

  private final Committee committee;
  private final int self;
  private final int seat;
  private final Bytes32 session;
  private final Signer signer;
  private final Format format;
  private final int length;
  private final ShareVector held;
  private final FieldElement[][] masks;
  private final Object[] received;
  private Outcome<Optional<ShareVector>> outcome;

  private SeatRecovery(
      Committee committee,
      int self,
      int seat,
      Bytes32 session,
      Signer signer,
      Format format,
      int length,
      ShareVector held,
      FieldElement[][] masks) {
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
    this.format = format;
    this.length = length;
    this.held = held;
    this.masks = masks;
    this.received = new Object[committee.size()];
  }

  /**
   * The session of a holder: {@code held} is its shares of the vector (Shamir or replicated); the
   * masks Q_i are drawn from {@code random} (Shamir only).
   */
  public static SeatRecovery holder(
      Committee committee,
      int self,
      int seat,
      Bytes32 session,
      Signer signer,
      ShareVector held,
      RandomGenerator random) {
    int t = committee.threshold();
    FieldElement[][] masks = null;
    if (held instanceof ShareVector.Field) {
      masks = new FieldElement[held.length()][t];
      for (FieldElement[] q : masks) {
        for (int c = 0; c < t; c++) {
          q[c] = FieldElement.random(random);
        }
      }
    }
    return holder(committee, self, seat, session, signer, held, masks);
  }

  /** A holder with its mask coefficients given (Q_i's t coefficients per value; tests). */
  static SeatRecovery holder(
      Committee committee,
      int self,
      int seat,
      Bytes32 session,
      Signer signer,
      ShareVector held,
      FieldElement[][] masks) {
    if (self == seat) {
      throw new IllegalArgumentException("the newcomer holds nothing to send");
    }
    Format format = held instanceof ShareVector.Field ? Format.SHAMIR : Format.REPLICATED;
    if (held instanceof ShareVector.Replicated r && r.shares().self() != self) {
      throw new IllegalArgumentException("replicated shares of member " + r.shares().self());
    }
    return new SeatRecovery(
        committee, self, seat, session, signer, format, held.length(), held, masks);
  }

  /** The session of the newcomer at {@code seat}, recovering {@code length} values. */
  public static SeatRecovery newcomer(
      Committee committee, int seat, Bytes32 session, Signer signer, Format format, int length) {
    return new SeatRecovery(committee, seat, seat, session, signer, format, length, null, null);
  }

  private boolean newcomer() {
    return self == seat;
  }

  @Override
  public List<Action> start() {
    List<Action> out = new ArrayList<>();
    if (newcomer()) {
      out.add(new Action.ScheduleTimeout(SEND));
    } else if (format == Format.REPLICATED) {
      out.add(send(seat, SEND, new FieldElement[0], ReplicatedRecovery.components(held, seat)));
      outcome = new Outcome.Completed<>(Optional.empty(), Bytes32.ZERO, 1);
    } else {
      for (int m = 0; m < committee.size(); m++) {
        if (m != self && m != seat) {
          out.add(send(m, DEAL, ShamirRecovery.maskAt(masks, seat, m), new byte[0]));
        }
      }
      received[self] = ShamirRecovery.maskAt(masks, seat, self);
      out.add(new Action.ScheduleTimeout(DEAL));
      out.addAll(sendIfDealt());
    }
    return out;
  }

  @Override
  public List<Action> onMessage(Envelope e) {
    if (outcome != null
        || !e.computation().equals(session)
        || e.recipient() != self
        || e.kind() != Kind.RECOVER
        || e.sender() == self
        || e.sender() == seat
        || e.sender() < 0
        || e.sender() >= committee.size()
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
    for (int m = 0; m < committee.size(); m++) {
      if (m != seat) {
        FieldElement[] r = (FieldElement[]) received[m];
        for (int e = 0; e < length; e++) {
          g[e] = g[e].add(r[e]);
        }
      }
    }
    outcome = new Outcome.Completed<>(Optional.empty(), Bytes32.ZERO, 2);
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
    outcome =
        shares.isPresent()
            ? new Outcome.Completed<>(shares, digest(), format == Format.SHAMIR ? 2 : 1)
            : aborted(SEND, "the holders' recovery messages disagree");
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
      for (int m = 0; m < committee.size(); m++) {
        if (m != seat && m != self && received[m] == null) {
          silent.add(m);
        }
      }
      outcome = new Outcome.Aborted<>(new Accusation.Timeout(step, silent));
    }
    return List.of();
  }

  @Override
  public Optional<Outcome<Optional<ShareVector>>> outcome() {
    return Optional.ofNullable(outcome);
  }

  private Action send(int to, int step, FieldElement[] values, byte[] data) {
    return new Action.Send(
        to,
        signer.sign(
            new Envelope(session, step, self, to, Kind.RECOVER, values, data, Optional.empty())));
  }

  private static Outcome<Optional<ShareVector>> aborted(int step, String reason) {
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
