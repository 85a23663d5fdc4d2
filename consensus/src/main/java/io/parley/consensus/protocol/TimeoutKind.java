package io.parley.consensus.protocol;

/** Which timer a timeout event belongs to. */
public enum TimeoutKind {
  /** Time to produce the next block even without transactions (empty-block heartbeat). */
  BLOCK_INTERVAL,
  /** Minimum spacing between blocks, so that transactions batch up. */
  BLOCK_PERIOD,
  /**
   * A BFT round made no progress in time: re-send this validator's own messages of the round
   * (Tendermint assumes eventual delivery; this provides it over a lossy network).
   */
  ROUND,
  /** Tendermint timeoutPropose: no acceptable proposal arrived; prevote nil. */
  PROPOSE,
  /** Tendermint timeoutPrevote: 2f+1 prevotes but no polka; precommit nil. */
  PREVOTE,
  /** Tendermint timeoutPrecommit: 2f+1 precommits but no decision; go to the next round. */
  PRECOMMIT,
  /** A block sync request went unanswered; ask again. */
  SYNC
}
