package io.parley.node.consensus;

import io.parley.consensus.protocol.ConsensusAction;

/**
 * The height being decided and the round within it, as seen from the actions a protocol asks the
 * host to perform: the timers of a round, a build request and a commit. The protocol core stays
 * unaware of it. Heights and rounds only grow, so a position never moves back: a re-sent or late
 * action of an older round leaves it where it is.
 *
 * @param height the height being decided (head + 1 once the head is committed)
 * @param round the round at that height
 */
public record ConsensusPosition(long height, long round) {

  /** The position after {@code action}: this one unless the action names a later one. */
  public ConsensusPosition after(ConsensusAction action) {
    return switch (action) {
      case ConsensusAction.ScheduleTimeout t when isRoundTimer(t) -> max(t.height(), t.round());
      case ConsensusAction.BuildBlock b -> max(b.height(), b.round());
      case ConsensusAction.CommitBlock c -> max(c.block().height() + 1, 0);
      default -> this;
    };
  }

  /**
   * Timers that belong to a round. The block-spacing timers of a single validator name the height
   * after the next, and a sync timer counts attempts, not rounds.
   */
  private static boolean isRoundTimer(ConsensusAction.ScheduleTimeout t) {
    return switch (t.kind()) {
      case ROUND, PROPOSE, PREVOTE, PRECOMMIT -> true;
      case BLOCK_INTERVAL, BLOCK_PERIOD, SYNC -> false;
    };
  }

  private ConsensusPosition max(long otherHeight, long otherRound) {
    if (otherHeight > height || (otherHeight == height && otherRound > round)) {
      return new ConsensusPosition(otherHeight, otherRound);
    }
    return this;
  }
}
