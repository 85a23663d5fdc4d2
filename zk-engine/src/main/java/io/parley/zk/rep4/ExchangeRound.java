package io.parley.zk.rep4;

import java.util.List;
import java.util.Optional;

/**
 * One exchange round of a party: the messages it sends (one to every other party, possibly empty),
 * the exact shape it expects from each, and what it makes of the three messages once they are all
 * there and checked. Pure; the session drives it.
 */
interface ExchangeRound {
  RoundKind kind();

  int round();

  /** The message for party {@code to} (never self). */
  MessageBuilder messageTo(int to);

  /** The segments (id, values?, count) party {@code from} must send. */
  List<Expected> expectedFrom(int from);

  /** True when a message from {@code from} has exactly the shape this round prescribes. */
  default boolean accepts(int from, WireMessage message) {
    return message.forwarded().isEmpty() && shapeMatches(message, kind(), expectedFrom(from));
  }

  /** Ids of the segments party {@code from} sends to party {@code to} in this round. */
  default java.util.Set<Integer> segmentIds(int from, int to) {
    return java.util.Set.of();
  }

  /** Called with the three validated messages (index = sender; null at self). */
  Result complete(Received[] received);

  /**
   * TransferDisclosure for a conflict on one chunk of one transfer; only receiver and third have
   * one.
   */
  default Optional<TransferDisclosure.Content> disclose(int transfer, int chunk) {
    return Optional.empty();
  }

  record Expected(int id, boolean values, int count) {}

  /** A message that passed the shape check, with its signed statement in malicious mode. */
  record Received(WireMessage message, Optional<Statement> statement) {}

  sealed interface Result {
    record Value(Object value) implements Result {}

    record Next(ExchangeRound round) implements Result {}

    /** Sender and backup disagree on a transfer to this party. */
    record Conflict(int transfer, int chunk, Statement sender, Statement backup)
        implements Result {}

    /** One party signed two different contents for one input or key slot. */
    record Equivocation(int accused, Statement first, Statement second) implements Result {}
  }

  /** Checks that a received message has exactly the expected segments. */
  static boolean shapeMatches(WireMessage m, RoundKind kind, List<Expected> expected) {
    if (m.kind() != kind || m.parts().size() != expected.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      WireMessage.Part p = m.parts().get(i);
      Expected e = expected.get(i);
      if (p.id() != e.id() || p.values() != e.values() || p.count() != e.count()) {
        return false;
      }
    }
    return true;
  }
}
