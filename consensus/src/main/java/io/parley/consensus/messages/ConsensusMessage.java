package io.parley.consensus.messages;

/**
 * A message validators exchange while agreeing on one block per height (Tendermint: PROPOSAL,
 * PREVOTE, PRECOMMIT, plus the decision of a height for validators that fell behind). Proposals and
 * votes name the validator that signed them; the transport sender may differ (a relayed message).
 * Bytes: docs/spec/consensus-messages.md, encoded and decoded by {@link MessageCodec}.
 */
public sealed interface ConsensusMessage permits Proposal, Vote, CommitDecision {
  /** The height the message is about. */
  long height();

  /** The round the message is about (for a decision: the round it was committed in). */
  long round();
}
