package io.parley.node.consensus;

/**
 * What the {@link ConsensusDriver} reports as it performs the protocol's actions, for the node's
 * metrics. Called on the consensus thread: implementations must be quick and must not block.
 */
public interface ConsensusObserver {
  /** Reports nothing. */
  ConsensusObserver NONE = new ConsensusObserver() {};

  /** Consensus is now deciding {@code height}, in {@code round} (always 0 for one validator). */
  default void positionChanged(ConsensusPosition position) {}

  /**
   * A block was committed: {@code commitNanos} covers its execution when it had not been executed
   * before, the write (synced behind the head, ADR 0049) and the mempool clean-up.
   */
  default void blockCommitted(long height, int transactions, long commitNanos) {}
}
