package io.parley.consensus.tendermint;

import io.parley.consensus.messages.ConsensusMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Validated messages that arrived too early (next height, or a round beyond the current window),
 * kept until they become current. Each signer has its own bounded queue, oldest dropped first, so a
 * Byzantine validator can fill only its own; a dropped message comes back on its sender's
 * rebroadcast.
 */
final class FutureMessages {
  /** A buffered message with the peer it came from. */
  record Entry(int from, ConsensusMessage message) {}

  private final int capacityPerSigner;
  private final Map<Integer, ArrayDeque<Entry>> bySigner = new TreeMap<>();

  FutureMessages(int capacityPerSigner) {
    this.capacityPerSigner = capacityPerSigner;
  }

  void add(int signer, int from, ConsensusMessage message) {
    ArrayDeque<Entry> queue = bySigner.computeIfAbsent(signer, s -> new ArrayDeque<>());
    for (Entry entry : queue) {
      if (entry.message().equals(message)) {
        return;
      }
    }
    if (queue.size() == capacityPerSigner) {
      queue.removeFirst();
    }
    queue.addLast(new Entry(from, message));
  }

  /** Removes and returns the messages {@code ready} accepts, dropping those {@code stale} names. */
  List<Entry> drain(Predicate<ConsensusMessage> ready, Predicate<ConsensusMessage> stale) {
    List<Entry> out = new ArrayList<>();
    for (ArrayDeque<Entry> queue : bySigner.values()) {
      Iterator<Entry> it = queue.iterator();
      while (it.hasNext()) {
        Entry entry = it.next();
        if (ready.test(entry.message())) {
          out.add(entry);
          it.remove();
        } else if (stale.test(entry.message())) {
          it.remove();
        }
      }
    }
    return out;
  }

  int size() {
    return bySigner.values().stream().mapToInt(ArrayDeque::size).sum();
  }
}
