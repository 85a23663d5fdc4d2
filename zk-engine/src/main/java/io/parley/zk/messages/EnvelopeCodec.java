package io.parley.zk.messages;

import io.parley.base.crypto.Signature;
import io.parley.zk.field.FieldElement;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Byte encoding of envelopes (docs/spec/mpc-network.md): computation 32 | step i32 | sender i32 |
 * recipient i32 | kind u8 | value count i32 | values 16 bytes each (big-endian, canonical) | data
 * length i32 | data | signature flag u8 | signature 65 bytes if the flag is 1. Integers are
 * big-endian.
 */
public final class EnvelopeCodec {
  /** Largest encoded envelope accepted (64 MiB): about 4 million field elements. */
  public static final int MAX_ENCODED_SIZE = 64 << 20;

  private EnvelopeCodec() {}

  public static int encodedSize(Envelope e) {
    return 32
        + 12
        + 1
        + 4
        + e.values().length * FieldElement.BYTES
        + 4
        + e.data().length
        + 1
        + (e.signature().isPresent() ? Signature.SIZE : 0);
  }

  public static byte[] encode(Envelope e) {
    ByteBuffer out = ByteBuffer.allocate(encodedSize(e));
    out.put(e.computation().toArrayUnsafe());
    out.putInt(e.step()).putInt(e.sender()).putInt(e.recipient()).put((byte) e.kind().code());
    out.putInt(e.values().length);
    for (FieldElement v : e.values()) {
      out.putLong(v.hi()).putLong(v.lo());
    }
    out.putInt(e.data().length).put(e.data());
    if (e.signature().isPresent()) {
      out.put((byte) 1).put(e.signature().get().toBytes().toArrayUnsafe());
    } else {
      out.put((byte) 0);
    }
    return out.array();
  }

  /** Decodes one envelope; throws {@link MalformedMessageException} on any inconsistency. */
  public static Envelope decode(byte[] bytes) {
    if (bytes.length > MAX_ENCODED_SIZE) {
      throw new MalformedMessageException("envelope of " + bytes.length + " bytes exceeds limit");
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte[] id = new byte[32];
      in.get(id);
      int step = in.getInt();
      int sender = in.getInt();
      int recipient = in.getInt();
      Kind kind = Kind.of(in.get() & 0xff);
      int count = in.getInt();
      if (count < 0 || (long) count * FieldElement.BYTES > in.remaining()) {
        throw new MalformedMessageException("bad value count " + count);
      }
      FieldElement[] values = new FieldElement[count];
      for (int i = 0; i < count; i++) {
        values[i] = new FieldElement(in.getLong(), in.getLong());
      }
      int dataLength = in.getInt();
      if (dataLength < 0 || dataLength > in.remaining()) {
        throw new MalformedMessageException("bad data length " + dataLength);
      }
      byte[] data = new byte[dataLength];
      in.get(data);
      int flag = in.get();
      Optional<Signature> signature = Optional.empty();
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
      return new Envelope(Bytes32.wrap(id), step, sender, recipient, kind, values, data, signature);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new MalformedMessageException("malformed envelope: " + e.getMessage());
    }
  }
}
