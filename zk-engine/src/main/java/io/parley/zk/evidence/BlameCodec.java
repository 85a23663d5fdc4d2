package io.parley.zk.evidence;

import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.EnvelopeCodec;
import io.parley.zk.messages.MalformedMessageException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes of a {@link Blame} for the chain (docs/spec/mpc-network.md): variant u8 | accused i32 |
 * index i32 | envelope count i32 | (length i32 | envelope)*. Variants: 1 wrong share (n openings),
 * 2 equivocation (two envelopes), 3 preprocessing deviation (disclosure, sent), 6 king-based
 * opening fault (index = reason << 24 | chunk; the confirms). Variants 4 (rep4) and 5 (PRSS keys)
 * carry accused i32 | their own evidence bytes.
 */
public final class BlameCodec {
  private BlameCodec() {}

  public static byte[] encode(Blame blame) {
    if (blame instanceof Blame.Rep4 r) {
      // variant 4: accused i32 | rep4 evidence (docs/spec/rep4.md)
      return ByteBuffer.allocate(5 + r.evidence().length)
          .put((byte) 4)
          .putInt(r.accused())
          .put(r.evidence())
          .array();
    }
    if (blame instanceof Blame.PrssKeys p) {
      // variant 5: accused i32 | PRSS evidence (docs/spec/prss.md)
      return ByteBuffer.allocate(5 + p.evidence().length)
          .put((byte) 5)
          .putInt(p.accused())
          .put(p.evidence())
          .array();
    }
    List<Envelope> envelopes;
    int variant;
    int index = 0;
    switch (blame) {
      case Blame.Replay r -> {
        variant = 7;
        envelopes = r.envelopes();
      }
      case Blame.King k -> {
        // variant 6: index packs reason (high byte) and chunk (low 24 bits)
        variant = 6;
        index = (k.reason() << 24) | k.index();
        envelopes = k.confirms();
      }
      case Blame.WrongShare w -> {
        variant = 1;
        index = w.index();
        envelopes = w.openings();
      }
      case Blame.Equivocation e -> {
        variant = 2;
        envelopes = List.of(e.first(), e.second());
      }
      case Blame.PreprocessingDeviation p -> {
        variant = 3;
        envelopes = List.of(p.disclosure(), p.sent());
      }
      case Blame.Rep4 r -> throw new IllegalStateException("encoded above");
      case Blame.PrssKeys p -> throw new IllegalStateException("encoded above");
    }
    List<byte[]> encoded = new ArrayList<>();
    int size = 1 + 4 + 4 + 4;
    for (Envelope e : envelopes) {
      byte[] bytes = EnvelopeCodec.encode(e);
      encoded.add(bytes);
      size += 4 + bytes.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put((byte) variant).putInt(blame.accused()).putInt(index).putInt(encoded.size());
    for (byte[] bytes : encoded) {
      out.putInt(bytes.length).put(bytes);
    }
    return out.array();
  }

  /**
   * Decodes the blame variants made of signed envelopes (1, 2, 3, 6, 7); a variant that carries a
   * protocol's own evidence (4 rep4, 5 PRSS keys) goes to {@code opaque}, which parses it with its
   * protocol's codec ({@code io.parley.zk.computation.Blames#decode} knows every protocol).
   */
  public static Blame decode(byte[] bytes, OpaqueDecoder opaque) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      int variant = in.get();
      int accused = in.getInt();
      if (variant == 4 || variant == 5) {
        byte[] evidence = new byte[in.remaining()];
        in.get(evidence);
        return opaque.decode(variant, accused, evidence);
      }
      int index = in.getInt();
      int count = in.getInt();
      if (count < 0 || count > 1024) {
        throw new MalformedMessageException("bad envelope count " + count);
      }
      List<Envelope> envelopes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw new MalformedMessageException("bad envelope length " + length);
        }
        byte[] one = new byte[length];
        in.get(one);
        envelopes.add(EnvelopeCodec.decode(one));
      }
      return switch (variant) {
        case 1 -> new Blame.WrongShare(accused, index, envelopes);
        case 2 -> {
          requireCount(envelopes, 2);
          yield new Blame.Equivocation(accused, envelopes.get(0), envelopes.get(1));
        }
        case 3 -> {
          requireCount(envelopes, 2);
          yield new Blame.PreprocessingDeviation(accused, envelopes.get(0), envelopes.get(1));
        }
        case 6 -> new Blame.King(accused, index >>> 24, index & 0xFFFFFF, envelopes);
        case 7 -> {
          if (envelopes.isEmpty()) {
            throw new MalformedMessageException("a replay blame carries the disclosures");
          }
          yield new Blame.Replay(accused, envelopes);
        }
        default -> throw new MalformedMessageException("unknown blame variant " + variant);
      };
    } catch (BufferUnderflowException e) {
      throw new MalformedMessageException("truncated blame");
    }
  }

  /** Decodes the envelope variants; variants with a protocol's own evidence are rejected. */
  public static Blame decode(byte[] bytes) {
    return decode(bytes, OpaqueDecoder.NONE);
  }

  /** Parses the evidence of a variant whose bytes only its protocol understands. */
  @FunctionalInterface
  public interface OpaqueDecoder {
    /**
     * @throws MalformedMessageException when the evidence does not parse or the variant is unknown
     */
    Blame decode(int variant, int accused, byte[] evidence);

    OpaqueDecoder NONE =
        (variant, accused, evidence) -> {
          throw new MalformedMessageException("blame variant " + variant + " is not expected here");
        };
  }

  private static void requireCount(List<Envelope> envelopes, int count) {
    if (envelopes.size() != count) {
      throw new MalformedMessageException("expected " + count + " envelopes");
    }
  }
}
