package io.parley.consensus.protocol;

/** Which timer a timeout event belongs to. */
public enum TimeoutKind {
  /** Time to produce the next block even without transactions (empty-block heartbeat). */
  BLOCK_INTERVAL,
  /** Minimum spacing between blocks, so that transactions batch up. */
  BLOCK_PERIOD,
  /** A BFT round made no progress in time. */
  ROUND
}
