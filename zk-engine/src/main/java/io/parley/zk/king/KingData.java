package io.parley.zk.king;

import io.parley.base.crypto.Signature;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The data bytes of king envelopes (docs/spec/king-opening.md section 2). Shares: chunk i32 |
 * degree u8. Values: chunk i32 | degree u8 | opening size i32 | [signature 65 of the values
 * statement, malicious mode]. Confirm: degree u8 | opened values i32 | count i32 | count values
 * statements in chunk order.
 */
public final class KingData {
  /** Bound on chunks per opening: 2^24 values per opening at most. */
  public static final int MAX_CHUNKS = (1 << 24) / KingChunks.CHUNK;

  private KingData() {}

  public static byte[] shares(int chunk, int degree) {
    return ByteBuffer.allocate(5).putInt(chunk).put((byte) degree).array();
  }

  public static byte[] values(int chunk, int degree, int total, Optional<Signature> signature) {
    ByteBuffer out = ByteBuffer.allocate(9 + (signature.isPresent() ? Signature.SIZE : 0));
    out.putInt(chunk).put((byte) degree).putInt(total);
    signature.ifPresent(s -> out.put(s.toBytes().toArrayUnsafe()));
    return out.array();
  }

  /** Chunk index of a shares or values envelope, or -1 when malformed. */
  public static int chunk(Envelope e) {
    byte[] d = e.data();
    if (d.length < 5) {
      return -1;
    }
    int chunk = ByteBuffer.wrap(d).getInt();
    return chunk >= 0 && chunk < MAX_CHUNKS ? chunk : -1;
  }

  /** Degree named by a shares envelope, or -1 when malformed. */
  public static int degreeOfShares(Envelope e) {
    return e.kind() == Kind.KING_SHARES && e.data().length == 5 ? e.data()[4] & 0xff : -1;
  }

  /** Degree named by a values envelope, or -1 when malformed. */
  public static int degreeOfValues(Envelope e) {
    return e.kind() == Kind.KING_VALUES && e.data().length >= 9 ? e.data()[4] & 0xff : -1;
  }

  /** The opening size named by a values envelope, or -1 when malformed. */
  public static int totalOfValues(Envelope e) {
    return degreeOfValues(e) < 0 ? -1 : ByteBuffer.wrap(e.data()).getInt(5);
  }

  /** The statement signature of a values envelope, if well formed. */
  public static Optional<Signature> valuesSignature(Envelope e) {
    byte[] d = e.data();
    if (d.length != 9 + Signature.SIZE) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Signature.fromBytes(
              org.apache.tuweni.bytes.Bytes.wrap(Arrays.copyOfRange(d, 9, d.length))));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  /** True when two shares or values envelopes are for the same chunk (same slot). */
  public static boolean sameChunk(Envelope a, Envelope b) {
    return chunk(a) >= 0 && chunk(a) == chunk(b);
  }

  public static byte[] confirm(int degree, int values, List<ValuesStatement> statements) {
    ByteBuffer out = ByteBuffer.allocate(9 + statements.size() * ValuesStatement.ENCODED);
    out.put((byte) degree).putInt(values).putInt(statements.size());
    for (ValuesStatement s : statements) {
      s.encodeTo(out);
    }
    return out.array();
  }

  /** Degree named by a confirm envelope, or -1 when malformed. */
  public static int degreeOfConfirm(Envelope e) {
    return e.kind() == Kind.KING_CONFIRM && e.data().length >= 9 ? e.data()[0] & 0xff : -1;
  }

  /** The size of the opening a confirm is about, or -1 when malformed. */
  public static int valuesOfConfirm(Envelope e) {
    if (degreeOfConfirm(e) < 0) {
      return -1;
    }
    int values = ByteBuffer.wrap(e.data()).getInt(1);
    return values >= 0 && values <= MAX_CHUNKS * KingChunks.CHUNK ? values : -1;
  }

  /** The king of chunk c of the opening a confirm is about, or -1. */
  public static int kingOf(Envelope confirm, int chunk, int members) {
    int values = valuesOfConfirm(confirm);
    if (values < 0) {
      return -1;
    }
    List<KingChunks.Chunk> chunks = KingChunks.of(values, members);
    return chunk >= 0 && chunk < chunks.size() ? chunks.get(chunk).king() : -1;
  }

  /** The statements of a confirm envelope; values step = confirm step - 1. */
  public static List<ValuesStatement> statements(Envelope confirm) {
    try {
      ByteBuffer in = ByteBuffer.wrap(confirm.data());
      in.get();
      in.getInt();
      int count = in.getInt();
      if (count < 0 || count > MAX_CHUNKS || in.remaining() != count * ValuesStatement.ENCODED) {
        throw new MalformedMessageException("bad statement count " + count);
      }
      List<ValuesStatement> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        out.add(
            ValuesStatement.decodeFrom(
                in, confirm.computation(), confirm.step() - 1, valuesOfConfirm(confirm)));
      }
      return out;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new MalformedMessageException("malformed confirm: " + e.getMessage());
    }
  }
}
