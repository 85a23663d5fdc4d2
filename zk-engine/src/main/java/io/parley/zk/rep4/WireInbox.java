package io.parley.zk.rep4;

import io.parley.zk.messages.Envelope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Round messages by (round, sender): only the current and the next round are kept (a party may be
 * one round ahead), the first message per slot wins.
 */
final class WireInbox {
  record Slot(Envelope envelope, WireMessage message) {}

  private final Map<Integer, Slot[]> rounds = new HashMap<>();

  void put(int round, int sender, Envelope envelope, WireMessage message) {
    Slot[] slots = rounds.computeIfAbsent(round, r -> new Slot[4]);
    if (slots[sender] == null) {
      slots[sender] = new Slot(envelope, message);
    }
  }

  boolean complete(int round, int self) {
    Slot[] slots = rounds.get(round);
    if (slots == null) {
      return false;
    }
    for (int s = 0; s < 4; s++) {
      if (s != self && slots[s] == null) {
        return false;
      }
    }
    return true;
  }

  Slot slot(int round, int sender) {
    return rounds.get(round)[sender];
  }

  void drop(int round, int sender) {
    rounds.get(round)[sender] = null;
  }

  void forget(int round) {
    rounds.remove(round);
  }

  List<Integer> missing(int round, int self) {
    Slot[] slots = rounds.getOrDefault(round, new Slot[4]);
    List<Integer> out = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      if (s != self && slots[s] == null) {
        out.add(s);
      }
    }
    return out;
  }
}
