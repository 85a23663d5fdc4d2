package io.parley.zk.inputs;

import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.EnvelopeCodec;
import io.parley.zk.messages.Kind;
import io.parley.zk.protocol.InputCheck;
import io.parley.zk.sharing.Decoding;
import io.parley.zk.sharing.ReedSolomon;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A Shamir member's disclosure after the consistency check of one dealt element located it
 * (secret-inputs.md section 6.1): the 2n signed OPEN envelopes of the check's two steps (rho, then
 * every member's w_j) and, checked by the caller against the sender's commitment c_j, what the
 * sender dealt it. With an honest sender the decoder never locates an honest member, so a located
 * member whose w_j follows from what it was dealt shows the sender's fault; one whose w_j does not
 * lied in the check. The verdict needs the committee's public keys only.
 */
public final class Disclosure {
  /** Whose fault the disclosure shows. */
  public enum Verdict {
    /** The member computed its w_j from what it was dealt and was located: inconsistent dealing. */
    SENDER,
    /** The member's signed w_j does not follow from what it was dealt: it lied in the check. */
    MEMBER
  }

  /** At most this many envelopes (2n for n up to 64). */
  private static final int MAX_ENVELOPES = 128;

  private Disclosure() {}

  /**
   * Judges member {@code j}'s disclosure for the check session {@code session} (the attempt's
   * {@code keccak256(session || "input")}), with {@code dealt} its shares of the element's m values
   * and then its mask, as its plaintext (opening c_j) holds them.
   *
   * @throws SecretInputException if the openings do not prove that the check located member j
   */
  public static Verdict judge(
      Committee committee, Bytes32 session, int j, FieldElement[] dealt, List<Envelope> openings) {
    int n = committee.size();
    if (j < 0 || j >= n) {
      throw new SecretInputException("member " + j + " is not in the committee");
    }
    if (dealt.length < 2) {
      throw new SecretInputException("a dealt element holds its values and its mask");
    }
    if (openings.size() != 2 * n) {
      throw new SecretInputException(
          "a disclosure carries the " + 2 * n + " openings of the check, got " + openings.size());
    }
    FieldElement[][] columns = new FieldElement[2][n];
    for (int i = 0; i < 2 * n; i++) {
      Envelope e = openings.get(i);
      int step = i / n;
      int sender = i % n;
      Optional<String> problem = shapeProblem(e, session, step, sender);
      if (problem.isPresent()) {
        throw new SecretInputException("opening " + i + ": " + problem.get());
      }
      if (!committee.signedBySender(e)) {
        throw new SecretInputException("opening " + i + " is not signed by member " + sender);
      }
      columns[step][sender] = e.values()[0];
    }
    ReedSolomon decoder = new ReedSolomon(n, committee.threshold());
    if (!decoder.isCodeword(columns[0])) {
      throw new SecretInputException("the openings of rho are not a codeword");
    }
    FieldElement rho = decoder.interpolateZero(columns[0]);
    Optional<Decoding> w = decoder.decode(columns[1]);
    if (w.isEmpty() || !w.get().wrongParties().contains(j)) {
      throw new SecretInputException("the check's openings do not locate member " + j);
    }
    FieldElement[] values = Arrays.copyOf(dealt, dealt.length - 1);
    FieldElement recomputed = InputCheck.combination(values, dealt[dealt.length - 1], rho);
    return recomputed.equals(columns[1][j]) ? Verdict.SENDER : Verdict.MEMBER;
  }

  private static Optional<String> shapeProblem(Envelope e, Bytes32 session, int step, int sender) {
    if (!e.computation().equals(session)) {
      return Optional.of("another session");
    }
    if (e.step() != step || e.sender() != sender) {
      return Optional.of("expected step " + step + " of member " + sender);
    }
    if (e.recipient() != Envelope.BROADCAST || e.kind() != Kind.OPEN) {
      return Optional.of("not a broadcast opening");
    }
    if (e.values().length != 1 || !Arrays.equals(e.data(), new byte[4])) {
      return Optional.of("not the one value of chunk 0");
    }
    return Optional.empty();
  }

  /**
   * True if {@code plain} opens member j's commitment {@code commitment} (c_j of section 3) of an
   * input with ephemeral key {@code ephemeral} sealed in {@code context}.
   */
  public static boolean opens(
      Bytes ephemeral, Bytes32 commitment, InputContext context, int j, byte[] plain) {
    return io.parley.zk.inputs.Envelope.commitment(context.hash(ephemeral), j, plain)
        .equals(commitment);
  }

  /** {@code count u32 || (length u32 || envelope)*} (mpc-network.md section 4's envelope list). */
  public static byte[] encode(List<Envelope> openings) {
    List<byte[]> encoded = new ArrayList<>();
    int size = 4;
    for (Envelope e : openings) {
      byte[] bytes = EnvelopeCodec.encode(e);
      encoded.add(bytes);
      size += 4 + bytes.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).putInt(encoded.size());
    encoded.forEach(b -> out.putInt(b.length).put(b));
    return out.array();
  }

  /** The inverse of {@link #encode}; trailing bytes or a bad count are refused. */
  public static List<Envelope> decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      int count = in.getInt();
      if (count < 0 || count > MAX_ENVELOPES) {
        throw new SecretInputException("a disclosure carries 0.." + MAX_ENVELOPES + " envelopes");
      }
      List<Envelope> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw new SecretInputException("bad envelope length " + length);
        }
        byte[] one = new byte[length];
        in.get(one);
        out.add(EnvelopeCodec.decode(one));
      }
      if (in.hasRemaining()) {
        throw new SecretInputException("trailing bytes after the envelopes");
      }
      return out;
    } catch (BufferUnderflowException e) {
      throw new SecretInputException("truncated envelope list");
    } catch (RuntimeException e) {
      if (e instanceof SecretInputException) {
        throw e;
      }
      throw new SecretInputException("malformed envelope: " + e.getMessage());
    }
  }
}
