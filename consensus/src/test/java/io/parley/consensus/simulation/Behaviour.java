package io.parley.consensus.simulation;

/** How a simulated validator treats the protocol. */
enum Behaviour {
  /** Runs the protocol as written. */
  HONEST,
  /** Runs the protocol but never sends anything (nor answers block requests). */
  SILENT,
  /** As proposer sends different blocks to different peers, and votes for both. */
  EQUIVOCATING_PROPOSER,
  /** Sends every vote in two conflicting versions, each to part of the peers. */
  DOUBLE_VOTER
}
