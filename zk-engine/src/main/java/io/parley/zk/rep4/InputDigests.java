package io.parley.zk.rep4;

import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.EnvelopeCodec;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.messages.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The keyed digests and the two envelope layouts of the wallet-dealt input check
 * (docs/spec/rep4.md, section 6). A member's statement (INPUT_DIGESTS, step 0, broadcast) carries
 * d_j = HMAC-SHA256(key_j, "parley-rep4-input/1" | computation 32 | j u8 | x_j as LE u64) for the
 * three components j it holds, ascending; its echo (ECHO, step 1, broadcast) forwards the three
 * statements it holds of the other members. Every size is fixed, so every message is bounded.
 */
final class InputDigests {
  static final int STATEMENT_STEP = 0;
  static final int ECHO_STEP = 1;
  static final int DIGEST_BYTES = 32;

  /** Data of a statement: the three digests of the components its sender holds. */
  static final int STATEMENT_DATA_BYTES = 3 * DIGEST_BYTES;

  /** EnvelopeCodec size of a signed statement: header 49, data length 4, data 96, signature 66. */
  static final int STATEMENT_ENVELOPE_BYTES = 32 + 12 + 1 + 4 + 4 + STATEMENT_DATA_BYTES + 1 + 65;

  /** Data of an echo: count i32 (= 3) | (length i32 (= 215) | statement)*3. */
  static final int ECHO_DATA_BYTES = 4 + 3 * (4 + STATEMENT_ENVELOPE_BYTES);

  private static final byte[] DOMAIN = ascii("parley-rep4-input/1");
  private static final byte[] TRANSCRIPT_DOMAIN = ascii("parley-rep4-input-transcript/1");
  private static final int CHUNK = 4096;

  private InputDigests() {}

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** d_j = HMAC-SHA256(key_j, "parley-rep4-input/1" | computation | j u8 | x_j as LE u64). */
  static byte[] digest(byte[] key, Bytes32 computation, int component, long[] elements) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(DOMAIN);
      mac.update(computation.toArrayUnsafe());
      mac.update((byte) component);
      ByteBuffer buffer =
          ByteBuffer.allocate(8 * Math.min(CHUNK, elements.length)).order(ByteOrder.LITTLE_ENDIAN);
      for (int start = 0; start < elements.length; start += CHUNK) {
        int count = Math.min(CHUNK, elements.length - start);
        buffer.clear();
        buffer.asLongBuffer().put(elements, start, count);
        mac.update(buffer.array(), 0, 8 * count);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  /** Statement data of a member: d_j for the components j it holds, ascending. */
  static byte[] statementData(Rep4Keys keys, Bytes32 computation, Shares inputs) {
    ByteBuffer out = ByteBuffer.allocate(STATEMENT_DATA_BYTES);
    for (int j = 0; j < Schedule.PARTIES; j++) {
      if (j != inputs.self()) {
        out.put(digest(keys.key(j), computation, j, inputs.component(j)));
      }
    }
    return out.array();
  }

  /** True when e has the shape of a statement of this computation (signature not checked). */
  static boolean isStatement(Envelope e, Bytes32 computation) {
    return e.computation().equals(computation)
        && e.kind() == Kind.INPUT_DIGESTS
        && e.step() == STATEMENT_STEP
        && e.recipient() == Envelope.BROADCAST
        && e.sender() >= 0
        && e.sender() < Schedule.PARTIES
        && e.values().length == 0
        && e.data().length == STATEMENT_DATA_BYTES;
  }

  /** True when e has the shape of an echo of this computation (contents not checked). */
  static boolean isEcho(Envelope e, Bytes32 computation) {
    return e.computation().equals(computation)
        && e.kind() == Kind.ECHO
        && e.step() == ECHO_STEP
        && e.recipient() == Envelope.BROADCAST
        && e.sender() >= 0
        && e.sender() < Schedule.PARTIES
        && e.values().length == 0
        && e.data().length == ECHO_DATA_BYTES;
  }

  /** Index of d_j among the three digests of a statement by {@code holder} (j != holder). */
  static int position(int holder, int component) {
    if (component == holder || component < 0 || component >= Schedule.PARTIES) {
      throw new IllegalArgumentException("member " + holder + " does not hold " + component);
    }
    return component < holder ? component : component - 1;
  }

  /** The digest of component j in a well-formed statement of a holder of j. */
  static byte[] digestOf(Envelope statement, int component) {
    int at = position(statement.sender(), component) * DIGEST_BYTES;
    return Arrays.copyOfRange(statement.data(), at, at + DIGEST_BYTES);
  }

  /** Echo data forwarding the statements of the three other members, ascending by sender. */
  static byte[] echoData(List<Envelope> statements) {
    ByteBuffer out = ByteBuffer.allocate(ECHO_DATA_BYTES).putInt(statements.size());
    for (Envelope s : statements) {
      byte[] encoded = EnvelopeCodec.encode(s);
      out.putInt(encoded.length).put(encoded);
    }
    if (out.hasRemaining()) {
      throw new IllegalStateException("an echo forwards three signed statements");
    }
    return out.array();
  }

  /**
   * The statements an echo forwards, indexed by sender (null at the echo's sender), when it
   * forwards exactly one well-formed statement of each other member, ascending, each signed by its
   * sender; otherwise empty.
   */
  static Optional<Envelope[]> forwarded(Envelope echo, Committee committee, Bytes32 computation) {
    ByteBuffer in = ByteBuffer.wrap(echo.data());
    if (echo.data().length != ECHO_DATA_BYTES || in.getInt() != 3) {
      return Optional.empty();
    }
    Envelope[] bySender = new Envelope[Schedule.PARTIES];
    for (int s = 0; s < Schedule.PARTIES; s++) {
      if (s == echo.sender()) {
        continue;
      }
      if (in.getInt() != STATEMENT_ENVELOPE_BYTES) {
        return Optional.empty();
      }
      byte[] encoded = new byte[STATEMENT_ENVELOPE_BYTES];
      in.get(encoded);
      Envelope statement;
      try {
        statement = EnvelopeCodec.decode(encoded);
      } catch (MalformedMessageException e) {
        return Optional.empty();
      }
      if (statement.sender() != s
          || !isStatement(statement, computation)
          || !committee.signedBySender(statement)) {
        return Optional.empty();
      }
      bySender[s] = statement;
    }
    return Optional.of(bySender);
  }

  /** SHA-256("parley-rep4-input-transcript/1" | envelope digest of each statement, by member). */
  static Bytes32 transcript(Envelope[] statements) {
    MessageDigest sha = Sha256.newDigest();
    sha.update(TRANSCRIPT_DOMAIN);
    for (Envelope s : statements) {
      sha.update(s.digest().toArrayUnsafe());
    }
    return Bytes32.wrap(sha.digest());
  }
}
