package io.parley.zk.preprocessing;

import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.EnvelopeCodec;
import io.parley.zk.messages.MalformedMessageException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a member publishes after an aborted batch: its seed, the batch plan, and the signed
 * envelopes it received in rounds DEAL..CHECK. Bytes: seed 32 | parties i32 | triples i32 | randoms
 * i32 | squares i32 | count i32 | (length i32 | envelope)*.
 */
public record SeedDisclosure(Bytes32 seed, BatchPlan plan, List<Envelope> received) {
  public SeedDisclosure {
    received = List.copyOf(received);
  }

  public byte[] encode() {
    List<byte[]> encoded = new ArrayList<>();
    int size = 32 + 20;
    for (Envelope e : received) {
      byte[] b = EnvelopeCodec.encode(e);
      encoded.add(b);
      size += 4 + b.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(seed.toArrayUnsafe());
    out.putInt(plan.parties()).putInt(plan.triples()).putInt(plan.randoms());
    out.putInt(plan.squares());
    out.putInt(encoded.size());
    for (byte[] b : encoded) {
      out.putInt(b.length).put(b);
    }
    return out.array();
  }

  public static SeedDisclosure decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte[] seed = new byte[32];
      in.get(seed);
      BatchPlan plan = new BatchPlan(in.getInt(), in.getInt(), in.getInt(), in.getInt());
      int count = in.getInt();
      if (count < 0 || count > 4096) {
        throw new MalformedMessageException("bad envelope count " + count);
      }
      List<Envelope> received = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw new MalformedMessageException("bad envelope length");
        }
        byte[] one = new byte[length];
        in.get(one);
        received.add(EnvelopeCodec.decode(one));
      }
      if (in.hasRemaining()) {
        throw new MalformedMessageException("trailing bytes in disclosure");
      }
      return new SeedDisclosure(Bytes32.wrap(seed), plan, received);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new MalformedMessageException("malformed disclosure: " + e.getMessage());
    }
  }
}
