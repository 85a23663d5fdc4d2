package io.parley.zk.session;

import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Envelope;
import java.util.List;
import java.util.Optional;

/**
 * A sans-I/O protocol core: the driver feeds it start, envelopes and timeouts, and performs the
 * {@link Action}s it returns. Implementations hold no sockets, threads or clocks.
 */
public interface ProtocolSession<T> {
  List<Action> start();

  List<Action> onMessage(Envelope envelope);

  List<Action> onTimeout(int step);

  Optional<Outcome<T>> outcome();

  /**
   * True when the session, though finished, may still owe messages to other members (evidence for
   * their blame) and should keep receiving its computation's envelopes for a while.
   */
  default boolean lingers() {
    return false;
  }
}
