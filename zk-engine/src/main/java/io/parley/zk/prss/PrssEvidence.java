package io.parley.zk.prss;

import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.EnvelopeCodec;
import io.parley.zk.messages.MalformedMessageException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Proof that a member deviated in the PRSS key agreement, checked by {@link PrssBlameVerifier} with
 * the committee's public keys only: its signed statement and/or one of its signed contribution
 * envelopes, where the statement or the contributions are malformed, or a contribution does not
 * match the statement's digest. Revealing the contributions is harmless: an aborted agreement's
 * keys are discarded.
 *
 * <p>Encoding (docs/spec/prss.md, section 6): variant u8 (1) | computation 32 | accused i32 |
 * statement length i32 | statement envelope | deal length i32 | deal envelope, a length of 0
 * meaning absent.
 */
public record PrssEvidence(
    int accused, Bytes32 computation, Optional<Envelope> statement, Optional<Envelope> deal) {
  static final int MISMATCH = 1;

  /** Largest evidence accepted (two small envelopes). */
  public static final int MAX_BYTES = 1 << 20;

  public byte[] encode() {
    byte[] s = statement.map(EnvelopeCodec::encode).orElse(new byte[0]);
    byte[] d = deal.map(EnvelopeCodec::encode).orElse(new byte[0]);
    return ByteBuffer.allocate(1 + 32 + 4 + 4 + s.length + 4 + d.length)
        .put((byte) MISMATCH)
        .put(computation.toArrayUnsafe())
        .putInt(accused)
        .putInt(s.length)
        .put(s)
        .putInt(d.length)
        .put(d)
        .array();
  }

  public static PrssEvidence decode(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new MalformedMessageException("PRSS evidence of " + bytes.length + " bytes");
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      int variant = in.get();
      if (variant != MISMATCH) {
        throw new MalformedMessageException("unknown PRSS evidence variant " + variant);
      }
      byte[] id = new byte[32];
      in.get(id);
      int accused = in.getInt();
      Optional<Envelope> statement = part(in);
      Optional<Envelope> deal = part(in);
      if (in.hasRemaining()) {
        throw new MalformedMessageException("trailing bytes after PRSS evidence");
      }
      return new PrssEvidence(accused, Bytes32.wrap(id), statement, deal);
    } catch (BufferUnderflowException e) {
      throw new MalformedMessageException("truncated PRSS evidence");
    }
  }

  private static Optional<Envelope> part(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new MalformedMessageException("bad part length " + length);
    }
    if (length == 0) {
      return Optional.empty();
    }
    byte[] one = new byte[length];
    in.get(one);
    return Optional.of(EnvelopeCodec.decode(one));
  }
}
