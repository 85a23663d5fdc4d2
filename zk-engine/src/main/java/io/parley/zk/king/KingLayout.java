package io.parley.zk.king;

import io.parley.zk.evidence.EnvelopeLayout;
import io.parley.zk.messages.Envelope;

/**
 * The envelopes of king-based openings as the blame checks see them: besides broadcast openings,
 * shares sent to one king and the check shares of confirms carry degree-t shares when their data
 * names degree t; king shares and values start with their chunk index, part of their slot.
 */
public final class KingLayout implements EnvelopeLayout {
  public static final KingLayout INSTANCE = new KingLayout();

  private KingLayout() {}

  @Override
  public boolean degreeTShares(Envelope e, Envelope first, int threshold) {
    return switch (e.kind()) {
      case OPEN -> BROADCAST.degreeTShares(e, first, threshold);
      case KING_SHARES ->
          e.recipient() == first.recipient() && KingData.degreeOfShares(e) == threshold;
      case KING_CONFIRM ->
          e.recipient() == Envelope.BROADCAST && KingData.degreeOfConfirm(e) == threshold;
      default -> false;
    };
  }

  @Override
  public boolean sameSlot(Envelope a, Envelope b) {
    return switch (a.kind()) {
      case KING_SHARES, KING_VALUES -> KingData.sameChunk(a, b);
      default -> BROADCAST.sameSlot(a, b);
    };
  }
}
