package io.parley.zk.computation;

import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Envelope;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import io.parley.zk.testing.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Drives every member's computation through the door in lockstep, one seeded {@link Simulation} per
 * phase (deliveries reordered, timeouts when the network is quiet), as the chain's MPC nodes will
 * drive theirs over the network.
 */
final class CommitteeRuns {
  private CommitteeRuns() {}

  static List<Outcome<ComputationResult>> run(List<MemberComputation> members, long seed) {
    return run(members, seed, Map.of(), phase -> null);
  }

  /**
   * @param corrupt adversaries rewriting the listed members' outgoing actions in every phase
   * @param rebuild when phase k (0-based) is about to run (every member has asked for it, so the
   *     phases before it are kept), members for which it returns a computation are replaced by it,
   *     as a member restarted at that point is; null for none
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static List<Outcome<ComputationResult>> run(
      List<MemberComputation> members,
      long seed,
      Map<Integer, Simulation.Adversary> corrupt,
      IntFunction<Map<Integer, MemberComputation>> rebuild) {
    List<MemberComputation> current = new ArrayList<>(members);
    for (int phase = 0; ; phase++) {
      List<Optional<Phase>> phases =
          new ArrayList<>(current.stream().map(MemberComputation::next).toList());
      Map<Integer, MemberComputation> replaced = rebuild.apply(phase);
      if (replaced != null) {
        replaced.forEach(
            (i, fresh) -> {
              current.set(i, fresh);
              phases.set(i, fresh.next());
            });
      }
      if (phases.stream().allMatch(Optional::isEmpty)) {
        return current.stream().map(c -> c.outcome().orElseThrow()).toList();
      }
      List<ProtocolSession<?>> sessions = new ArrayList<>();
      for (Optional<Phase> p : phases) {
        sessions.add(p.isPresent() ? p.get().session() : new Ended());
      }
      new Simulation<>((List) sessions, corrupt, seed + phase).run();
    }
  }

  /** A member that has already ended: silent. */
  private static final class Ended implements ProtocolSession<Void> {
    @Override
    public List<Action> start() {
      return List.of();
    }

    @Override
    public List<Action> onMessage(Envelope envelope) {
      return List.of();
    }

    @Override
    public List<Action> onTimeout(int step) {
      return List.of();
    }

    @Override
    public Optional<Outcome<Void>> outcome() {
      return Optional.of(new Outcome.Aborted<>(new Accusation.Unresolved(-1, "ended")));
    }
  }
}
