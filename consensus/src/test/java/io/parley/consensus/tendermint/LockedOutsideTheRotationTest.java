package io.parley.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.block.BlockHeader;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import io.parley.consensus.protocol.ConsensusAction;
import io.parley.consensus.protocol.ConsensusEvent.TimeoutExpired;
import io.parley.consensus.protocol.TimeoutKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * ADR 0046, "Later rounds": the only validator that saw a polka is out of the proposer rotation.
 * Validator 3 (X) was slow for a while: its precommits never arrived, so the certificates lack it
 * and it left the rotation. Then the round-0 proposer D sends its proposal to X and to one other
 * validator, its prevote to X alone, and crashes. X sees 2f+1 prevotes and locks; the others saw no
 * polka. With D down every block needs X's prevote, and X gives it only to its locked block, which
 * only X can propose (with its polka certificate). Under a schedule that never gives X a turn the
 * height never ends; from round m on every validator proposes, so it does.
 */
class LockedOutsideTheRotationTest {
  private static final int X = 3;

  @Test
  void theLockedValidatorProposesItsBlockFromRoundM() {
    Cluster cluster = new Cluster(4); // a height starts when the test fires its block period
    cluster.startAll();
    Predicate<Cluster.Envelope> withoutXsPrecommits =
        e -> !(e.from() == X && e.message() instanceof Vote v && v.type() == VoteType.PRECOMMIT);
    ProposerReputation schedule = schedule(cluster);
    for (int i = 0; i < 20 && schedule.candidates().contains(X); i++) {
      settle(cluster, withoutXsPrecommits);
      fire(cluster, EnumSet.of(TimeoutKind.BLOCK_INTERVAL, TimeoutKind.BLOCK_PERIOD));
      settle(cluster, withoutXsPrecommits);
      schedule = schedule(cluster);
    }
    assertThat(schedule.candidates()).as("X left the rotation").containsExactly(0, 1, 2);
    long height = cluster.head(0).height() + 1;
    assertThat(IntStream.range(0, 4).mapToLong(i -> cluster.head(i).height()))
        .as("every validator at the same head")
        .containsOnly(height - 1);

    int d = schedule.proposer(height, 0).getAsInt();
    int[] others = IntStream.range(0, 3).filter(i -> i != d).toArray();
    int a = others[0];
    int b = others[1];
    fire(cluster, EnumSet.of(TimeoutKind.BLOCK_INTERVAL, TimeoutKind.BLOCK_PERIOD));
    Proposal proposal =
        cluster.inFlight.stream()
            .filter(e -> e.from() == d && e.message() instanceof Proposal)
            .map(e -> (Proposal) e.message())
            .findFirst()
            .orElseThrow();
    assertThat(proposal.height()).isEqualTo(height);
    // D's last moments: its proposal reaches X and a, its prevote X alone.
    cluster.inFlight.removeIf(
        e ->
            e.from() == d
                && !(e.message() instanceof Proposal && (e.to() == X || e.to() == a))
                && !(e.message() instanceof Vote v && v.type() == VoteType.PREVOTE && e.to() == X));
    assertThat(cluster.inFlight)
        .anyMatch(e -> e.from() == d && e.to() == X && e.message() instanceof Vote);
    cluster.down = Set.of(d);
    settle(cluster, e -> true);
    fire(cluster, EnumSet.of(TimeoutKind.PROPOSE));
    settle(cluster, e -> true);
    fire(cluster, EnumSet.of(TimeoutKind.PREVOTE));
    settle(cluster, e -> true);
    Bytes32 locked = proposal.block().hash();
    assertThat(precommit(cluster, X, height)).as("X locked").hasValue(locked);
    assertThat(precommit(cluster, a, height)).as("a saw no polka").isEmpty();
    assertThat(precommit(cluster, b, height)).as("b saw no proposal").isEmpty();

    for (int i = 0; i < 40 && cluster.head(a).height() < height; i++) {
      fire(cluster, EnumSet.allOf(TimeoutKind.class));
      settle(cluster, e -> true);
    }
    for (int node : new int[] {a, b, X}) {
      assertThat(cluster.head(node).height()).as("validator %d's head", node).isEqualTo(height);
      CertifiedBlock last = cluster.committed.get(node).getLast();
      assertThat(last.block().hash()).as("the locked block").isEqualTo(locked);
      assertThat(last.certificate().round())
          .as("decided from round m on")
          .isGreaterThanOrEqualTo(3);
    }
  }

  /**
   * The schedule for the next height, from validator 0's committed headers as the spec reads it.
   */
  private static ProposerReputation schedule(Cluster cluster) {
    List<BlockHeader> headers = new ArrayList<>();
    headers.add(cluster.chain.genesis);
    cluster.committed.get(0).forEach(c -> headers.add(c.block().header()));
    ProposerReputation reputation = new ProposerReputation(4, 1);
    int from = Math.max(0, headers.size() - ProposerReputation.HISTORY);
    reputation.reset(headers.subList(from, headers.size()));
    return reputation;
  }

  /** Delivers what is in flight and what it triggers, dropping what {@code keep} refuses. */
  private static void settle(Cluster cluster, Predicate<Cluster.Envelope> keep) {
    for (int i = 0; i < 50; i++) {
      cluster.inFlight.removeIf(keep.negate());
      if (cluster.inFlight.isEmpty()) {
        return;
      }
      cluster.deliver();
    }
    throw new AssertionError("messages still in flight after 50 delays");
  }

  /** Fires the timers of the given kinds that up validators have set (stale ones are ignored). */
  private static void fire(Cluster cluster, Set<TimeoutKind> kinds) {
    for (int node = 0; node < cluster.nodes.size(); node++) {
      if (cluster.down.contains(node)) {
        continue;
      }
      List<ConsensusAction.ScheduleTimeout> due = new ArrayList<>();
      cluster
          .actions
          .get(node)
          .removeIf(
              action -> {
                if (action instanceof ConsensusAction.ScheduleTimeout t
                    && kinds.contains(t.kind())) {
                  due.add(t);
                  return true;
                }
                return false;
              });
      for (ConsensusAction.ScheduleTimeout t : due) {
        cluster.handle(node, new TimeoutExpired(t.height(), t.round(), t.kind()));
      }
    }
  }

  /** The round-0 precommit validator {@code node} signed at {@code height}. */
  private static Optional<Bytes32> precommit(Cluster cluster, int node, long height) {
    for (ConsensusMessage m : cluster.persisted.get(node)) {
      if (m instanceof Vote v
          && v.type() == VoteType.PRECOMMIT
          && v.height() == height
          && v.round() == 0
          && v.validatorIndex() == node) {
        return v.blockHash();
      }
    }
    throw new AssertionError("validator " + node + " has not precommitted at height " + height);
  }
}
