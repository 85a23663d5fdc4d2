package io.parley.zk.online;

import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Envelope;
import io.parley.zk.sharing.ReedSolomon;

/**
 * Decodes one chunk of an opening from the members' envelopes (index = member): in malicious mode
 * every value's n shares must be a degree-t codeword; in semi-honest mode the first t+1 shares are
 * interpolated. Pure; the session turns failures into blames.
 */
final class ChunkDecoding {
  private ChunkDecoding() {}

  sealed interface Result {}

  /** Decoded values, written into the destination array. */
  record Decoded() implements Result {}

  /** A member sent a different number of values than the member's own envelope holds. */
  record WrongWidth(int member) implements Result {}

  /** The shares of value {@code column} (within the chunk) are not a codeword. */
  record WrongColumn(int column, FieldElement[] shares) implements Result {}

  static Result decode(
      Envelope[] slot,
      int width,
      boolean malicious,
      ReedSolomon decoder,
      FieldElement[] destination,
      int offset) {
    int t = decoder.degree();
    int senders = malicious ? slot.length : t + 1;
    for (int j = 0; j < senders; j++) {
      if (slot[j].values().length != width) {
        return new WrongWidth(j);
      }
    }
    if (!malicious) {
      FieldElement[] column = new FieldElement[t + 1];
      for (int v = 0; v < width; v++) {
        for (int j = 0; j <= t; j++) {
          column[j] = slot[j].values()[v];
        }
        destination[offset + v] = decoder.interpolateZero(column);
      }
      return new Decoded();
    }
    FieldElement[] column = new FieldElement[slot.length];
    for (int v = 0; v < width; v++) {
      for (int j = 0; j < slot.length; j++) {
        column[j] = slot[j].values()[v];
      }
      if (!decoder.isCodeword(column)) {
        return new WrongColumn(v, column.clone());
      }
      destination[offset + v] = decoder.interpolateZero(column);
    }
    return new Decoded();
  }
}
