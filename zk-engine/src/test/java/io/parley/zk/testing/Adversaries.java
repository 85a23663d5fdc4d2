package io.parley.zk.testing;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.Signer;
import io.parley.zk.session.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** A library of corrupted members: each rewrites the honest code's outgoing envelopes. */
public final class Adversaries {
  private Adversaries() {}

  private static Envelope resign(Envelope e, FieldElement[] values, PrivateKey key) {
    Envelope changed =
        new Envelope(
            e.computation(),
            e.step(),
            e.sender(),
            e.recipient(),
            e.kind(),
            values,
            e.data(),
            java.util.Optional.empty());
    return Signer.with(key).sign(changed);
  }

  /**
   * Adds delta to value {@code index} of the envelopes of {@code kind} at {@code step} sent to the
   * recipients selected by {@code to}.
   */
  public static Simulation.Adversary offset(
      PrivateKey key, Kind kind, int step, int index, FieldElement delta, IntPredicate to) {
    return offset(key, e -> true, kind, step, index, delta, to);
  }

  /** As {@link #offset}, only in the sessions whose envelopes {@code session} selects. */
  public static Simulation.Adversary offset(
      PrivateKey key,
      java.util.function.Predicate<Envelope> session,
      Kind kind,
      int step,
      int index,
      FieldElement delta,
      IntPredicate to) {
    return (member, actions, sim) -> {
      List<Action> out = new ArrayList<>();
      for (Action a : actions) {
        if (a instanceof Action.Send s
            && session.test(s.envelope())
            && s.envelope().kind() == kind
            && s.envelope().step() == step
            && to.test(s.to())
            && s.envelope().values().length > index) {
          FieldElement[] values = s.envelope().values().clone();
          values[index] = values[index].add(delta);
          out.add(new Action.Send(s.to(), resign(s.envelope(), values, key)));
        } else {
          out.add(a);
        }
      }
      return out;
    };
  }

  /** Sends a wrong share of value {@code index} at {@code step} to everybody. */
  public static Simulation.Adversary wrongShare(PrivateKey key, int step, int index) {
    return offset(key, Kind.OPEN, step, index, FieldElement.of(12345), j -> true);
  }

  /** Sends a wrong share to the recipients with even index only: inconsistent messages. */
  public static Simulation.Adversary inconsistent(PrivateKey key, int step, int index) {
    return offset(key, Kind.OPEN, step, index, FieldElement.of(777), j -> j % 2 == 0);
  }

  /** Stops sending from {@code step} on. */
  public static Simulation.Adversary silentFrom(int step) {
    return (member, actions, sim) ->
        actions.stream()
            .filter(a -> !(a instanceof Action.Send s) || s.envelope().step() < step)
            .toList();
  }

  /** Holds back every envelope from {@code step} on until the honest members' timeouts fired. */
  public static Simulation.Adversary lateFrom(int step) {
    return (member, actions, sim) -> {
      List<Action> out = new ArrayList<>();
      for (Action a : actions) {
        if (a instanceof Action.Send s && s.envelope().step() >= step) {
          sim.deliverLate(s.to(), s.envelope());
        } else {
          out.add(a);
        }
      }
      return out;
    };
  }

  /** Replaces every envelope's signature by the honest-looking signature of another key. */
  public static Simulation.Adversary forgedSignatures(PrivateKey otherKey) {
    return (member, actions, sim) ->
        actions.stream()
            .map(
                a ->
                    a instanceof Action.Send s
                        ? (Action)
                            new Action.Send(
                                s.to(), resign(s.envelope(), s.envelope().values(), otherKey))
                        : a)
            .toList();
  }

  /** Rewrites the envelopes selected by {@code which} (by recipient) and re-signs them. */
  public static Simulation.Adversary rewrite(
      PrivateKey key,
      java.util.function.BiPredicate<Integer, Envelope> which,
      java.util.function.UnaryOperator<Envelope> change) {
    return (member, actions, sim) -> {
      List<Action> out = new ArrayList<>();
      for (Action a : actions) {
        if (a instanceof Action.Send s && which.test(s.to(), s.envelope())) {
          Envelope changed = change.apply(s.envelope());
          Envelope unsigned =
              new Envelope(
                  changed.computation(),
                  changed.step(),
                  changed.sender(),
                  changed.recipient(),
                  changed.kind(),
                  changed.values(),
                  changed.data(),
                  java.util.Optional.empty());
          out.add(new Action.Send(s.to(), Signer.with(key).sign(unsigned)));
        } else {
          out.add(a);
        }
      }
      return out;
    };
  }

  /** Never deviates. */
  public static Simulation.Adversary honest() {
    return (member, actions, sim) -> actions;
  }

  static boolean isOpen(Envelope e) {
    return e.kind() == Kind.OPEN;
  }
}
