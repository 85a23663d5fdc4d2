package io.parley.zk.king;

import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.EnvelopeCodec;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.prss.PrssKeys;
import io.parley.zk.prss.Subsets;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A member's disclosure of a discarded batch (docs/spec/king-opening.md section 6), the data of a
 * signed DISCLOSE envelope: batch 32 | triples i32 | randoms i32 | bits i32 | key count i32 |
 * (subset i32 | per-batch key 32)* | evidence count i32 | (length i32 | envelope)*. The evidence
 * (the n SHARES envelopes of a chunk off the degree-2t code) travels with the first disclosure
 * only.
 */
public record Dn07Disclosure(
    Bytes32 batch, Dn07Batch.Plan plan, Map<Integer, byte[]> keys, List<Envelope> evidence) {
  public static final int DISCLOSE_STEP = 4;
  private static final int MAX_EVIDENCE = 64;

  public byte[] encode() {
    List<byte[]> encoded = evidence.stream().map(EnvelopeCodec::encode).toList();
    int size = 32 + 12 + 4 + keys.size() * 36 + 4;
    for (byte[] e : encoded) {
      size += 4 + e.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(batch.toArrayUnsafe());
    out.putInt(plan.triples()).putInt(plan.randoms()).putInt(plan.bits());
    out.putInt(keys.size());
    for (Map.Entry<Integer, byte[]> k : new TreeMap<>(keys).entrySet()) {
      out.putInt(k.getKey()).put(k.getValue());
    }
    out.putInt(encoded.size());
    for (byte[] e : encoded) {
      out.putInt(e.length).put(e);
    }
    return out.array();
  }

  public static Dn07Disclosure of(
      Bytes32 batch, Dn07Batch.Plan plan, PrssKeys batchKeys, List<Envelope> evidence) {
    return new Dn07Disclosure(batch, plan, batchKeys.keys(), evidence);
  }

  /** Decodes the data of a DISCLOSE envelope of a committee of n with threshold t. */
  public static Dn07Disclosure decode(Envelope e, int n, int t) {
    if (e.kind() != Kind.DISCLOSE) {
      throw new MalformedMessageException("not a disclosure");
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(e.data());
      byte[] batch = new byte[32];
      in.get(batch);
      Dn07Batch.Plan plan = new Dn07Batch.Plan(in.getInt(), in.getInt(), in.getInt());
      int count = in.getInt();
      int subsets = Subsets.count(n, t);
      if (count < 0 || count > subsets) {
        throw new MalformedMessageException("bad key count " + count);
      }
      Map<Integer, byte[]> keys = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        int subset = in.getInt();
        byte[] key = new byte[32];
        in.get(key);
        if (subset < 0 || subset >= subsets || keys.put(subset, key) != null) {
          throw new MalformedMessageException("bad or repeated subset " + subset);
        }
      }
      int evidenceCount = in.getInt();
      if (evidenceCount < 0 || evidenceCount > MAX_EVIDENCE) {
        throw new MalformedMessageException("bad evidence count " + evidenceCount);
      }
      List<Envelope> evidence = new ArrayList<>();
      for (int i = 0; i < evidenceCount; i++) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw new MalformedMessageException("bad evidence length " + length);
        }
        byte[] one = new byte[length];
        in.get(one);
        evidence.add(EnvelopeCodec.decode(one));
      }
      if (in.hasRemaining()) {
        throw new MalformedMessageException("trailing bytes in a disclosure");
      }
      return new Dn07Disclosure(Bytes32.wrap(batch), plan, keys, evidence);
    } catch (BufferUnderflowException | IllegalArgumentException malformed) {
      throw new MalformedMessageException("malformed disclosure: " + malformed.getMessage());
    }
  }
}
