package io.parley.zk.evidence;

import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import java.util.Arrays;

/**
 * What the blame checks need to know of a protocol's envelopes: which carry shares of a sharing of
 * known degree (one per member, decodable as a codeword), and what beyond (computation, step,
 * recipient, kind) makes two envelopes compete for one slot.
 */
public interface EnvelopeLayout {
  /**
   * True when {@code e} carries shares of degree-{@code threshold} sharings and belongs to the same
   * opening as {@code first} (one such envelope per member decodes as a codeword).
   */
  boolean degreeTShares(Envelope e, Envelope first, int threshold);

  /** True when two envelopes of the same (computation, step, recipient, kind) fill one slot. */
  boolean sameSlot(Envelope a, Envelope b);

  /** Broadcast openings: OPEN envelopes to everyone, degree t, the data is the chunk index. */
  EnvelopeLayout BROADCAST =
      new EnvelopeLayout() {
        @Override
        public boolean degreeTShares(Envelope e, Envelope first, int threshold) {
          return e.kind() == Kind.OPEN && e.recipient() == Envelope.BROADCAST;
        }

        @Override
        public boolean sameSlot(Envelope a, Envelope b) {
          return a.kind() != Kind.OPEN || Arrays.equals(a.data(), b.data());
        }
      };
}
