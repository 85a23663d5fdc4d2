package io.parley.node.mpc;

import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import java.util.List;

/**
 * The reason a member gives in its abort report (attestation.md section 6) for an attempt that
 * ended without a result: 3 a proven cheat, 5 a dealt input out of its type's range, 6 a dealt
 * input whose sharing is inconsistent, 1 anything else (a timeout, an unresolved step).
 */
final class AbortReason {
  private AbortReason() {}

  static int of(Outcome<?> outcome) {
    if (!(outcome instanceof Outcome.Aborted<?> a)) {
      return 1;
    }
    return switch (a.accusation()) {
      case Accusation.Proven p -> 3;
      case Accusation.InputOutOfRange r -> 5;
      case Accusation.InconsistentInput i -> 6;
      default -> 1;
    };
  }

  /** The seats a timeout waited for; none for any other outcome. */
  static List<Integer> silent(Outcome<?> outcome) {
    return outcome instanceof Outcome.Aborted<?> a && a.accusation() instanceof Accusation.Timeout t
        ? t.silent()
        : List.of();
  }

  /**
   * The seats a report names: those a timeout waited for (reason 1), or those an input's
   * consistency check found odd (reason 6; attestation.md section 6); none for the others.
   */
  static List<Integer> seats(Outcome<?> outcome) {
    if (!(outcome instanceof Outcome.Aborted<?> a)) {
      return List.of();
    }
    return switch (a.accusation()) {
      case Accusation.Timeout t -> t.silent();
      case Accusation.InconsistentInput i -> i.members();
      default -> List.of();
    };
  }
}
