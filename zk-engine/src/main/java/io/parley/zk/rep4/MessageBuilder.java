package io.parley.zk.rep4;

import io.parley.base.crypto.Signature;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds one outgoing round message ({@link WireMessage} layout) without copying twice. */
final class MessageBuilder {
  private record Pending(
      int id, boolean values, int count, long[] source, int from, byte[] digests) {}

  private final RoundKind kind;
  private final List<Pending> pending = new ArrayList<>();
  private final List<Statement> forwarded = new ArrayList<>();

  MessageBuilder(RoundKind kind) {
    this.kind = kind;
  }

  void values(int id, long[] source, int from, int count) {
    pending.add(new Pending(id, true, count, source, from, null));
  }

  void digests(int id, int count, byte[] digests) {
    pending.add(new Pending(id, false, count, null, 0, digests));
  }

  void forward(Statement statement) {
    forwarded.add(statement);
  }

  /** Segments as signed: the sender hashes its own values. */
  List<Statement.Segment> segments() {
    List<Statement.Segment> out = new ArrayList<>();
    for (Pending p : pending) {
      byte[] d = p.values() ? Digests.of(p.source(), p.from(), p.count()) : p.digests();
      out.add(new Statement.Segment(p.id(), p.values(), p.count(), d));
    }
    return out;
  }

  byte[] encode(Optional<Signature> signature) {
    List<byte[]> forwardedBytes = new ArrayList<>();
    long size = 1 + 4 + 4 + 1 + (signature.isPresent() ? Signature.SIZE : 0);
    for (Pending p : pending) {
      size += 9 + (p.values() ? 8L * p.count() : p.digests().length);
    }
    for (Statement s : forwarded) {
      byte[] b = s.encode();
      forwardedBytes.add(b);
      size += 4 + b.length;
    }
    if (size > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("round message too large: " + size + " bytes");
    }
    byte[] data = new byte[(int) size];
    ByteBuffer out = ByteBuffer.wrap(data);
    out.put((byte) kind.code()).putInt(pending.size());
    for (Pending p : pending) {
      out.putInt(p.id()).put((byte) (p.values() ? 1 : 2)).putInt(p.count());
      if (p.values()) {
        ByteBuffer.wrap(data, out.position(), p.count() * 8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .asLongBuffer()
            .put(p.source(), p.from(), p.count());
        out.position(out.position() + p.count() * 8);
      } else {
        out.put(p.digests());
      }
    }
    out.putInt(forwardedBytes.size());
    for (byte[] b : forwardedBytes) {
      out.putInt(b.length).put(b);
    }
    if (signature.isPresent()) {
      out.put((byte) 1).put(signature.get().toBytes().toArrayUnsafe());
    } else {
      out.put((byte) 0);
    }
    return data;
  }
}
