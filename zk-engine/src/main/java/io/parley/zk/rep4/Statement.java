package io.parley.zk.rep4;

import io.parley.base.crypto.Secp256k1;
import io.parley.base.crypto.Signature;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.messages.Sha256;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a party signs for one message of one round: (computation, round, kind, from, to) and, per
 * segment, its id, whether it carries values or a backup's digests, the element count and the chunk
 * digests ({@link Digests}). The values themselves travel next to the statement; the receiver
 * recomputes their digests, so a valid signature binds the values. Evidence carries statements,
 * never whole messages.
 */
public record Statement(
    Bytes32 computation,
    int round,
    RoundKind kind,
    int from,
    int to,
    List<Segment> segments,
    Optional<Signature> signature) {
  private static final byte[] DOMAIN =
      "parley-rep4-statement/1".getBytes(StandardCharsets.US_ASCII);
  static final int MAX_SEGMENTS = 64;

  public Statement {
    segments = List.copyOf(segments);
  }

  /** One segment: {@code values} is true for a sender's values, false for a backup's digests. */
  public record Segment(int id, boolean values, int count, byte[] digests) {
    public Segment {
      if (count < 0 || digests.length != Digests.chunks(count) * Digests.SIZE) {
        throw new IllegalArgumentException("segment digests do not match count " + count);
      }
    }
  }

  public Optional<Segment> segment(int id) {
    return segments.stream().filter(s -> s.id() == id).findFirst();
  }

  public Statement withSignature(Signature s) {
    return new Statement(computation, round, kind, from, to, segments, Optional.of(s));
  }

  public Bytes32 signingDigest() {
    MessageDigest sha = Sha256.newDigest();
    sha.update(DOMAIN);
    sha.update(computation.toArrayUnsafe());
    sha.update(
        ByteBuffer.allocate(17)
            .putInt(round)
            .put((byte) kind.code())
            .putInt(from)
            .putInt(to)
            .putInt(segments.size())
            .array());
    for (Segment s : segments) {
      sha.update(
          ByteBuffer.allocate(9)
              .putInt(s.id())
              .put((byte) (s.values() ? 1 : 2))
              .putInt(s.count())
              .array());
      sha.update(s.digests());
    }
    return Bytes32.wrap(sha.digest());
  }

  public boolean signedBySender(Committee committee) {
    if (from < 0 || from >= committee.size() || signature.isEmpty()) {
      return false;
    }
    return Secp256k1.verify(signingDigest(), signature.get(), committee.members().get(from));
  }

  public byte[] encode() {
    int size = 32 + 4 + 1 + 4 + 4 + 4 + 1 + Signature.SIZE;
    for (Segment s : segments) {
      size += 9 + s.digests().length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(computation.toArrayUnsafe()).putInt(round).put((byte) kind.code());
    out.putInt(from).putInt(to).putInt(segments.size());
    for (Segment s : segments) {
      out.putInt(s.id()).put((byte) (s.values() ? 1 : 2)).putInt(s.count()).put(s.digests());
    }
    if (signature.isPresent()) {
      out.put((byte) 1).put(signature.get().toBytes().toArrayUnsafe());
    } else {
      out.put((byte) 0);
    }
    byte[] bytes = new byte[out.position()];
    System.arraycopy(out.array(), 0, bytes, 0, bytes.length);
    return bytes;
  }

  public static Statement decode(ByteBuffer in) {
    try {
      byte[] id = new byte[32];
      in.get(id);
      int round = in.getInt();
      RoundKind kind = RoundKind.of(in.get() & 0xff);
      int from = in.getInt();
      int to = in.getInt();
      int count = in.getInt();
      if (count < 0 || count > MAX_SEGMENTS) {
        throw new MalformedMessageException("bad segment count " + count);
      }
      List<Segment> segments = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int sid = in.getInt();
        int role = in.get();
        int n = in.getInt();
        if ((role != 1 && role != 2) || n < 0 || (long) Digests.chunks(n) * 32 > in.remaining()) {
          throw new MalformedMessageException("bad segment header");
        }
        byte[] digests = new byte[Digests.chunks(n) * Digests.SIZE];
        in.get(digests);
        segments.add(new Segment(sid, role == 1, n, digests));
      }
      Optional<Signature> signature = Optional.empty();
      int flag = in.get();
      if (flag == 1) {
        byte[] sig = new byte[Signature.SIZE];
        in.get(sig);
        signature = Optional.of(Signature.fromBytes(Bytes.wrap(sig)));
      } else if (flag != 0) {
        throw new MalformedMessageException("bad signature flag");
      }
      return new Statement(Bytes32.wrap(id), round, kind, from, to, segments, signature);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new MalformedMessageException("malformed statement: " + e.getMessage());
    }
  }
}
