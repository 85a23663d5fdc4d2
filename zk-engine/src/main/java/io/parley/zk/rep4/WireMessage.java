package io.parley.zk.rep4;

import io.parley.base.crypto.Signature;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.MalformedMessageException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * The data of a rep4 round envelope (docs/spec/rep4.md): kind u8 | segment count i32 | per segment:
 * id i32, role u8 (1 values, 2 digests), count i32, then count little-endian longs (values) or
 * ceil(count/4096) SHA-256 digests | forwarded statement count i32 | (length i32 | statement)* |
 * signature flag u8 | signature 65. Values are kept in the received array (no copy until used).
 */
public record WireMessage(
    RoundKind kind, List<Part> parts, List<Statement> forwarded, Optional<Signature> signature) {
  static final int MAX_FORWARDED = 16;

  /** A received segment: values at bytes[offset, offset + 8*count), or a digest list. */
  public record Part(int id, boolean values, int count, byte[] bytes, int offset) {
    public long[] longs() {
      long[] out = new long[count];
      ByteBuffer.wrap(bytes, offset, count * 8)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asLongBuffer()
          .get(out);
      return out;
    }

    /** Adds the values into target[at...] (wrapping) or XORs them when {@code binary}. */
    public void accumulate(long[] target, int at, boolean binary) {
      java.nio.LongBuffer in =
          ByteBuffer.wrap(bytes, offset, count * 8).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
      if (binary) {
        for (int i = 0; i < count; i++) {
          target[at + i] ^= in.get(i);
        }
      } else {
        for (int i = 0; i < count; i++) {
          target[at + i] += in.get(i);
        }
      }
    }

    Statement.Segment toSegment() {
      byte[] digests =
          values
              ? Digests.ofBytes(bytes, offset, count)
              : java.util.Arrays.copyOfRange(bytes, offset, offset + Digests.chunks(count) * 32);
      return new Statement.Segment(id, values, count, digests);
    }
  }

  public Optional<Part> part(int id) {
    return parts.stream().filter(p -> p.id() == id).findFirst();
  }

  /** The signed statement of this message as received in {@code envelope}. */
  public Statement statement(Envelope envelope) {
    List<Statement.Segment> segments = new ArrayList<>();
    for (Part p : parts) {
      segments.add(p.toSegment());
    }
    return new Statement(
        envelope.computation(),
        envelope.step(),
        kind,
        envelope.sender(),
        envelope.recipient(),
        segments,
        signature);
  }

  public static WireMessage decode(byte[] data) {
    try {
      ByteBuffer in = ByteBuffer.wrap(data);
      RoundKind kind = RoundKind.of(in.get() & 0xff);
      int count = in.getInt();
      if (count < 0 || count > Statement.MAX_SEGMENTS) {
        throw new MalformedMessageException("bad segment count " + count);
      }
      List<Part> parts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int id = in.getInt();
        int role = in.get();
        int n = in.getInt();
        if ((role != 1 && role != 2) || n < 0) {
          throw new MalformedMessageException("bad segment header");
        }
        long length = role == 1 ? 8L * n : 32L * Digests.chunks(n);
        if (length > in.remaining()) {
          throw new MalformedMessageException("segment longer than message");
        }
        parts.add(new Part(id, role == 1, n, data, in.position()));
        in.position(in.position() + (int) length);
      }
      int forwardedCount = in.getInt();
      if (forwardedCount < 0 || forwardedCount > MAX_FORWARDED) {
        throw new MalformedMessageException("bad forwarded count " + forwardedCount);
      }
      List<Statement> forwarded = new ArrayList<>();
      for (int i = 0; i < forwardedCount; i++) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw new MalformedMessageException("bad forwarded length");
        }
        ByteBuffer one = in.slice(in.position(), length);
        forwarded.add(Statement.decode(one));
        in.position(in.position() + length);
      }
      Optional<Signature> signature = Optional.empty();
      int flag = in.get();
      if (flag == 1) {
        byte[] sig = new byte[Signature.SIZE];
        in.get(sig);
        signature = Optional.of(Signature.fromBytes(Bytes.wrap(sig)));
      } else if (flag != 0) {
        throw new MalformedMessageException("bad signature flag " + flag);
      }
      if (in.hasRemaining()) {
        throw new MalformedMessageException(in.remaining() + " trailing bytes");
      }
      return new WireMessage(kind, parts, forwarded, signature);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new MalformedMessageException("malformed rep4 message: " + e.getMessage());
    }
  }
}
