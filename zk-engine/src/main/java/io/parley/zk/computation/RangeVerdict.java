package io.parley.zk.computation;

import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Envelope;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import java.util.List;
import java.util.Optional;

/**
 * The range check's session ({@link io.parley.zk.protocol.RangeCheck}) as a phase: a run that ends
 * with "out of range" aborts the computation with {@link Accusation.InputOutOfRange}, the same at
 * every honest member (they all opened the same combination), and nothing is kept.
 */
final class RangeVerdict implements ProtocolSession<Boolean> {
  private final ProtocolSession<Boolean> check;
  private final int rounds;

  /**
   * @param rounds the check's openings, the step an abort names
   */
  RangeVerdict(ProtocolSession<Boolean> check, int rounds) {
    this.check = check;
    this.rounds = rounds;
  }

  @Override
  public List<Action> start() {
    return check.start();
  }

  @Override
  public List<Action> onMessage(Envelope envelope) {
    return check.onMessage(envelope);
  }

  @Override
  public List<Action> onTimeout(int step) {
    return check.onTimeout(step);
  }

  @Override
  public Optional<Outcome<Boolean>> outcome() {
    return check
        .outcome()
        .map(
            o ->
                o instanceof Outcome.Completed<Boolean> c && !c.value()
                    ? new Outcome.Aborted<>(new Accusation.InputOutOfRange(rounds - 1))
                    : o);
  }

  @Override
  public boolean lingers() {
    return check.lingers();
  }
}
