package io.parley.zk.testing;

import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Envelope;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import java.util.List;
import java.util.Optional;

/** Records every envelope a (corrupt) member receives. */
public final class RecordingSession<T> implements ProtocolSession<T> {
  private final ProtocolSession<T> inner;
  private final List<Envelope> seen;

  public RecordingSession(ProtocolSession<T> inner, List<Envelope> seen) {
    this.inner = inner;
    this.seen = seen;
  }

  @Override
  public List<Action> start() {
    return inner.start();
  }

  @Override
  public List<Action> onMessage(Envelope envelope) {
    seen.add(envelope);
    return inner.onMessage(envelope);
  }

  @Override
  public List<Action> onTimeout(int step) {
    return inner.onTimeout(step);
  }

  @Override
  public Optional<Outcome<T>> outcome() {
    return inner.outcome();
  }
}
